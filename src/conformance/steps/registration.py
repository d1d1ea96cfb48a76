"""Steps that register the market: actors, constraint zones and sites."""

import uuid

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


@when(
    parsers.re(r"the administrator tries to register a zone whose (?P<party>DNO|DSO|ESO) is (the )?(?P<actor>.+)"),
    target_fixture="answer",
)
def _(market: MarketWorld, party: str, actor: str) -> Exchange:
    return registration.try_register_zone(market, ["T9"], party=party, actor=actor)


@when(
    parsers.parse("the administrator tries to register a zone with critical assets {assets}"), target_fixture="answer"
)
def _(market: MarketWorld, assets: str) -> Exchange:
    return registration.try_register_zone(market, [name.strip('"') for name in assets.split(" and ")])


@when(
    parsers.re(
        r'the administrator tries to register a site in zone "(?P<zone>[^"]+)" '
        r'behind critical asset "(?P<asset>[^"]+)" '
        r"whose (?P<party>owner|aggregator|supplier|BRP|trader) is (the )?(?P<actor>.+)"
    ),
    target_fixture="answer",
)
def _(market: MarketWorld, zone: str, asset: str, party: str, actor: str) -> Exchange:
    return registration.try_register_party_site(market, zone, asset, party, actor)


@when(
    parsers.parse(
        'the administrator tries to register a site in zone "{zone}" behind critical asset "{asset}" '
        "with a zone id the NMF never issued"
    ),
    target_fixture="answer",
)
def _(market: MarketWorld, zone: str, asset: str) -> Exchange:
    return registration.try_register_site_in_unknown_zone(market, zone, asset)


@when(parsers.parse('the administrator tries to move the market clock to "{now}"'), target_fixture="answer")
def _(market: MarketWorld, now: str) -> Exchange:
    return registration.try_move_clock(market, now)


@when(
    parsers.parse('the administrator tries to move a test clock the NMF never issued to "{now}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, now: str) -> Exchange:
    return registration.try_move_clock(market, now, clock_id=str(uuid.uuid4()))


@when(
    parsers.re(r"the administrator tries to register an? (?P<report_actor>.+) on a test clock the NMF never issued"),
    target_fixture="answer",
)
def _(market: MarketWorld, report_actor: str) -> Exchange:
    return registration.try_register_actor_on_unknown_clock(market, report_actor)
