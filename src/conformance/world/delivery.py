"""Whether what a requirement asked for was delivered: the NMF's verifications added up per period."""

from decimal import Decimal

from conformance.checks import as_decimal, expect_equal
from conformance.world.inspection import verification
from conformance.world.market import MarketWorld


def delivered_by_period(market: MarketWorld, requirement: str, periods: list[str]) -> dict[str, Decimal | None]:
    """The delivered kWh of every transaction on a requirement, summed per period (None: not all verified)."""
    totals: dict[str, Decimal | None] = dict.fromkeys(periods, Decimal(0))
    for _, seller in market.deals_on(requirement):
        verified = {
            p["periodStart"]: as_decimal(p.get("deliveredKwh"))
            for p in verification(market, requirement, seller)["periods"]
        }
        for start in periods:
            total, kwh = totals[start], verified.get(start)
            totals[start] = None if total is None or kwh is None else total + kwh
    return totals


def check_requirement_delivered(market: MarketWorld, requirement: str, kwh: str, periods: list[str]) -> None:
    """The verifications on a requirement add up to the energy it asked for in each listed period (BMR-19)."""
    expect_equal(
        delivered_by_period(market, requirement, periods),
        dict.fromkeys(periods, Decimal(kwh)),
        rule="BMR-19",
        message="verification",
        field="/periods/*/deliveredKwh",
        detail=f"the delivered kWh of every transaction on requirement {requirement}, added up per period",
    )
