"""Steps that send a market message with one deliberate defect."""

from pytest_bdd import parsers, when

from conformance.exchange import Exchange
from conformance.world import defects
from conformance.world.market import MarketWorld


@when(
    parsers.parse('a {message_type} on the {seller} transaction on "{requirement}" gives a reason of white space only'),
    target_fixture="answer",
)
def _(market: MarketWorld, message_type: str, seller: str, requirement: str) -> Exchange:
    return defects.send_blank_reason(market, message_type, requirement, seller)


@when(
    parsers.parse('a {message_type} on the {seller} deal on "{requirement}" carries the wrong correlationId'),
    target_fixture="answer",
)
def _(market: MarketWorld, message_type: str, seller: str, requirement: str) -> Exchange:
    return defects.send_wrong_correlation(market, message_type, requirement, seller)
