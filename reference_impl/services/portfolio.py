"""Wholesale portfolio optimisation (UC7, UC8): a trader reports actions on its own portfolio's flexibility.

BMR-38 what an action is, BMR-39 MIC and MEC, BMR-40 when it is reported, BMR-41 what the DNO and
DSO see, BMR-42 the notices to suppliers, BRPs and owners, BMR-43 its effect on the position.
"""

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from reference_impl import repository
from reference_impl.clock import REAL_CLOCK, require_same_clock
from reference_impl.entities import Site
from reference_impl.instants import format_instant
from reference_impl.money import format_money, format_quantity, format_volume
from reference_impl.mpan import mpan_error
from reference_impl.params import ACTION_REPORT, REDUCE_DEMAND, SETTLEMENT_PERIOD_HOURS
from reference_impl.problems import forbidden, invalid
from reference_impl.services import fields as f
from reference_impl.services import portfolio_store
from reference_impl.services.baselines import Baseline, declared_baseline
from reference_impl.services.connection_limits import Breach, breach_of
from reference_impl.services.context import Context
from reference_impl.settlement_periods import after_gate_closure, periods, require_period_start, require_window

_P = "/payload"
DIRECTIONS = frozenset({REDUCE_DEMAND, "INCREASE_DEMAND"})


def sign_of(direction: str) -> Decimal:
    """+1 when the action lengthens the trader's position (less demand), -1 when it shortens it."""
    return Decimal(1) if direction == REDUCE_DEMAND else Decimal(-1)


def report_timing(reported_at: datetime, start: datetime) -> str:
    """BMR-40: BEFORE strictly before the start, PROMPT up to 15 minutes after it (inclusive), else LATE."""
    if reported_at < start:
        return "BEFORE"
    return "PROMPT" if reported_at - start <= ACTION_REPORT else "LATE"


def _portfolio_sites(
    ctx: Context, payload: dict[str, Any], window: list[datetime]
) -> list[tuple[Site, dict[str, Any], Baseline]]:
    """Each site of the action, registered, in the trader's portfolio and named once (BMR-02, BMR-38)."""
    found: list[tuple[Site, dict[str, Any], Baseline]] = []
    for index, raw in enumerate(f.items(payload, "sites", _P)):
        base = f"{_P}/sites/{index}"
        entry = f.obj(raw, base)
        mpan = f.text(entry, "mpan", base)
        problem = mpan_error(mpan)
        site = None if problem else repository.site(ctx.conn, mpan)
        if site is None:
            raise invalid(problem or "no site is registered with this MPAN", pointer=f"{base}/mpan", rule="BMR-02")
        if site.trader_id != ctx.actor.id:
            raise forbidden("the site is not in the trader's portfolio", rule="BMR-38")
        owner = repository.actor(ctx.conn, site.owner_id)
        require_same_clock(ctx.clock, (owner.test_clock_id if owner else None) or REAL_CLOCK, f"site {mpan}")
        f.positive_quantity(entry, "capacityKw", base)
        baseline = declared_baseline(entry, base, window, "BMR-38")
        if any(site.mpan == seen.mpan for seen, _, _ in found):
            raise invalid("a site appears once per action", pointer=f"{base}/mpan", rule="BMR-38")
        found.append((site, entry, baseline))
    return found


def _market_periods(payload: dict[str, Any], window: list[datetime]) -> dict[datetime, dict[str, Any]]:
    """The trader's position and prices for every period of the window, each exactly once (BMR-38)."""
    declared: dict[datetime, dict[str, Any]] = {}
    for index, raw in enumerate(f.items(payload, "periods", _P)):
        base = f"{_P}/periods/{index}"
        entry = f.obj(raw, base)
        start = f.instant(entry, "periodStart", base, "BMR-01")
        require_period_start(start, f"{base}/periodStart")
        if start in declared or start not in window:
            raise invalid("each period of the window is declared once", pointer=f"{base}/periodStart", rule="BMR-38")
        f.money(entry, "wholesaleGbpPerMwh", base)
        f.money(entry, "imbalanceGbpPerMwh", base)
        declared[start] = entry
    if len(declared) != len(window):
        raise invalid("every period of the window is declared", pointer=f"{_P}/periods", rule="BMR-38")
    return declared


def _breaches(
    sites: list[tuple[Site, dict[str, Any], Baseline]], window: list[datetime], sign: Decimal
) -> list[Breach]:
    """BMR-39: per MPAN and period, the declared baseline plus the action's change against MIC and MEC."""
    found: list[Breach] = []
    for site, entry, baseline in sites:
        delta = -sign * Decimal(entry["capacityKw"])
        for start in window:
            if (breach := breach_of(site, start, baseline[format_instant(start)] + delta)) is not None:
                found.append(breach)
    return found


def _breach_json(breach: Breach) -> dict[str, Any]:
    return {
        "mpan": breach.mpan,
        "periodStart": format_instant(breach.period_start),
        "limit": breach.limit,
        "limitKva": format_quantity(breach.limit_kva),
        "netKw": format_quantity(breach.net_kw),
    }


def _position(reported_at: datetime, start: datetime, entry: dict[str, Any], change_kwh: Decimal) -> dict[str, Any]:
    """BMR-43: the change to the position in one period, priced at wholesale before Gate Closure, else imbalance."""
    after = after_gate_closure(reported_at, start)
    price = Decimal(entry["imbalanceGbpPerMwh"] if after else entry["wholesaleGbpPerMwh"])
    before = Decimal(entry["positionKwh"])
    return {
        "periodStart": format_instant(start),
        "afterGateClosure": after,
        "changeKwh": format_quantity(change_kwh),
        "priceGbpPerMwh": format_money(price),
        "cashflowGbp": format_money(change_kwh / 1000 * price),
        "positionBeforeKwh": format_quantity(before),
        "positionAfterKwh": format_quantity(before + change_kwh),
    }


def report(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /portfolio-actions."""
    direction = f.one_of(payload, "direction", DIRECTIONS, _P)
    start, end = f.instant(payload, "start", _P, "BMR-01"), f.instant(payload, "end", _P, "BMR-01")
    require_window(start, end, _P)
    window = periods(start, end)
    price = f.money(payload, "utilisationGbpPerMwh", _P)
    sites = _portfolio_sites(ctx, payload, window)
    market = _market_periods(payload, window)
    sign = sign_of(direction)
    timing = report_timing(ctx.now, start)
    breaches = _breaches(sites, window, sign)
    if breaches and timing == "BEFORE":
        first = breaches[0]
        raise invalid(
            f"the action would take MPAN {first.mpan} past its {first.limit} in the period "
            f"{format_instant(first.period_start)}",
            pointer=f"{_P}/sites",
            rule="BMR-39",
        )
    total_kw = sum((Decimal(entry["capacityKw"]) for _, entry, _ in sites), Decimal(0))
    change_kwh = sign * total_kw * SETTLEMENT_PERIOD_HOURS
    document: dict[str, Any] = {
        "actionId": str(uuid.uuid4()),
        "traderId": ctx.actor.id,
        "direction": direction,
        "start": format_instant(start),
        "end": format_instant(end),
        "reportedAt": format_instant(ctx.now),
        "reportTiming": timing,
        "utilisationGbpPerMwh": format_money(price),
        "sites": [entry for _, entry, _ in sites],
        "periods": [_position(ctx.now, p, market[p], change_kwh) for p in window],
        "limitBreaches": [_breach_json(b) for b in breaches],
    }
    portfolio_store.insert(ctx.conn, document, ctx.clock)
    _notify(ctx, document, [(site, entry) for site, entry, _ in sites], window)
    return 201, document


def _notify(
    ctx: Context, document: dict[str, Any], sites: list[tuple[Site, dict[str, Any]]], window: list[datetime]
) -> None:
    """BMR-41 the DNO and DSO of each zone touched; BMR-42 each owner, supplier and BRP."""
    by_zone: dict[str, list[tuple[Site, dict[str, Any]]]] = defaultdict(list)
    for site, entry in sites:
        by_zone[site.zone_id].append((site, entry))
    for zone_id, zone_sites in by_zone.items():
        zone = repository.zone(ctx.conn, zone_id)
        if zone is None:  # sites always name a registered zone; kept for type narrowing
            continue
        ctx.notify(
            [zone.dno_id, zone.dso_id],
            "PortfolioActionReported",
            document["actionId"],
            _view(document, zone_id, zone_sites),
        )
        for owner in dict.fromkeys(site.owner_id for site, _ in zone_sites):
            owned = [(site, entry) for site, entry in zone_sites if site.owner_id == owner]
            ctx.notify([owner], "PortfolioActionReported", document["actionId"], _view(document, zone_id, owned))
    for site, entry in sites:
        volume = format_volume(Decimal(entry["capacityKw"]) * SETTLEMENT_PERIOD_HOURS)
        volume_periods = [
            {"periodStart": format_instant(p), "volumeKwh": volume, "afterGateClosure": after_gate_closure(ctx.now, p)}
            for p in window
        ]
        for capacity, recipient in (("SUPPLIER", site.supplier_id), ("BRP", site.brp_id)):
            payload = {
                "transactionId": document["actionId"],
                "dispatchId": document["actionId"],
                "mpan": site.mpan,
                "capacity": capacity,
                "status": "INSTRUCTED",
                "direction": document["direction"],
                "periods": volume_periods,
            }
            ctx.notify([recipient], "VolumeNotice", document["actionId"], payload)


def _view(document: dict[str, Any], zone_id: str, sites: list[tuple[Site, dict[str, Any]]]) -> dict[str, Any]:
    """The action as told about some of its sites in one zone: those sites and their breaches only."""
    mpans = {site.mpan for site, _ in sites}
    keys = ("actionId", "traderId", "direction", "start", "end", "reportedAt", "reportTiming")
    return {
        **{key: document[key] for key in keys},
        "zoneId": zone_id,
        "sites": [{"mpan": entry["mpan"], "capacityKw": entry["capacityKw"]} for _, entry in sites],
        "limitBreaches": [b for b in document["limitBreaches"] if b["mpan"] in mpans],
    }
