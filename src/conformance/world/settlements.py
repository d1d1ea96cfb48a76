"""What each seller is paid or charged (BMR-20, BMR-21), and what earlier observations explain a wrong figure."""

from decimal import Decimal

from conformance.checks import expect_amount, expect_equal
from conformance.exchange import expect_success
from conformance.failures import ConformanceFailure
from conformance.world.inspection import settlement, verification
from conformance.world.labels import canonical_label
from conformance.world.market import Json, MarketWorld
from conformance.world.periods import period_starts

# A settlement table's columns and the statement's fields.
COLUMNS = {
    "availability GBP": "availabilityGbp",
    "utilisation GBP": "utilisationGbp",
    "penalty GBP": "penaltyGbp",
    "compensation GBP": "compensationGbp",
    "net GBP": "netGbp",
}
_LINE_FIELDS = ("availabilityGbp", "utilisationGbp", "penaltyGbp", "compensationGbp")


def check_settlement(market: MarketWorld, requirement: str, row: Json) -> None:
    """The seller's statement has these totals, one line per period of the window, and totals that add up."""
    seller = row["seller"]
    try:
        statement = expect_success(settlement(market, requirement, seller), 200)
        _check_statement(market, requirement, seller, statement, row)
    except ConformanceFailure as failure:
        note = earlier_observations(market, requirement, seller)
        raise (failure.explained(note) if note else failure) from None


def _check_statement(market: MarketWorld, requirement: str, seller: str, statement: Json, row: Json) -> None:
    transaction = market.transaction(requirement, seller)
    parties = {
        "/transactionId": transaction["transactionId"],
        "/buyerId": transaction["buyerId"],
        "/sellerId": transaction["sellerId"],
        "/currency": "GBP",
    }
    for field, expected in parties.items():
        expect_equal(
            statement[field[1:]],
            expected,
            rule="BMR-03" if field == "/currency" else "BMR-20",
            message="settlement",
            field=field,
            detail=f"the statement of the {seller} on {requirement}",
        )
    for column, field in COLUMNS.items():
        expect_amount(
            statement[field],
            row[column],
            rule="BMR-20",
            message="settlement",
            field=f"/{field}",
            detail=f"{column} of the {seller} on {requirement}",
        )
    window = transaction["window"]
    expect_equal(
        [line["periodStart"] for line in statement["lines"]],
        list(period_starts(window["start"], window["end"])),
        rule="BMR-20",
        message="settlement",
        field="/lines",
        detail=f"one line per Settlement Period of the window, in order, for the {seller}",
    )
    for field in _LINE_FIELDS:
        expect_amount(
            statement[field],
            str(sum((Decimal(line[field]) for line in statement["lines"]), Decimal(0))),
            rule="BMR-20",
            message="settlement",
            field=f"/{field}",
            detail=f"the total of the {seller}'s lines",
        )


def earlier_observations(market: MarketWorld, requirement: str, seller: str) -> str:
    """What the NMF said earlier about the deal that bears on its money: its unavailability records and verdicts."""
    notes = [
        f"the NMF recorded the unavailability notice detected at {notice['detectedAt']} and received at "
        f"{notice['receivedAt']} as {'prompt' if notice['prompt'] else 'not prompt'} (prompt={notice['prompt']})"
        for notice in market.unavailability.get((requirement, canonical_label(seller)), [])
    ]
    try:
        periods = verification(market, requirement, seller)["periods"]
    except ConformanceFailure:
        periods = []  # the verification is itself unreadable: nothing to add
    verdicts = ", ".join(
        f"{p['periodStart']} {p['status']} ({p.get('deliveredKwh')} of {p.get('instructedKwh')} kWh)" for p in periods
    )
    if verdicts:
        notes.append(f"the NMF verified {verdicts}")
    return "; ".join(notes)
