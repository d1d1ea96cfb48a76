"""The state of offsetting as read back: statuses, the legs' spans and the settlement (BMR-46 to BMR-52)."""

import uuid

from conformance.checks import expect_amount, expect_equal
from conformance.world.access import check_not_shown
from conformance.world.market import Json, MarketWorld
from conformance.world.offsetting import read_scheme, refresh, refresh_scheme, scheme, settlement

NOTHING = "nothing"


def unquote(cell: str) -> str | None:
    """A quoted instant from a step, or None for `nothing`."""
    return None if cell == NOTHING else cell.strip('"')


# The rule that defines each state of a transaction.
STATUS_RULE = {"PROPOSED": "BMR-47", "FAILSAFE_TRIPPED": "BMR-50"}


def check_status(market: MarketWorld, label: str, status: str) -> Json:
    """The transaction's status as the NMF holds it now."""
    current = refresh(market, label)
    expect_equal(
        current["status"],
        status,
        rule=STATUS_RULE.get(status, "BMR-48"),
        message="offsetting transaction",
        field="/status",
        detail=f"the state of offsetting transaction {label}",
    )
    return current


def check_scheme(market: MarketWorld, label: str, status: str, until: str | None) -> None:
    """The scheme's status and the end of its verification (BMR-45, BMR-46)."""
    current = refresh_scheme(market, label)
    for field, actual, expected in (
        ("/status", current["status"], status),
        ("/verifiedUntil", current["verifiedUntil"], until),
    ):
        expect_equal(
            actual,
            expected,
            rule="BMR-46",
            message="offsetting scheme",
            field=field,
            detail=f"offsetting scheme {label}",
        )


def check_scheme_hidden(market: MarketWorld, actor: str, label: str | None) -> None:
    """The actor is not shown the scheme, or with no label a scheme id the NMF never issued (BMR-46, BMR-15)."""
    if label is None:
        check_not_shown(read_scheme(market, str(uuid.uuid4()), actor), "no such scheme exists", "a scheme")
        return
    why = f"the {actor} is neither a site owner of the scheme nor its zone's DNO"
    check_not_shown(read_scheme(market, scheme(market, label)["schemeId"], actor), why, f"offsetting scheme {label}")


def check_legs(market: MarketWorld, label: str, spans: tuple[str | None, str | None, str | None, str | None]) -> None:
    """Each leg's span: the first from its start to its end, the second from its release (or None) to its end."""
    current = refresh(market, label)
    actual = (
        current["firstLeg"]["start"],
        current["firstLeg"]["end"],
        current["secondLeg"]["start"],
        current["secondLeg"]["end"],
    )
    names = ("/firstLeg/start", "/firstLeg/end", "/secondLeg/start", "/secondLeg/end")
    rules = ("BMR-49", "BMR-50", "BMR-49", "BMR-50")
    for name, rule, seen, wanted in zip(names, rules, actual, spans, strict=True):
        expect_equal(
            seen,
            wanted,
            rule=rule,
            message="offsetting transaction",
            field=name,
            detail=f"when the legs of {label} may be raised",
        )


SETTLEMENT_COLUMNS = {
    "first leg kWh": "firstLegKwh",
    "second leg kWh": "secondLegKwh",
    "offset kWh": "offsetKwh",
    "unoffset kWh": "unoffsetKwh",
}


def check_settlement(market: MarketWorld, label: str, expected: list[Json]) -> None:
    """One line per window period with each leg's delivered energy and the offset paid for (BMR-52)."""
    lines = settlement(market, label)["periods"]
    expect_equal(
        [line["periodStart"] for line in lines],
        [row["period start"] for row in expected],
        rule="BMR-52",
        message="offsetting settlement",
        field="/periods",
        detail=f"the periods settled for {label}",
    )
    for index, (line, row) in enumerate(zip(lines, expected, strict=True)):
        for column, field in SETTLEMENT_COLUMNS.items():
            expect_amount(
                line[field],
                row[column],
                rule="BMR-52",
                message="offsetting settlement",
                field=f"/periods/{index}/{field}",
                detail=f"{column} of {label} in the period {row['period start']}",
            )


def check_payment(market: MarketWorld, label: str, amount: str, kwh: str) -> None:
    """The buyer pays the seller the price of the offset energy, rounded half-up to the penny (BMR-52)."""
    settled = settlement(market, label)
    current = refresh(market, label)
    expect_equal(
        (settled["payerId"], settled["payeeId"]),
        (current["buyerId"], current["sellerId"]),
        rule="BMR-52",
        message="offsetting settlement",
        field="/payerId",
        detail=f"who pays whom for {label}",
    )
    for field, figure in (("offsetKwh", kwh), ("amountGbp", amount)):
        expect_amount(
            settled[field], figure, rule="BMR-52", message="offsetting settlement", field=f"/{field}", detail=label
        )
