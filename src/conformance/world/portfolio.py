"""Wholesale portfolio optimisation (UC7, UC8): the trader's actions, as sent and as the NMF recorded them.

One set of logic for both directions: a demand reduction (UC7) and a demand increase (UC8) differ
only in the `direction` they send and in the sign of their effect on the trader's position.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from conformance.checks import expect_amount, expect_count, expect_equal
from conformance.exchange import Exchange, expect_success
from conformance.world.inspection import about, inbox, of_type
from conformance.world.labelled import site_mpan
from conformance.world.market import Json, MarketWorld
from conformance.world.notices import check_volume_periods
from conformance.world.periods import period_starts

DIRECTIONS = {"demand reduction": "REDUCE_DEMAND", "demand increase": "INCREASE_DEMAND"}
RECORD_SCHEMA = "portfolio-action-record.schema.json"
TRADER = "Energy Trader"


@dataclass
class PortfolioWorld:
    """The trader's view of the market and the actions the NMF recorded, by scenario label."""

    market: MarketWorld
    view: dict[str, Json] = field(default_factory=dict)
    actions: dict[str, Json] = field(default_factory=dict)
    trader_of: dict[str, str] = field(default_factory=dict)
    # How often the next actions declare a period in their view or baselines, where not once (a refusal's input).
    declared_times: dict[tuple[str, str], int] = field(default_factory=dict)
    swap_window: bool = False

    def action(self, label: str) -> Json:
        """An action the NMF recorded, by its scenario label."""
        if label not in self.actions:
            msg = f"portfolio action {label!r} was never recorded by the NMF in this scenario"
            raise LookupError(msg)
        return self.actions[label]


def direction_of(words: str) -> str:
    """The wire direction of 'demand reduction' or 'demand increase'."""
    if words not in DIRECTIONS:
        msg = f"unknown direction {words!r}; known: {', '.join(DIRECTIONS)}"
        raise ValueError(msg)
    return DIRECTIONS[words]


def set_view(world: PortfolioWorld, rows: list[Json]) -> None:
    """The trader's position and prices per Settlement Period (the use case's data inputs)."""
    for row in rows:
        world.view[row["period start"]] = {
            "periodStart": row["period start"],
            "positionKwh": row["position kWh"],
            "wholesaleGbpPerMwh": row["wholesale GBP/MWh"],
            "imbalanceGbpPerMwh": row["imbalance GBP/MWh"],
        }


def declare(world: PortfolioWorld, part: str, period: str, times: int) -> None:
    """The next actions declare a period `times` times in their view ('view of the market') or 'baselines'."""
    if part not in {"view of the market", "baselines"}:
        msg = f"unknown part {part!r}; known: view of the market, baselines"
        raise ValueError(msg)
    world.declared_times[(part, period)] = times


def _declared(world: PortfolioWorld, part: str, window: list[str]) -> list[str]:
    return [p for p in window for _ in range(world.declared_times.get((part, p), 1))]


def action_payload(world: PortfolioWorld, direction: str, start: str, end: str, price: str, rows: list[Json]) -> Json:
    """A PortfolioAction: each site's kW and constant baseline over the window, the trader's view per period."""
    window = list(period_starts(start, end))
    return {
        "direction": direction,
        "start": end if world.swap_window else start,
        "end": start if world.swap_window else end,
        "utilisationGbpPerMwh": price,
        "sites": [
            {
                "mpan": site_mpan(world.market, row["site"]),
                "capacityKw": row["kW"],
                "baseline": [
                    {"periodStart": p, "importKw": row["baseline import kW"], "exportKw": row["baseline export kW"]}
                    for p in _declared(world, "baselines", window)
                ],
            }
            for row in rows
        ],
        "periods": [world.view[p] for p in _declared(world, "view of the market", window)],
    }


def report(world: PortfolioWorld, trader: str, label: str, payload: Json, *, validate: bool = True) -> Exchange:
    """A trader reports an action; it is kept under its label when the NMF records it."""
    exchange = world.market.nmf.send(world.market.actor(trader), "PortfolioAction", payload, validate_request=validate)
    world.market.last_sent = exchange
    if exchange.status == 201:
        world.actions[label] = cast("Json", exchange.response_body)
        world.trader_of[label] = trader
    return exchange


def report_table(
    world: PortfolioWorld,
    trader: str,
    direction: str,
    label: str,
    window: tuple[str, str],
    price: str,
    rows: list[Json],
    *,
    validate: bool = True,
) -> Exchange:
    """A trader reports a 'demand reduction' or 'demand increase' given as a table of sites."""
    payload = action_payload(world, direction_of(direction), *window, price, rows)
    return report(world, trader, label, payload, validate=validate)


def read_action(world: PortfolioWorld, label: str, reader: str) -> Exchange:
    """Ask for an action as one actor."""
    return world.market.nmf.get(
        world.market.actor(reader), f"/portfolio-actions/{world.action(label)['actionId']}", RECORD_SCHEMA
    )


def recorded(world: PortfolioWorld, label: str) -> Json:
    """The action as the NMF holds it now, read by its trader."""
    return cast("Json", expect_success(read_action(world, label, world.trader_of[label]), 200))


def payments(world: PortfolioWorld, label: str) -> Exchange:
    """Ask for what the trader pays the sellers of an action."""
    path = f"/portfolio-actions/{world.action(label)['actionId']}/payments"
    return world.market.nmf.get(world.market.actor(world.trader_of[label]), path, "portfolio-payments.schema.json")


def check_record(world: PortfolioWorld, label: str, timing: str, expected: list[Json]) -> None:
    """BMR-40 the timing; BMR-43 per period its Gate Closure flag, change, price, cashflow and positions."""
    action = recorded(world, label)
    expect_equal(
        action["reportTiming"],
        timing,
        rule="BMR-40",
        message="portfolio action",
        field="/reportTiming",
        detail=f"how action {label} was reported relative to its start",
    )
    expect_equal(
        [p["periodStart"] for p in action["periods"]],
        [row["period start"] for row in expected],
        rule="BMR-43",
        message="portfolio action",
        field="/periods",
        detail=f"the Settlement Periods of action {label}",
    )
    columns = {
        "change kWh": "changeKwh",
        "price GBP/MWh": "priceGbpPerMwh",
        "cashflow GBP": "cashflowGbp",
        "position before kWh": "positionBeforeKwh",
        "position after kWh": "positionAfterKwh",
    }
    for index, (period, row) in enumerate(zip(action["periods"], expected, strict=True)):
        expect_equal(
            period["afterGateClosure"],
            row["after Gate Closure"] == "true",
            rule="BMR-43",
            message="portfolio action",
            field=f"/periods/{index}/afterGateClosure",
            detail=f"whether action {label} was reported after Gate Closure of {row['period start']}",
        )
        for column, key in columns.items():
            expect_amount(
                period[key],
                row[column],
                rule="BMR-43",
                message="portfolio action",
                field=f"/periods/{index}/{key}",
                detail=f"{column} of action {label} in {row['period start']}",
            )


def reported_notices(world: PortfolioWorld, observer: str, label: str) -> list[Json]:
    """The PortfolioActionReported notices an actor got about one action."""
    return about(of_type(inbox(world.market, observer), "PortfolioActionReported"), world.action(label)["actionId"])


def check_told(world: PortfolioWorld, observer: str, label: str, zone: str, sites: list[str], rule: str) -> None:
    """The actor got exactly one notice of the action for the zone, naming exactly these sites, at its report."""
    action = world.action(label)
    zone_id = world.market.zones[zone]["zoneId"]
    told = [n for n in reported_notices(world, observer, label) if n["payload"]["zoneId"] == zone_id]
    expect_count(
        told, 1, rule=rule, message="PortfolioActionReported", counted=f"notices of {label} in {zone} to the {observer}"
    )
    notice = told[0]
    facts = {
        "/createdAt": (notice["createdAt"], action["reportedAt"]),
        "/payload/reportTiming": (notice["payload"]["reportTiming"], action["reportTiming"]),
        "/payload/direction": (notice["payload"]["direction"], action["direction"]),
        "/payload/traderId": (notice["payload"]["traderId"], action["traderId"]),
    }
    for pointer, (actual, expected) in facts.items():
        expect_equal(
            actual,
            expected,
            rule=rule,
            message="PortfolioActionReported",
            field=pointer,
            detail=f"told to the {observer}",
        )
    payload = notice["payload"]
    expect_equal(
        sorted(s["mpan"] for s in payload["sites"]),
        sorted(world.market.site(site).mpan for site in sites),
        rule=rule,
        message="PortfolioActionReported",
        field="/payload/sites",
        detail=f"the sites of action {label} in zone {zone} told to the {observer}",
    )


def breaches(world: PortfolioWorld, rows: list[Json]) -> list[Json]:
    """Expected limit breaches from a table, in the wire form."""
    return [
        {
            "mpan": world.market.site(row["site"]).mpan,
            "periodStart": row["period start"],
            "limit": row["limit"],
            "limitKva": row["limit kVA"],
            "netKw": row["net kW"],
        }
        for row in rows
    ]


def _comparable(items: list[Json]) -> list[tuple[str, str, str, Decimal, Decimal]]:
    """Breaches in one order, their figures compared by value."""
    return sorted((b["mpan"], b["periodStart"], b["limit"], Decimal(b["limitKva"]), Decimal(b["netKw"])) for b in items)


def check_breaches(world: PortfolioWorld, label: str, observers: list[str], rows: list[Json]) -> None:
    """BMR-39: the action's record, and each observer's notice of it, name exactly these breaches."""
    expected = _comparable(breaches(world, rows))
    expect_equal(
        _comparable(recorded(world, label)["limitBreaches"]),
        expected,
        rule="BMR-39",
        message="portfolio action",
        field="/limitBreaches",
        detail=f"MIC and MEC breaches recorded for action {label}",
    )
    for observer in observers:
        told = [b for n in reported_notices(world, observer, label) for b in n["payload"]["limitBreaches"]]
        expect_equal(
            _comparable(told),
            expected,
            rule="BMR-39",
            message="PortfolioActionReported",
            field="/payload/limitBreaches",
            detail=f"MIC and MEC breaches of action {label} flagged to the {observer}",
        )


def check_volumes(world: PortfolioWorld, label: str, site_label: str, expected: list[Json]) -> None:
    """BMR-42: the supplier and the BRP of a site each got one VolumeNotice of the action, at its report."""
    action = world.action(label)
    site = world.market.site(site_label)
    for capacity, holder in (("SUPPLIER", site.supplier), ("BRP", site.brp)):
        notices = [
            n
            for n in about(of_type(inbox(world.market, holder), "VolumeNotice"), action["actionId"])
            if n["payload"]["mpan"] == site.mpan
        ]
        expect_count(
            notices,
            1,
            rule="BMR-42",
            message="VolumeNotice",
            counted=f"notices of {label} for site {site_label} to the {holder}",
        )
        notice = notices[0]
        facts = {
            "/createdAt": (notice["createdAt"], action["reportedAt"]),
            "/payload/capacity": (notice["payload"]["capacity"], capacity),
            "/payload/direction": (notice["payload"].get("direction"), action["direction"]),
            "/payload/status": (notice["payload"]["status"], "INSTRUCTED"),
            "/payload/periods": (
                [p["periodStart"] for p in notice["payload"]["periods"]],
                [r["period start"] for r in expected],
            ),
        }
        for pointer, (actual, wanted) in facts.items():
            expect_equal(
                actual,
                wanted,
                rule="BMR-42",
                message="VolumeNotice",
                field=pointer,
                detail=f"told to the {holder} about site {site_label}",
            )
        check_volume_periods(notice["payload"]["periods"], expected, rule="BMR-42", site_label=site_label, label=holder)


def check_payments(world: PortfolioWorld, label: str, expected: list[Json]) -> None:
    """BMR-44: one line per site of the action, its seller, scheduled and delivered kWh and payment."""
    statement = cast("Json", expect_success(payments(world, label), 200))
    lines = {line["mpan"]: line for line in statement["lines"]}
    expect_equal(
        sorted(lines),
        sorted(world.market.site(row["site"]).mpan for row in expected),
        rule="BMR-44",
        message="portfolio payments",
        field="/lines",
        detail=f"the sites paid for action {label}",
    )
    total = Decimal(0)
    for row in expected:
        line = lines[world.market.site(row["site"]).mpan]
        expect_equal(
            line["sellerId"],
            world.market.actor(row["seller"]).actor_id,
            rule="BMR-44",
            message="portfolio payments",
            field="/lines/sellerId",
            detail=f"the seller of site {row['site']}",
        )
        for column, key in (
            ("scheduled kWh", "scheduledKwh"),
            ("delivered kWh", "deliveredKwh"),
            ("payment GBP", "paymentGbp"),
        ):
            expect_amount(
                line[key],
                row[column],
                rule="BMR-44",
                message="portfolio payments",
                field=f"/lines/{key}",
                detail=f"{column} of site {row['site']}",
            )
        total += Decimal(row["payment GBP"])
    expect_amount(
        statement["paymentGbp"],
        str(total),
        rule="BMR-44",
        message="portfolio payments",
        field="/paymentGbp",
        detail=f"what the trader pays in all for action {label}",
    )
