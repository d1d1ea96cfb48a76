"""FlexibilityOffer (BMR-07): sites in the zone, offered by who may sell them, with baselines."""

import uuid
from decimal import Decimal
from typing import Any

from reference_impl import repository, resources
from reference_impl.clock import REAL_CLOCK, require_same_clock
from reference_impl.entities import Offer, Requirement
from reference_impl.problems import conflict, forbidden, invalid
from reference_impl.services import fields as f
from reference_impl.services import lookup, stor
from reference_impl.services.baselines import declared_baseline
from reference_impl.services.context import Context
from reference_impl.settlement_periods import periods

_P = "/payload"


def _check_site(ctx: Context, req: Requirement, site_data: dict[str, Any], base: str) -> Decimal:
    mpan = f.text(site_data, "mpan", base)
    site = lookup.site(ctx.conn, mpan, f"{base}/mpan")
    if site.zone_id != req.zone_id:
        raise invalid("the site is not in the requirement's zone", pointer=f"{base}/mpan", rule="BMR-07")
    seller = site.aggregator_id or site.owner_id
    if seller != ctx.actor.id:
        who = "its aggregator" if site.aggregator_id else "its owner"
        raise forbidden(f"site {mpan} is offered only by {who}", rule="BMR-07")
    owner = repository.actor(ctx.conn, site.owner_id)
    require_same_clock(ctx.clock, (owner.test_clock_id if owner else None) or REAL_CLOCK, f"site {mpan}")
    capacity = f.positive_quantity(site_data, "capacityKw", base, rule="BMR-07")
    declared_baseline(site_data, base, periods(req.window_start, req.window_end), "BMR-07")
    return capacity


def post_offer(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /offers: answer an open requirement before its arming deadline."""
    req = lookup.requirement(ctx.conn, f.text(payload, "requirementId", _P))
    require_same_clock(ctx.clock, req.clock_id, "the requirement")
    if req.buyer_id == ctx.actor.id:
        raise forbidden("a buyer is never its own seller", rule="BMR-22")
    sites = f.items(payload, "sites", _P)
    seen: set[str] = set()
    offered = Decimal(0)
    for index, raw in enumerate(sites):
        base = f"{_P}/sites/{index}"
        site_data = f.obj(raw, base)
        offered += _check_site(ctx, req, site_data, base)
        if site_data["mpan"] in seen:
            raise invalid("a site appears once in an offer", pointer=f"{base}/mpan", rule="BMR-07")
        seen.add(site_data["mpan"])
    stor.check_offer(req.service, offered)
    utilisation = f.money(payload, "utilisationGbpPerMwh", _P)
    availability = f.money(payload, "availabilityGbpPerMwPerH", _P)
    if utilisation > req.utilisation_ceiling:
        raise invalid(
            "above the requirement's utilisation ceiling", pointer=f"{_P}/utilisationGbpPerMwh", rule="BMR-07"
        )
    if availability > req.availability_ceiling:
        raise invalid(
            "above the requirement's availability ceiling",
            pointer=f"{_P}/availabilityGbpPerMwPerH",
            rule="BMR-07",
        )
    if ctx.now >= req.arming_deadline:
        raise conflict("the requirement's arming deadline has passed", rule="BMR-07")
    offer = Offer(
        id=str(uuid.uuid4()),
        requirement_id=req.id,
        seller_id=ctx.actor.id,
        sites=sites,
        offered_kw=offered,
        utilisation_price=utilisation,
        availability_price=availability,
        status="SUBMITTED",
        created_at=ctx.now,
    )
    repository.insert(ctx.conn, "offers", offer)
    body = resources.offer(offer)
    ctx.notify([req.buyer_id], "OfferReceived", req.id, {"offer": body})
    return 201, body
