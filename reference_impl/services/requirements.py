"""FlexibilityRequirement (BMR-06; STOR, BMR-23) and who sees it."""

import uuid
from decimal import Decimal
from typing import Any

from reference_impl import repository, resources
from reference_impl.entities import Requirement
from reference_impl.params import ARMING_NOTICE, PRICE_CAP_GBP_PER_MWH
from reference_impl.problems import conflict, invalid, not_found
from reference_impl.services import fields as f
from reference_impl.services import lookup, stor
from reference_impl.services.context import Context
from reference_impl.settlement_periods import require_window

_SERVICES = tuple(ARMING_NOTICE)
_P = "/payload"


def post_requirement(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /requirements: the zone's DSO (its ESO for STOR) buys flexibility for a window."""
    zone = lookup.zone(ctx.conn, f.text(payload, "zoneId", _P))
    service = f.one_of(payload, "service", _SERVICES, _P)
    stor.check_buyer(zone, service, ctx.actor.id)
    asset = f.text(payload, "criticalAsset", _P)
    if asset not in zone.critical_assets:
        raise invalid("not one of the zone's critical assets", pointer=f"{_P}/criticalAsset", rule="BMR-06")
    window = f.obj(payload.get("window"), f"{_P}/window")
    start = f.instant(window, "start", f"{_P}/window", "BMR-01")
    end = f.instant(window, "end", f"{_P}/window", "BMR-01")
    require_window(start, end, f"{_P}/window")
    capacity = f.positive_quantity(payload, "capacityKw", _P)
    stor.check_requirement(service, start, end, capacity)
    deadline = f.instant(payload, "armingDeadline", _P)
    ceiling = f.obj(payload.get("priceCeiling"), f"{_P}/priceCeiling")
    utilisation = f.money(ceiling, "utilisationGbpPerMwh", f"{_P}/priceCeiling")
    availability = f.money(ceiling, "availabilityGbpPerMwPerH", f"{_P}/priceCeiling")
    if deadline > start - ARMING_NOTICE[service]:
        minutes = int(ARMING_NOTICE[service].total_seconds() // 60)
        raise invalid(
            f"the arming deadline must be at least {minutes} minutes before the window starts",
            pointer=f"{_P}/armingDeadline",
            rule="BMR-06",
        )
    cap = PRICE_CAP_GBP_PER_MWH[service]
    if utilisation > cap:
        raise invalid(
            f"the utilisation price ceiling exceeds the {service} cap of {cap} GBP/MWh",
            pointer=f"{_P}/priceCeiling/utilisationGbpPerMwh",
            rule="BMR-06",
        )
    if start <= ctx.now:
        raise conflict("the window must start in the future", rule="BMR-06", pointer=f"{_P}/window/start")
    if deadline <= ctx.now:
        raise conflict("the arming deadline must be in the future", rule="BMR-06", pointer=f"{_P}/armingDeadline")
    req = Requirement(
        id=str(uuid.uuid4()),
        buyer_id=ctx.actor.id,
        clock_id=ctx.clock,
        zone_id=zone.id,
        critical_asset=asset,
        service=service,
        window_start=start,
        window_end=end,
        capacity_kw=capacity,
        accepted_kw=Decimal(0),
        arming_deadline=deadline,
        utilisation_ceiling=utilisation,
        availability_ceiling=availability,
        created_at=ctx.now,
    )
    repository.insert(ctx.conn, "requirements", req)
    body = resources.requirement(req)
    ctx.notify(lookup.sellers_for(ctx.conn, zone.id), "RequirementPublished", req.id, {"requirement": body})
    return 201, body


def read_requirement(ctx: Context, requirement_id: str) -> dict[str, Any]:
    """GET /requirements/{id}: the buyer and the owners and aggregators of sites in the zone."""
    req = repository.requirement(ctx.conn, requirement_id)
    if req is None or not lookup.can_see_requirement(ctx.conn, ctx.actor, req):
        raise not_found(f"no requirement {requirement_id}")
    return resources.requirement(req)
