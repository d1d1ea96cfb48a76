"""What the NMF must tell whom about capacity trades (BMR-34, BMR-35), checked from each inbox."""

from datetime import datetime, timedelta
from decimal import Decimal

from conformance.checks import expect_amount, expect_count, expect_equal
from conformance.failures import ConformanceFailure
from conformance.world.capacity_trading import trade
from conformance.world.inspection import about, inbox, of_type
from conformance.world.market import Json, MarketWorld, SiteRecord
from conformance.world.notices import recipients_of
from conformance.world.periods import period_starts

GATE_CLOSURE = timedelta(minutes=60)


def trade_notices(market: MarketWorld, label: str, actor: str) -> list[Json]:
    """The CapacityTradeNotices an actor got about one trade, oldest first."""
    return about(of_type(inbox(market, actor), "CapacityTradeNotice"), trade(market, label)["tradeId"])


def expected_changes(current: Json, event: str) -> list[tuple[str, str, Decimal]]:
    """(mpan, period start, change) an event brings: the seller loses what the buyer gains (BMR-34)."""
    if event in {"PROPOSED", "REJECTED"}:
        return []
    kva = Decimal(current["transferKva"] if event == "CONDITIONAL" else current["approvedKva"])
    start = current["revokedFrom"] if event == "REVOKED" else current["window"]["start"]
    sign = -1 if event == "REVOKED" else 1
    periods = list(period_starts(start, current["window"]["end"]))
    return [(current["sellerMpan"], p, -sign * kva) for p in periods] + [
        (current["buyerMpan"], p, sign * kva) for p in periods
    ]


def check_events(market: MarketWorld, label: str, actor: str, events: list[str], mpans: set[str] | None) -> list[Json]:
    """An actor was told exactly these events of a trade, each with the changes it brings to `mpans` (all if None)."""
    notices = trade_notices(market, label, actor)
    expect_equal(
        [n["payload"]["event"] for n in notices],
        events,
        rule="BMR-34",
        message="CapacityTradeNotice",
        field="/payload/event",
        detail=f"the events of capacity trade {label} told to the {actor}",
    )
    current = trade(market, label)
    for index, notice in enumerate(notices):
        event = notice["payload"]["event"]
        wanted = [c for c in expected_changes(current, event) if mpans is None or c[0] in mpans]
        told = [
            (c["mpan"], c["periodStart"], Decimal(c["changeKva"]))
            for c in notice["payload"]["changes"]
            if mpans is None or c["mpan"] in mpans
        ]
        expect_equal(
            sorted(told),
            sorted(wanted),
            rule="BMR-34",
            message="CapacityTradeNotice",
            field=f"/payload/changes (notice {index})",
            detail=f"the capacity changes of the {event} event of {label} told to the {actor}",
        )
    return notices


def served(market: MarketWorld, label: str, actor: str) -> set[str]:
    """The MPANs of a trade whose supplier, BRP or trader the actor is."""
    current = trade(market, label)
    sites: list[SiteRecord] = [
        s for s in market.sites.values() if s.mpan in {current["sellerMpan"], current["buyerMpan"]}
    ]
    return {s.mpan for s in sites if actor in recipients_of(s).values()}


def check_told_before_gate_closure(
    notice: Json, label: str, actor: str, window_start: str, *, rule: str = "BMR-34"
) -> None:
    """A notice reached the actor strictly before Gate Closure of the window's first period (under `rule`)."""
    told = datetime.fromisoformat(notice["createdAt"])
    gate = datetime.fromisoformat(window_start) - GATE_CLOSURE
    if told >= gate:
        raise ConformanceFailure(
            rule=rule,
            message=notice["messageType"],
            field="/createdAt",
            detail=f"the {actor} was told of {label} at or after Gate Closure of its first period",
            expected=f"before {gate.isoformat()}",
            actual=notice["createdAt"],
        )


def check_breaches(market: MarketWorld, label: str, actor: str, site: str, expected: list[Json]) -> None:
    """An actor got exactly one CapacityBreach per expected row, with its figures (BMR-35)."""
    mpan = market.site(site).mpan
    notices = [
        n
        for n in about(of_type(inbox(market, actor), "CapacityBreach"), trade(market, label)["tradeId"])
        if n["payload"]["mpan"] == mpan
    ]
    expect_count(
        notices,
        len(expected),
        rule="BMR-35",
        message="CapacityBreach",
        counted=f"CapacityBreach of {site} to the {actor}",
    )
    for index, (notice, row) in enumerate(zip(notices, expected, strict=True)):
        payload = notice["payload"]
        expect_equal(
            payload["periodStart"],
            row["period start"],
            rule="BMR-35",
            message="CapacityBreach",
            field=f"/payload/periodStart ({index})",
            detail=f"the period in breach told to the {actor}",
        )
        for column, field in (("metered kW", "meteredKw"), ("limit kW", "limitKw"), ("excess kW", "excessKw")):
            expect_amount(
                payload[field],
                row[column],
                rule="BMR-35",
                message="CapacityBreach",
                field=f"/payload/{field} ({index})",
                detail=f"{column} of {site} in {row['period start']} told to the {actor}",
            )
