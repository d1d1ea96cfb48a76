"""Steps about what each seller is paid or charged."""

from pytest_bdd import parsers, then

from conformance.checks import expect_equal
from conformance.steps.tables import rows
from conformance.world.inspection import settlement
from conformance.world.market import MarketWorld
from conformance.world.settlements import check_settlement


@then(parsers.parse('the settlements on requirement "{requirement}" are:'))
def _(market: MarketWorld, requirement: str, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        check_settlement(market, requirement, row)


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
