"""Steps that register the market: actors, constraint zones and sites."""

from pytest_bdd import given, parsers, when

from conformance.exchange import Exchange
from conformance.steps.tables import rows
from conformance.world import registration
from conformance.world.market import MarketWorld


@given("the market actors of the report are registered")
def _(market: MarketWorld) -> None:
    registration.register_report_actors(market)


@given(parsers.re(r'an? (?P<report_actor>.+) "(?P<label>[^"]+)" is registered'))
def _(market: MarketWorld, report_actor: str, label: str) -> None:
    registration.register_actor(market, label, report_actor)


@given(
    parsers.parse(
        'constraint zone "{zone}" with critical asset "{asset}" on the network of the DNO, '
        "operated by the DSO and watched by the ESO"
    )
)
def _(market: MarketWorld, zone: str, asset: str) -> None:
    registration.register_zone(market, zone, asset)


@given(parsers.parse('these sites are registered in zone "{zone}" behind critical asset "{asset}":'))
def _(market: MarketWorld, zone: str, asset: str, datatable: list[list[str]]) -> None:
    registration.register_sites(market, zone, asset, rows(datatable))


@when(
    parsers.parse('a site is registered in zone "{zone}" behind critical asset "{asset}" with MPAN "{mpan}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, zone: str, asset: str, mpan: str) -> Exchange:
    return registration.try_register_site(market, zone, asset, mpan)


@when(
    parsers.parse('a site is registered in zone "{zone}" behind critical asset "{asset}" with MPAN of site "{site}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, zone: str, asset: str, site: str) -> Exchange:
    return registration.try_register_site(market, zone, asset, market.site(site).mpan)
