"""The market actor positions of the report: each position's check, by the words of the positions table."""

import re
from collections.abc import Callable

from conformance.world import position_observers as observers
from conformance.world import position_parties as parties
from conformance.world.labels import NMF_LABEL, canonical_label
from conformance.world.market import MarketWorld

PositionCheck = Callable[[MarketWorld, str, str], None]

_FIXED: dict[str, PositionCheck] = {
    "buyer": parties.check_buyer,
    "seller exposed to penalties": parties.check_direct_seller,
    "seller for the sites it aggregates, exposed to penalties": parties.check_aggregator,
    "exposed to imbalance": observers.check_imbalance_exposed,
    "exposed to imbalance after Gate Closure": observers.check_imbalance_after_gate_closure,
    "monitor of activity": observers.check_system_operator,
    "network owner kept informed": observers.check_network_owner,
    "operator consulted on dispatches": observers.check_consulted_operator,
    "meter data provider": observers.check_meter_data_provider,
    "facilitator without contract": observers.check_facilitator,
    "not involved": parties.check_uninvolved,
}
_THROUGH = re.compile(r"seller through the (?P<aggregator>.+)")
_BOTH = re.compile(r"seller directly and through the (?P<aggregator>.+), exposed to penalties")


def position_check(position: str) -> PositionCheck:
    """The check that makes one position of the report's table observable."""
    if position in _FIXED:
        return _FIXED[position]
    if match := _THROUGH.fullmatch(position):
        return parties.seller_through(match["aggregator"])
    if match := _BOTH.fullmatch(position):
        return parties.seller_directly_and_through(match["aggregator"])
    known = ", ".join(
        [
            *_FIXED,
            "seller through the <aggregator>",
            "seller directly and through the <aggregator>, exposed to penalties",
        ]
    )
    msg = f"no check is defined for position {position!r}; known: {known}"
    raise ValueError(msg)


def check_position(market: MarketWorld, requirement: str, label: str, position: str) -> None:
    """Check one row of a market actor positions table."""
    check = position_check(position)
    if canonical_label(label) != NMF_LABEL:
        market.actor(label)  # a position of an actor the scenario never registered is a scenario error
    check(market, requirement, label)
