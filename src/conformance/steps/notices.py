"""Steps about the notices the NMF sends, and the market actor positions of the report."""

from pytest_bdd import parsers, then

from conformance.steps.tables import rows
from conformance.world import notices
from conformance.world.market import MarketWorld
from conformance.world.positions import check_position


@then(
    parsers.parse(
        'the supplier, BRP and trader of site "{site}" are each sent {status} volumes on requirement "{requirement}":'
    )
)
def _(market: MarketWorld, site: str, status: str, requirement: str, datatable: list[list[str]]) -> None:
    notices.check_volumes(market, requirement, site, status, rows(datatable))


@then(parsers.parse("the {actor} is sent {count:d} {message_type} notice"))
def _(market: MarketWorld, actor: str, count: int, message_type: str) -> None:
    notices.check_notice_count(market, actor, message_type, count)


@then(parsers.parse("the {actor} receives no notice"))
def _(market: MarketWorld, actor: str) -> None:
    notices.check_silence(market, actor)


@then(parsers.parse('the {operator} and the DNO see the {seller} transaction on "{requirement}" as {events}'))
def _(market: MarketWorld, operator: str, seller: str, requirement: str, events: str) -> None:
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    expected = [event.strip() for event in events.split(",")]
    for observer in (operator, "DNO"):
        notices.check_visibility(market, observer, transaction_id, expected)


@then(parsers.parse('the market actors hold these positions on requirement "{requirement}":'))
def _(market: MarketWorld, requirement: str, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        check_position(market, requirement, row["market actor"], row["position"])
