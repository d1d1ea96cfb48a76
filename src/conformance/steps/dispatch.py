"""Steps about using flexibility: dispatch, repeats of a message, overrule by the other operator, unavailability."""

from pytest_bdd import parsers, then, when

from conformance.checks import expect_equal
from conformance.exchange import Exchange, expect_success
from conformance.world import operations
from conformance.world.market import MarketWorld
from conformance.world.unavailability import check_recorded


@when(
    parsers.parse(
        'the {buyer} dispatches every transaction on requirement "{requirement}" in full from "{start}" to "{end}"'
    )
)
def _(market: MarketWorld, buyer: str, requirement: str, start: str, end: str) -> None:
    for _, seller in market.deals_on(requirement):
        accepted = market.transaction(requirement, seller)["acceptedKw"]
        expect_success(operations.dispatch(market, requirement, seller, accepted, start, end, as_actor=buyer), 201)


@when(
    parsers.parse(
        'the {buyer} dispatches {kw} kW of the {seller} transaction on "{requirement}" from "{start}" to "{end}"'
    )
)
def _(market: MarketWorld, buyer: str, kw: str, seller: str, requirement: str, start: str, end: str) -> None:
    expect_success(operations.dispatch(market, requirement, seller, kw, start, end, as_actor=buyer), 201)


@when(
    parsers.parse(
        'the {actor} tries to dispatch {kw} kW of the {seller} transaction on "{requirement}" from "{start}" to "{end}"'
    ),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, kw: str, seller: str, requirement: str, start: str, end: str) -> Exchange:
    return operations.dispatch(market, requirement, seller, kw, start, end, validate=False, as_actor=actor)


@when("the DSO sends the same dispatch message again", target_fixture="answer")
def _(market: MarketWorld) -> Exchange:
    return operations.resend_last(market)


@then("the NMF answers with the same dispatch")
def _(market: MarketWorld, answer: Exchange) -> None:
    first = market.last_sent
    assert first is not None
    expect_equal(
        answer.status,
        first.status,
        rule="BMR-05",
        message=answer.endpoint,
        field="",
        detail="the status of a repeated message",
    )
    expect_equal(
        answer.response_body,
        first.response_body,
        rule="BMR-05",
        message=answer.endpoint,
        field="",
        detail="the answer to a repeated message",
    )


@when(
    parsers.parse('the DSO reuses that message id for {kw} kW from "{start}" to "{end}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, kw: str, start: str, end: str) -> Exchange:
    return operations.reuse_last_message_id(market, kw, start, end)


@when(parsers.parse('the {actor} overrules the dispatch of the {seller} transaction on "{requirement}"'))
def _(market: MarketWorld, actor: str, seller: str, requirement: str) -> None:
    expect_success(operations.overrule(market, actor, requirement, seller), 200)


@when(
    parsers.parse('the {actor} tries to overrule the dispatch of the {seller} transaction on "{requirement}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, seller: str, requirement: str) -> Exchange:
    return operations.overrule(market, actor, requirement, seller)


@when(parsers.parse('the {actor} limits the dispatch of the {seller} transaction on "{requirement}" to {kw} kW'))
def _(market: MarketWorld, actor: str, seller: str, requirement: str, kw: str) -> None:
    expect_success(operations.overrule(market, actor, requirement, seller, limit_kw=kw), 200)


@when(
    parsers.parse('the {actor} tries to limit the dispatch of the {seller} transaction on "{requirement}" to {kw} kW'),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, seller: str, requirement: str, kw: str) -> Exchange:
    return operations.overrule(market, actor, requirement, seller, limit_kw=kw)


@when(
    parsers.parse(
        'the {seller} tries to report unavailability on "{requirement}" detected at "{detected}", '
        'leaving {kw} kW from "{start}" to "{end}"'
    ),
    target_fixture="answer",
)
def _(market: MarketWorld, seller: str, requirement: str, detected: str, kw: str, start: str, end: str) -> Exchange:
    return operations.report_unavailability(market, requirement, seller, detected, kw, start, end, validate=False)


@when(
    parsers.parse(
        'the {actor} tries to report unavailability on the {seller} transaction on "{requirement}" '
        'detected at "{detected}", leaving {kw} kW from "{start}" to "{end}"'
    ),
    target_fixture="answer",
)
def _(
    market: MarketWorld, actor: str, seller: str, requirement: str, detected: str, kw: str, start: str, end: str
) -> Exchange:
    return operations.report_unavailability(
        market, requirement, seller, detected, kw, start, end, validate=False, as_actor=actor
    )


@when(
    parsers.parse(
        'the {seller} reports unavailability on "{requirement}" detected at "{detected}", '
        'leaving {kw} kW from "{start}" to "{end}"'
    )
)
def _(market: MarketWorld, seller: str, requirement: str, detected: str, kw: str, start: str, end: str) -> None:
    expect_success(operations.report_unavailability(market, requirement, seller, detected, kw, start, end), 201)


@then(parsers.parse('the NMF records the {seller} unavailability notice on "{requirement}" as {promptness}'))
def _(market: MarketWorld, seller: str, requirement: str, promptness: str) -> None:
    check_recorded(market, requirement, seller, promptness)
