"""Steps about the notices the NMF sends, and the market actor positions of the report."""

from pytest_bdd import parsers, then

from conformance.steps.tables import rows
from conformance.world import notices, told
from conformance.world.market import MarketWorld
from conformance.world.positions import check_position
from conformance.world.visibility import check_visibility


@then(
    parsers.parse(
        'the supplier, BRP and trader of site "{site}" are each sent {status} volumes on requirement "{requirement}":'
    )
)
def _(market: MarketWorld, site: str, status: str, requirement: str, datatable: list[list[str]]) -> None:
    notices.check_volumes(market, requirement, site, status, rows(datatable))


@then(
    parsers.parse(
        'each seller on requirement "{requirement}", and no one else, is sent {message_type} for its transaction'
    )
)
def _(market: MarketWorld, requirement: str, message_type: str) -> None:
    told.check_told_alone(market, requirement, message_type)


@then(
    parsers.parse(
        'the NMF sends {message_type} about the {seller} transaction on "{requirement}" '
        "to its {recipients} and no one else"
    )
)
def _(market: MarketWorld, message_type: str, seller: str, requirement: str, recipients: str) -> None:
    told.check_told(market, requirement, seller, message_type, recipients)


@then(parsers.parse("the {actor} is sent {count:d} {message_type} notice"))
def _(market: MarketWorld, actor: str, count: int, message_type: str) -> None:
    notices.check_notice_count(market, actor, message_type, count)


@then(parsers.parse("the {actor} receives no notice"))
def _(market: MarketWorld, actor: str) -> None:
    notices.check_silence(market, actor)


@then(parsers.parse('the {operator} and the DNO see the {seller} transaction on "{requirement}" as {events}'))
def _(market: MarketWorld, operator: str, seller: str, requirement: str, events: str) -> None:
    expected = [event.strip() for event in events.split(",")]
    for observer in (operator, "DNO"):
        check_visibility(market, observer, requirement, seller, expected)


@then(parsers.parse('the market actors hold these positions on requirement "{requirement}":'))
def _(market: MarketWorld, requirement: str, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        check_position(market, requirement, row["market actor"], row["position"])
