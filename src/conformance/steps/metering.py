"""Steps about meter data and the verification of delivery."""

from itertools import groupby

from pytest_bdd import parsers, then, when

from conformance.checks import expect_amount, expect_equal
from conformance.exchange import Exchange, expect_success
from conformance.steps.tables import rows
from conformance.world import operations
from conformance.world.delivery import check_requirement_delivered
from conformance.world.inspection import check_receipt, check_verification_totals, verification
from conformance.world.market import MarketWorld
from conformance.world.mpans import fresh_mpan


@when(parsers.parse("the {actor} submits these readings:"))
def _(market: MarketWorld, actor: str, datatable: list[list[str]]) -> None:
    for site, site_rows in groupby(rows(datatable), key=lambda row: row["site"]):
        readings = [operations.reading(row) for row in site_rows]
        receipt = expect_success(operations.submit_readings(market, actor, site, readings), 201)
        check_receipt(market, site, readings, receipt)


@when(
    parsers.parse('the {actor} tries to submit a reading for site "{site}" for the period starting "{period}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, site: str, period: str) -> Exchange:
    reading = {"periodStart": period, "importKwh": "0", "exportKwh": "10"}
    return operations.submit_readings(market, actor, site, [reading], validate=False)


@then(parsers.parse('the verification of the {seller} transaction on "{requirement}" shows:'))
def _(market: MarketWorld, seller: str, requirement: str, datatable: list[list[str]]) -> None:
    expected = rows(datatable)
    verified = verification(market, requirement, seller)
    check_verification_totals(verified)
    periods = verified["periods"]
    expect_equal(
        [p["periodStart"] for p in periods],
        [row["period start"] for row in expected],
        rule="BMR-19",
        message="verification",
        field="/periods",
        detail="the dispatched periods verified",
    )
    columns = {
        "instructed kWh": "instructedKwh",
        "baseline kWh": "baselineKwh",
        "metered kWh": "meteredKwh",
        "delivered kWh": "deliveredKwh",
    }
    for index, (period, row) in enumerate(zip(periods, expected, strict=True)):
        expect_equal(
            period["status"],
            row["status"],
            rule="BMR-19",
            message="verification",
            field=f"/periods/{index}/status",
            detail=f"the verdict on the period starting {row['period start']}",
        )
        for column, field in columns.items():
            if row[column]:  # a blank cell: the figure is not known yet, so not compared
                expect_amount(
                    period.get(field),
                    row[column],
                    rule="BMR-19",
                    message="verification",
                    field=f"/periods/{index}/{field}",
                    detail=f"{column} of the period {row['period start']}",
                )


@then(parsers.parse('every dispatched period on requirement "{requirement}" is verified as {status}'))
def _(market: MarketWorld, requirement: str, status: str) -> None:
    for _, seller in market.deals_on(requirement):
        dispatched = sum(len(list(operations.dispatch_periods(d))) for d in market.dispatches_of(requirement, seller))
        periods = verification(market, requirement, seller)["periods"]
        expect_equal(
            [p["status"] for p in periods],
            [status] * dispatched,
            rule="BMR-19",
            message="verification",
            field="/periods",
            detail=f"verdicts on the dispatched periods of the {seller} transaction",
        )


@then(
    parsers.parse(
        'the delivery verified on requirement "{requirement}" is {kwh} kWh in each of these periods: "{periods}"'
    )
)
def _(market: MarketWorld, requirement: str, kwh: str, periods: str) -> None:
    check_requirement_delivered(market, requirement, kwh, [period.strip() for period in periods.split(",")])


@when(parsers.parse('the {actor} tries to submit these readings for site "{site}":'), target_fixture="answer")
def _(market: MarketWorld, actor: str, site: str, datatable: list[list[str]]) -> Exchange:
    readings = [operations.reading(row) for row in rows(datatable)]
    return operations.submit_readings(market, actor, site, readings, validate=False)


@when(parsers.parse('the {actor} tries to submit a reading for MPAN "{mpan}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, mpan: str) -> Exchange:
    return _reading_for(market, actor, mpan)


@when(parsers.parse("the {actor} tries to submit a reading for an MPAN no site has"), target_fixture="answer")
def _(market: MarketWorld, actor: str) -> Exchange:
    return _reading_for(market, actor, fresh_mpan())


def _reading_for(market: MarketWorld, actor: str, mpan: str) -> Exchange:
    reading = {"periodStart": "2030-01-15T15:30:00Z", "importKwh": "0", "exportKwh": "10"}
    return operations.submit_mpan_readings(market, actor, mpan, [reading], validate=False)
