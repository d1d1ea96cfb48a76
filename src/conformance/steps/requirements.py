"""Steps about what the system operators ask for and what sellers offer."""

from pytest_bdd import parsers, then, when

from conformance.exchange import Exchange, expect_success
from conformance.steps.tables import rows, single_row
from conformance.world import access, trading
from conformance.world.market import MarketWorld
from conformance.world.publication import check_offers_told, check_requirement_published


@when(parsers.parse("the {buyer} posts a {service} requirement:"))
def _(market: MarketWorld, buyer: str, service: str, datatable: list[list[str]]) -> None:
    expect_success(trading.post_requirement(market, service, single_row(datatable), as_actor=buyer), 201)


@when(parsers.parse("the {actor} tries to post a {service} requirement:"), target_fixture="answer")
def _(market: MarketWorld, actor: str, service: str, datatable: list[list[str]]) -> Exchange:
    return trading.post_requirement(market, service, single_row(datatable), validate=False, as_actor=actor)


@when(parsers.parse('the sellers offer against requirement "{requirement}":'))
def _(market: MarketWorld, requirement: str, datatable: list[list[str]]) -> None:
    trading.make_offers(market, requirement, rows(datatable))


@when(parsers.parse('the {seller} tries to offer against requirement "{requirement}":'), target_fixture="answer")
def _(market: MarketWorld, seller: str, requirement: str, datatable: list[list[str]]) -> Exchange:
    return trading.make_offer(market, requirement, seller, rows(datatable), validate=False)


@then(parsers.parse('every seller with a site in zone "{zone}" is told of requirement "{requirement}"'))
def _(market: MarketWorld, zone: str, requirement: str) -> None:
    check_requirement_published(market, zone, requirement)


@then(parsers.parse('the {buyer} is told of every offer on requirement "{requirement}"'))
def _(market: MarketWorld, buyer: str, requirement: str) -> None:
    check_offers_told(market, requirement, buyer)


@then(parsers.parse('the {actor} can read requirement "{requirement}"'))
def _(market: MarketWorld, actor: str, requirement: str) -> None:
    access.check_can_read_requirement(market, actor, requirement)


@then(parsers.parse('the {actor} cannot read requirement "{requirement}"'))
def _(market: MarketWorld, actor: str, requirement: str) -> None:
    access.check_cannot_read_requirement(market, actor, requirement)


@when(parsers.parse("a {message_type} names an id the NMF never issued"), target_fixture="answer")
def _(market: MarketWorld, message_type: str) -> Exchange:
    return access.name_the_unknown(market, message_type)
