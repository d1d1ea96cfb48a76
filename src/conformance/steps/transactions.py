"""Steps about transactions: acceptance, arming, unwinding and their state."""

from pytest_bdd import given, parsers, then, when

from conformance.checks import expect_equal
from conformance.exchange import Exchange, expect_success
from conformance.steps.tables import single_row
from conformance.world import trading
from conformance.world.inspection import refresh_transaction
from conformance.world.market import MarketWorld

# The rule that brings a transaction into each status.
STATUS_RULES = {"ACCEPTED": "BMR-08", "ARMED": "BMR-09", "LAPSED": "BMR-09", "UNWOUND": "BMR-21"}


@given(parsers.parse('the {seller} holds an {state} {service} transaction on "{requirement}" for site "{site}":'))
def _(
    market: MarketWorld,
    seller: str,
    state: str,
    service: str,
    requirement: str,
    site: str,
    datatable: list[list[str]],
) -> None:
    if state not in {"armed", "accepted"}:
        msg = f"a held transaction is 'armed' or 'accepted', not {state!r}"
        raise ValueError(msg)
    trading.hold_transaction(market, seller, service, requirement, site, single_row(datatable), armed=state == "armed")


@when(parsers.parse('the {buyer} accepts every offer on requirement "{requirement}"'))
def _(market: MarketWorld, buyer: str, requirement: str) -> None:
    trading.accept_all(market, requirement, buyer)


@when(parsers.parse('the {buyer} accepts the offer of the {seller} on requirement "{requirement}"'))
def _(market: MarketWorld, buyer: str, seller: str, requirement: str) -> None:
    expect_success(trading.accept(market, requirement, seller, as_actor=buyer), 201)


@when(
    parsers.parse('the {actor} tries to accept the offer of the {seller} on requirement "{requirement}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, seller: str, requirement: str) -> Exchange:
    return trading.accept(market, requirement, seller, as_actor=actor)


@when(parsers.parse('the {buyer} arms every transaction on requirement "{requirement}"'))
def _(market: MarketWorld, buyer: str, requirement: str) -> None:
    trading.arm_all(market, requirement, buyer)


@when(parsers.parse('the {actor} tries to arm the {seller} transaction on "{requirement}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, seller: str, requirement: str) -> Exchange:
    return trading.arm(market, requirement, seller, as_actor=actor)


@when(
    parsers.parse('the {seller} tries to arm its transaction on "{requirement}" in the DSO\'s name'),
    target_fixture="answer",
)
def _(market: MarketWorld, seller: str, requirement: str) -> Exchange:
    return trading.arm(market, requirement, seller, as_actor=seller, sender="DSO")


@when(
    parsers.parse('the {seller} tries to arm its transaction on "{requirement}" as itself'),
    target_fixture="answer",
)
def _(market: MarketWorld, seller: str, requirement: str) -> Exchange:
    return trading.arm(market, requirement, seller, as_actor=seller)


@when(
    parsers.parse('a request to arm the {seller} transaction on "{requirement}" carries no valid credential'),
    target_fixture="answer",
)
def _(market: MarketWorld, seller: str, requirement: str) -> Exchange:
    return trading.arm_without_credential(market, requirement, seller)


@when(parsers.parse('the {buyer} unwinds the {seller} transaction on "{requirement}"'))
def _(market: MarketWorld, buyer: str, seller: str, requirement: str) -> None:
    expect_success(trading.unwind(market, requirement, seller, as_actor=buyer), 200)


@then(parsers.parse('the {seller} transaction on "{requirement}" is {status}'))
def _(market: MarketWorld, seller: str, requirement: str, status: str) -> None:
    transaction = refresh_transaction(market, requirement, seller)
    expect_equal(
        transaction["status"],
        status,
        rule=STATUS_RULES.get(status),
        message="transaction",
        field="/status",
        detail=f"the state of the {seller} transaction on {requirement}",
    )


@then(parsers.parse('the {seller} transaction on "{requirement}" has these periods unwound: "{periods}"'))
def _(market: MarketWorld, seller: str, requirement: str, periods: str) -> None:
    transaction = refresh_transaction(market, requirement, seller)
    expected = [period.strip() for period in periods.split(",")]
    expect_equal(
        transaction["unwoundPeriods"],
        expected,
        rule="BMR-21",
        message="transaction",
        field="/unwoundPeriods",
        detail=f"the periods released from the {seller} transaction",
    )


@when(parsers.parse('the {actor} tries to unwind the {seller} transaction on "{requirement}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, seller: str, requirement: str) -> Exchange:
    return trading.unwind(market, requirement, seller, as_actor=actor)
