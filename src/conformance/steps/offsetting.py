"""Steps about offsetting (UC6): schemes, linked legs, the fail-safe and settlement; the direction is data."""

from pytest_bdd import given, parsers, then, when

from conformance.exchange import Exchange, expect_success
from conformance.steps.tables import rows, single_row
from conformance.world import offsetting, offsetting_checks
from conformance.world.market import MarketWorld
from conformance.world.offsetting_checks import unquote
from conformance.world.offsetting_positions import check_position
from conformance.world.offsetting_told import check_everyone_told, check_scheme_told


@when(parsers.parse("the buyers register these offsetting schemes:"))
def _(market: MarketWorld, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        exchange = offsetting.register(
            market, row["buyer"], row["scheme"], row["direction"], row["buyer site"], row["seller site"]
        )
        expect_success(exchange, 201)


@when(
    parsers.parse(
        "the {actor} tries to register an offsetting scheme with buyer site {buyer} and seller site {seller}"
    ),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, buyer: str, seller: str) -> Exchange:
    return offsetting.register(market, actor, "attempt", "DEMAND_FIRST", buyer, seller)


@when(parsers.re(r'the DNO (?P<verb>approves|rejects) offsetting scheme "(?P<scheme>[^"]+)"'))
def _(market: MarketWorld, verb: str, scheme: str) -> None:
    expect_success(offsetting.decide_scheme(market, scheme, offsetting.DECISION[verb]), 200)


@when(
    parsers.re(r'the (?P<actor>.+) tries to (?P<verb>approve|reject) offsetting scheme "(?P<scheme>[^"]+)"'),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, verb: str, scheme: str) -> Exchange:
    return offsetting.decide_scheme(market, scheme, offsetting.DECISION[f"{verb}s"], as_actor=actor)


@when(parsers.parse('the DNO verifies offsetting scheme "{scheme}" again'))
def _(market: MarketWorld, scheme: str) -> None:
    expect_success(offsetting.decide_scheme(market, scheme, "APPROVED"), 200)


@when(parsers.parse("the buyers propose these offsetting transactions:"))
def _(market: MarketWorld, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        buyer = market.label_of(offsetting.scheme(market, row["scheme"])["buyerId"])
        expect_success(offsetting.propose(market, buyer, row), 201)


@when(parsers.parse("the {actor} tries to propose an offsetting transaction:"), target_fixture="answer")
def _(market: MarketWorld, actor: str, datatable: list[list[str]]) -> Exchange:
    return offsetting.propose(market, actor, single_row(datatable), validate=False)


@when(parsers.parse('the seller agrees to offsetting transaction "{label}"'))
def _(market: MarketWorld, label: str) -> None:
    expect_success(offsetting.agree(market, label), 200)


@when(parsers.parse('the {actor} tries to agree to offsetting transaction "{label}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, label: str) -> Exchange:
    return offsetting.agree(market, label, as_actor=actor)


@when(parsers.parse('the DNO approves offsetting transaction "{label}" with the condition "{condition}"'))
def _(market: MarketWorld, label: str, condition: str) -> None:
    expect_success(offsetting.decide(market, label, "APPROVED", [condition]), 200)


@when(
    parsers.parse('the {actor} tries to decide {decision} on offsetting transaction "{label}"'), target_fixture="answer"
)
def _(market: MarketWorld, actor: str, decision: str, label: str) -> Exchange:
    return offsetting.decide(market, label, decision, [], as_actor=actor)


@when(parsers.parse('the DNO unwinds offsetting transaction "{label}" from "{start}"'))
def _(market: MarketWorld, label: str, start: str) -> None:
    expect_success(offsetting.unwind(market, label, start), 200)


@when(
    parsers.parse('the {actor} tries to unwind offsetting transaction "{label}" from "{start}"'),
    target_fixture="answer",
)
def _(market: MarketWorld, actor: str, label: str, start: str) -> Exchange:
    return offsetting.unwind(market, label, start, as_actor=actor)


@when(
    parsers.parse(
        'the DNO tries to unwind offsetting transaction "{label}" from "{start}" giving a reason of white space only'
    ),
    target_fixture="answer",
)
def _(market: MarketWorld, label: str, start: str) -> Exchange:
    return offsetting.unwind(market, label, start, reason=" \t\n ")


@when(parsers.parse('the {actor} asks for the settlement of offsetting transaction "{label}"'), target_fixture="answer")
def _(market: MarketWorld, actor: str, label: str) -> Exchange:
    return offsetting.read_settlement(market, label, as_actor=actor)


@given(parsers.parse('offsetting transaction "{label}" is approved:'))
def _(market: MarketWorld, label: str, datatable: list[list[str]]) -> None:
    row = single_row(datatable)
    offsetting.approved(market, label, row)
    held = (row["start"], row["end"], None, offsetting.transaction(market, label)["secondLeg"]["end"])
    offsetting_checks.check_legs(market, label, held)


@given(parsers.parse('the Data Communications Company reads {kwh} kWh on the first leg of "{label}" in "{period}"'))
@when(parsers.parse('the Data Communications Company reads {kwh} kWh on the first leg of "{label}" in "{period}"'))
def _(market: MarketWorld, label: str, kwh: str, period: str) -> None:
    offsetting.report_first_leg(market, label, kwh, period)


@then(
    parsers.parse(
        'offsetting transaction "{label}" is {status} with its second leg held until the first leg\'s rise is measured'
    )
)
def _(market: MarketWorld, label: str, status: str) -> None:
    current = offsetting_checks.check_status(market, label, status)
    offsetting_checks.check_legs(
        market, label, (current["window"]["start"], current["window"]["end"], None, current["secondLeg"]["end"])
    )


@then(parsers.parse('offsetting transaction "{label}" is {status}'))
def _(market: MarketWorld, label: str, status: str) -> None:
    offsetting_checks.check_status(market, label, status)


@then(parsers.parse('offsetting scheme "{scheme}" is {status} until {until}'))
def _(market: MarketWorld, scheme: str, status: str, until: str) -> None:
    offsetting_checks.check_scheme(market, scheme, status, unquote(until))


@then(
    parsers.parse(
        'the legs of offsetting transaction "{label}" are: first from {first_start} to {first_end}, '
        "second from {second_start} to {second_end}"
    )
)
def _(market: MarketWorld, label: str, first_start: str, first_end: str, second_start: str, second_end: str) -> None:
    spans = (unquote(first_start), unquote(first_end), unquote(second_start), unquote(second_end))
    offsetting_checks.check_legs(market, label, spans)


@then(parsers.parse('everyone told of offsetting transaction "{label}" is told: {events}'))
def _(market: MarketWorld, label: str, events: str) -> None:
    check_everyone_told(market, label, [event.strip() for event in events.split(",")])


@then(parsers.parse('the {actor} cannot read offsetting scheme "{scheme}"'))
def _(market: MarketWorld, actor: str, scheme: str) -> None:
    offsetting_checks.check_scheme_hidden(market, actor, scheme)


@then(parsers.parse("the {actor} cannot read an offsetting scheme the NMF never issued"))
def _(market: MarketWorld, actor: str) -> None:
    offsetting_checks.check_scheme_hidden(market, actor, None)


@then(parsers.parse('the {side} of offsetting scheme "{scheme}" is told: {events}'))
def _(market: MarketWorld, side: str, scheme: str, events: str) -> None:
    check_scheme_told(market, scheme, side, [event.strip() for event in events.split(",")])


@then(parsers.parse('the settlement of offsetting transaction "{label}" is:'))
def _(market: MarketWorld, label: str, datatable: list[list[str]]) -> None:
    offsetting_checks.check_settlement(market, label, rows(datatable))


@then(
    parsers.parse(
        'the buyer of offsetting transaction "{label}" pays the seller {amount} GBP for {kwh} kWh of offset energy'
    )
)
def _(market: MarketWorld, label: str, amount: str, kwh: str) -> None:
    offsetting_checks.check_payment(market, label, amount, kwh)


@then(parsers.parse("the market actors hold these positions on offsetting:"))
def _(market: MarketWorld, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        check_position(market, row["market actor"], row["position"])
