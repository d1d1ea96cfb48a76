"""Steps about bilateral MIC/MEC trades (UC4, UC5): the direction is data, the steps are shared."""

from pytest_bdd import parsers, then, when

from conformance.checks import expect_amount, expect_equal
from conformance.exchange import Exchange, expect_success
from conformance.steps.tables import rows, single_row
from conformance.world import capacity_notices, capacity_trading
from conformance.world.capacity_positions import check_position
from conformance.world.market import MarketWorld
from conformance.world.notices import recipients_of


@when(parsers.parse("the sellers propose these capacity trades:"))
def _(market: MarketWorld, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        expect_success(capacity_trading.propose(market, row["seller"], row), 201)


@when(parsers.parse("the {seller} tries to propose a capacity trade:"), target_fixture="answer")
def _(market: MarketWorld, seller: str, datatable: list[list[str]]) -> Exchange:
    return capacity_trading.propose(market, seller, single_row(datatable), validate=False)


@when(parsers.parse('the buyer agrees to capacity trade "{trade}"'))
def _(market: MarketWorld, trade: str) -> None:
    expect_success(capacity_trading.agree(market, trade), 200)


@when(parsers.parse('the DNO approves capacity trade "{trade}" with the condition "{condition}"'))
def _(market: MarketWorld, trade: str, condition: str) -> None:
    expect_success(capacity_trading.decide(market, trade, "APPROVED", [condition]), 200)


@when(parsers.parse('the DNO approves capacity trade "{trade}" with a limit of {kva} kVA'))
def _(market: MarketWorld, trade: str, kva: str) -> None:
    expect_success(capacity_trading.decide(market, trade, "APPROVED_WITH_LIMIT", [], kva), 200)


@when(parsers.parse('the {actor} tries to agree to capacity trade "{trade}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, trade: str) -> Exchange:
    return capacity_trading.agree(market, trade, as_actor=actor)


@when(parsers.parse('the {actor} tries to decide {decision} on capacity trade "{trade}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, decision: str, trade: str) -> Exchange:
    kind, _, limit = decision.partition(" limited to ")
    return capacity_trading.decide(market, trade, kind, [], limit or None, as_actor=actor)


@when(parsers.parse('the DNO revokes capacity trade "{trade}" from "{start}"'))
def _(market: MarketWorld, trade: str, start: str) -> None:
    expect_success(capacity_trading.revoke(market, trade, start), 200)


@when(parsers.parse('the {actor} tries to revoke capacity trade "{trade}" from "{start}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, trade: str, start: str) -> Exchange:
    return capacity_trading.revoke(market, trade, start, as_actor=actor)


@when(
    parsers.parse(
        'the DNO tries to revoke capacity trade "{trade}" from "{start}" giving a reason of white space only'
    ),
    target_fixture="answer",
)
def _(market: MarketWorld, trade: str, start: str) -> Exchange:
    return capacity_trading.revoke(market, trade, start, reason=" \t\n ")


@when(
    parsers.parse('the {actor} tries to read the capacity of site "{site}" from "{start}" to "{end}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, site: str, start: str, end: str) -> Exchange:
    return capacity_trading.read_site_capacity(market, site, start, end, as_actor=actor)


@then(parsers.parse('capacity trade "{trade}" is {status}'))
def _(market: MarketWorld, trade: str, status: str) -> None:
    expect_equal(
        capacity_trading.refresh(market, trade)["status"],
        status,
        rule="BMR-32",
        message="capacity trade",
        field="/status",
        detail=f"the state of capacity trade {trade}",
    )


@then(parsers.parse("the effective capacity of the sites is:"))
def _(market: MarketWorld, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        end = row["period start"]  # one period: [start, start + 30 min)
        read = capacity_trading.site_capacity(market, row["site"], end, capacity_trading.next_period(end))
        for column, field in (("MIC kVA", "micKva"), ("MEC kVA", "mecKva")):
            expect_amount(
                read["periods"][0][field],
                row[column],
                rule="BMR-33",
                message="site capacity",
                field=f"/periods/0/{field}",
                detail=f"the effective {column} of site {row['site']} in the period {row['period start']}",
            )


@then(parsers.parse('the supplier, BRP and trader of both sites of capacity trade "{trade}" are told: {events}'))
def _(market: MarketWorld, trade: str, events: str) -> None:
    expected = [event.strip() for event in events.split(",")]
    current = capacity_trading.trade(market, trade)
    for site in market.sites.values():
        if site.mpan in {current["sellerMpan"], current["buyerMpan"]}:
            for actor in recipients_of(site).values():
                capacity_notices.check_events(market, trade, actor, expected, {site.mpan})


@then(parsers.parse('the DNO is asked to decide capacity trade "{trade}" knowing the seller\'s recent peak of {kw} kW'))
def _(market: MarketWorld, trade: str, kw: str) -> None:
    notices = capacity_notices.trade_notices(market, trade, "DNO")
    expect_equal(
        [n["payload"]["event"] for n in notices][:1],
        ["CONDITIONAL"],
        rule="BMR-34",
        message="CapacityTradeNotice",
        field="/payload/event",
        detail=f"the DNO's first notice of {trade}",
    )
    expect_amount(
        notices[0]["payload"]["trade"]["sellerRecentPeakKw"],
        kw,
        rule="BMR-32",
        message="CapacityTradeNotice",
        field="/payload/trade/sellerRecentPeakKw",
        detail=f"the seller's recent peak told to the DNO with {trade}",
    )


@then(parsers.parse('the {actor} is sent these CapacityBreach notices for site "{site}" on capacity trade "{trade}":'))
def _(market: MarketWorld, actor: str, site: str, trade: str, datatable: list[list[str]]) -> None:
    capacity_notices.check_breaches(market, trade, actor, site, rows(datatable))


@then(parsers.parse("the market actors hold these positions on the capacity trades:"))
def _(market: MarketWorld, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        check_position(market, row["market actor"], row["position"])
