"""Steps about time: each scenario runs on its own test clock at the NMF."""

from pytest_bdd import given, parsers, when

from conformance.world.market import MarketWorld
from conformance.world.registration import move_clock, start_clock


@given(parsers.parse('the market clock reads "{now}"'))
def _(market: MarketWorld, now: str) -> None:
    start_clock(market, now)


@given(parsers.parse('the clock moves to "{now}"'))
@when(parsers.parse('the clock moves to "{now}"'))
def _(market: MarketWorld, now: str) -> None:
    move_clock(market, now)
