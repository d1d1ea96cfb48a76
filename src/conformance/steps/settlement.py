"""Steps about what each seller is paid or charged."""

from pytest_bdd import parsers, then

from conformance.checks import expect_amount, expect_equal
from conformance.exchange import expect_success
from conformance.steps.tables import rows
from conformance.world.inspection import settlement
from conformance.world.market import MarketWorld

COLUMNS = {
    "availability GBP": "availabilityGbp",
    "utilisation GBP": "utilisationGbp",
    "penalty GBP": "penaltyGbp",
    "compensation GBP": "compensationGbp",
    "net GBP": "netGbp",
}


@then(parsers.parse('the settlements on requirement "{requirement}" are:'))
def _(market: MarketWorld, requirement: str, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        statement = expect_success(settlement(market, requirement, row["seller"]), 200)
        expect_equal(
            statement["currency"],
            "GBP",
            rule="BMR-03",
            message="settlement",
            field="/currency",
            detail="the settlement currency",
        )
        for column, field in COLUMNS.items():
            expect_amount(
                statement[field],
                row[column],
                rule="BMR-20",
                message="settlement",
                field=f"/{field}",
                detail=f"{column} of the {row['seller']} on {requirement}",
            )


@then(parsers.parse('the settlement of the {seller} transaction on "{requirement}" is not yet available'))
def _(market: MarketWorld, seller: str, requirement: str) -> None:
    answer = settlement(market, requirement, seller)
    expect_equal(
        answer.status,
        409,
        rule="BMR-20",
        message=answer.endpoint,
        field="",
        detail="asking for a settlement before the window ended and all readings arrived",
    )
