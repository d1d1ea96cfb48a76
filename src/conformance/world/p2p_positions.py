"""What the peer-to-peer use cases (UC4/UC5 capacity trades, UC6 offsetting) check alike in their positions."""

from collections.abc import Callable, Mapping

from conformance.failures import ConformanceFailure
from conformance.refusals import check_not_visible
from conformance.world.labels import NMF_LABEL, canonical_label
from conformance.world.market import Json, MarketWorld
from conformance.world.notices import check_told_nothing_about

PositionCheck = Callable[[MarketWorld, str], None]


def check_two_parties(market: MarketWorld, records: Mapping[str, Json], *, rule: str, message: str) -> None:
    """Every record is between two different registered market actors (`sellerId`, `buyerId`); the NMF is neither."""
    actor_ids = {a.actor_id for a in market.actors.values()}
    for label, current in records.items():
        parties = {current["sellerId"], current["buyerId"]}
        if not parties <= actor_ids or len(parties) != 2:
            raise ConformanceFailure(
                rule=rule,
                message=message,
                field="/sellerId",
                detail=f"{label} is not between two different market actors",
                actual=sorted(parties),
            )


def run_position(
    market: MarketWorld, positions: Mapping[str, PositionCheck], actor: str, position: str, what: str
) -> None:
    """One row of a positions table: the check its words name, for an actor the scenario registered."""
    if position not in positions:
        msg = f"no check is defined for {what} position {position!r}; known: {', '.join(positions)}"
        raise ValueError(msg)
    if canonical_label(actor) != NMF_LABEL:
        market.actor(actor)
    positions[position](market, actor)


def check_outsider(
    market: MarketWorld,
    actor: str,
    records: Mapping[str, Json],
    *,
    read_path: Callable[[Json], str],
    told_ids: set[str],
    what: str,
    message: str,
) -> None:
    """Not expected to be involved: told nothing about `told_ids`, party to no record, and may read none."""
    check_told_nothing_about(market, actor, told_ids, what)
    reader = market.actor(actor)
    for label, current in records.items():
        if reader.actor_id in {current["sellerId"], current["buyerId"]}:
            raise ConformanceFailure(
                rule="BMR-15", message=message, field="/sellerId", detail=f"the {actor} is party to {label}"
            )
        check_not_visible(market.nmf.get(reader, read_path(current), None), reader=actor)
