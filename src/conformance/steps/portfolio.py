"""Steps of wholesale portfolio optimisation (UC7, UC8): one set for both directions."""

import pytest
from pytest_bdd import given, parsers, then, when

from conformance.exchange import Exchange, expect_success
from conformance.steps.tables import rows
from conformance.world import portfolio
from conformance.world.market import MarketWorld
from conformance.world.portfolio import PortfolioWorld
from conformance.world.portfolio_positions import check_portfolio_position


@pytest.fixture
def trading_book(market: MarketWorld) -> PortfolioWorld:
    """The trader's view and recorded actions for one scenario."""
    return PortfolioWorld(market=market)


@given(parsers.parse("the Energy Trader's view of the market is:"))
def _(trading_book: PortfolioWorld, datatable: list[list[str]]) -> None:
    portfolio.set_view(trading_book, rows(datatable))


@given(parsers.parse('the Energy Trader declares the period "{period}" {times:d} times in its {part}'))
def _(trading_book: PortfolioWorld, period: str, times: int, part: str) -> None:
    portfolio.declare(trading_book, part, period, times)


@given(parsers.parse("the Energy Trader sends the start and the end of its next actions swapped"))
def _(trading_book: PortfolioWorld) -> None:
    trading_book.swap_window = True


@given(parsers.parse('the {trader} reports a {direction} "{label}" from "{start}" to "{end}", paying {price} GBP/MWh:'))
@when(parsers.parse('the {trader} reports a {direction} "{label}" from "{start}" to "{end}", paying {price} GBP/MWh:'))
def _(
    trading_book: PortfolioWorld,
    trader: str,
    direction: str,
    label: str,
    start: str,
    end: str,
    price: str,
    datatable: list[list[str]],
) -> None:
    payload = portfolio.action_payload(
        trading_book, portfolio.direction_of(direction), start, end, price, rows(datatable)
    )
    expect_success(portfolio.report(trading_book, trader, label, payload), 201)


@when(
    parsers.parse(
        'the {trader} tries to report a {direction} "{label}" from "{start}" to "{end}", paying {price} GBP/MWh:'
    ),
    target_fixture="answer",
)
def _(
    trading_book: PortfolioWorld,
    trader: str,
    direction: str,
    label: str,
    start: str,
    end: str,
    price: str,
    datatable: list[list[str]],
) -> Exchange:
    payload = portfolio.action_payload(
        trading_book, portfolio.direction_of(direction), start, end, price, rows(datatable)
    )
    return portfolio.report(trading_book, trader, label, payload, validate=False)


@then(parsers.parse('portfolio action "{label}" is recorded as reported {timing} with these periods:'))
def _(trading_book: PortfolioWorld, label: str, timing: str, datatable: list[list[str]]) -> None:
    portfolio.check_record(trading_book, label, timing, rows(datatable))


@then(
    parsers.parse(
        'the DNO and the DSO are each told of portfolio action "{label}" in zone "{zone}" for sites "{sites}"'
    )
)
def _(trading_book: PortfolioWorld, label: str, zone: str, sites: str) -> None:
    for observer in ("DNO", "DSO"):
        portfolio.check_told(trading_book, observer, label, zone, [s.strip() for s in sites.split(",")], "BMR-41")


@then(parsers.parse('the {owner} is told of portfolio action "{label}" in zone "{zone}" for sites "{sites}"'))
def _(trading_book: PortfolioWorld, owner: str, label: str, zone: str, sites: str) -> None:
    portfolio.check_told(trading_book, owner, label, zone, [s.strip() for s in sites.split(",")], "BMR-42")


@then(parsers.parse('portfolio action "{label}" and its notices to the DNO and the DSO name these limit breaches:'))
def _(trading_book: PortfolioWorld, label: str, datatable: list[list[str]]) -> None:
    portfolio.check_breaches(trading_book, label, ["DNO", "DSO"], rows(datatable))


@then(
    parsers.parse('the supplier and the BRP of site "{site}" are each sent the volumes of portfolio action "{label}":')
)
def _(trading_book: PortfolioWorld, site: str, label: str, datatable: list[list[str]]) -> None:
    portfolio.check_volumes(trading_book, label, site, rows(datatable))


@then(parsers.parse('the Energy Trader pays for portfolio action "{label}":'))
def _(trading_book: PortfolioWorld, label: str, datatable: list[list[str]]) -> None:
    portfolio.check_payments(trading_book, label, rows(datatable))


@when(parsers.parse('the Energy Trader asks for the payments of portfolio action "{label}"'), target_fixture="answer")
def _(trading_book: PortfolioWorld, label: str) -> Exchange:
    return portfolio.payments(trading_book, label)


@then(parsers.parse("the market actors hold these positions on the portfolio actions:"))
def _(trading_book: PortfolioWorld, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        check_portfolio_position(trading_book, row["market actor"], row["position"])
