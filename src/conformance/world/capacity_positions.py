"""The report's UC4/UC5 market actor positions, each made observable at the NMF."""

from decimal import Decimal

from conformance.checks import expect_amount, expect_equal
from conformance.failures import ConformanceFailure
from conformance.world import capacity_notices as told
from conformance.world.capacity_trading import CAPACITY_COLUMN, refresh, site_capacity, trade
from conformance.world.inspection import inbox
from conformance.world.labels import canonical_label
from conformance.world.market import MarketWorld
from conformance.world.p2p_positions import PositionCheck, check_outsider, check_two_parties, run_position

DECIDED = ["CONDITIONAL", "APPROVED"]


def _sides(market: MarketWorld, actor: str, side: str) -> list[str]:
    actor_id = market.actor(actor).actor_id
    return [label for label in market.capacity_trades if refresh(market, label)[f"{side}Id"] == actor_id]


def _check_capacity(market: MarketWorld, label: str, actor: str, side: str) -> None:
    """The party reads its own site's effective capacity moved by exactly the approved kVA in each period."""
    current = trade(market, label)
    site = next(s for s in market.sites.values() if s.mpan == current[f"{side}Mpan"])
    importing = current["direction"] == "IMPORT"
    field = "micKva" if importing else "mecKva"
    read = site_capacity(market, site.label, *_window(current), as_actor=actor)
    authorised = Decimal(read["authorisedMicKva" if importing else "authorisedMecKva"])
    moved = Decimal(current["approvedKva"]) * (1 if side == "buyer" else -1)
    periods = read["periods"]
    for index, period in enumerate(periods):
        expect_amount(
            period[field],
            str(authorised + moved),
            rule="BMR-33",
            message="site capacity",
            field=f"/periods/{index}/{field}",
            detail=f"the effective {CAPACITY_COLUMN[current['direction']]} of the {side} site of {label}, "
            f"read by the {actor}",
        )


def _window(current: dict[str, object]) -> tuple[str, str]:
    window = current["window"]
    assert isinstance(window, dict)
    return str(window["start"]), str(window["end"])


def _require(labels: list[str], actor: str, side: str) -> None:
    if not labels:
        raise ConformanceFailure(
            rule="BMR-30", message="capacity trade", field=f"/{side}Id", detail=f"the {actor} is the {side} of no trade"
        )


def check_seller(market: MarketWorld, actor: str) -> None:
    """Seller: party to its trades, told CONDITIONAL then APPROVED, its own capacity lowered by what it sold."""
    labels = _sides(market, actor, "seller")
    _require(labels, actor, "seller")
    for label in labels:
        told.check_events(market, label, actor, DECIDED, None)
        _check_capacity(market, label, actor, "seller")


def check_buyer(market: MarketWorld, actor: str) -> None:
    """Buyer: asked to agree, told the DNO's conditions, its own capacity raised by what it bought."""
    labels = _sides(market, actor, "buyer")
    _require(labels, actor, "buyer")
    for label in labels:
        notices = told.check_events(market, label, actor, ["PROPOSED", *DECIDED], None)
        expect_equal(
            notices[-1]["payload"]["trade"]["decision"]["conditions"],
            market.capacity_conditions[label],
            rule="BMR-32",
            message="CapacityTradeNotice",
            field="/payload/trade/decision/conditions",
            detail=f"the DNO's conditions on {label} told to the buyer, the {actor}",
        )
        _check_capacity(market, label, actor, "buyer")


def check_approver(market: MarketWorld, actor: str) -> None:
    """The DNO: asked for each decision with the seller's recent usage, party to nothing, sees both sites."""
    actor_id = market.actor(actor).actor_id
    for label in market.capacity_trades:
        current = refresh(market, label)
        told.check_events(market, label, actor, DECIDED, None)
        if actor_id in {current["sellerId"], current["buyerId"]}:
            raise ConformanceFailure(
                rule="BMR-32", message="capacity trade", field="/sellerId", detail=f"the {actor} is a party to {label}"
            )
        for side in ("seller", "buyer"):
            _check_capacity(market, label, actor, side)


def check_imbalance_exposed(market: MarketWorld, actor: str) -> None:
    """Supplier or trader: told each event with the changes to every MPAN it serves, and nothing else."""
    total = 0
    for label in market.capacity_trades:
        mpans = told.served(market, label, canonical_label(actor))
        if mpans:
            total += len(told.check_events(market, label, actor, DECIDED, mpans))
    _check_total(market, actor, total)


def check_brp(market: MarketWorld, actor: str) -> None:
    """BRP: as a supplier, and each approval reaches it strictly before Gate Closure of the trade's first period."""
    check_imbalance_exposed(market, actor)
    for label in market.capacity_trades:
        if told.served(market, label, canonical_label(actor)):
            approval = told.trade_notices(market, label, actor)[-1]
            told.check_told_before_gate_closure(approval, label, actor, trade(market, label)["window"]["start"])


def _check_total(market: MarketWorld, actor: str, expected: int) -> None:
    notices = [n for n in inbox(market, actor) if n["messageType"] == "CapacityTradeNotice"]
    expect_equal(
        len(notices),
        expected,
        rule="BMR-34",
        message="CapacityTradeNotice",
        field="",
        detail=f"capacity trade notices in the inbox of the {actor}",
    )


def check_uninvolved(market: MarketWorld, actor: str) -> None:
    """Not expected to be involved: told nothing about any trade, and party to none."""
    check_outsider(
        market,
        actor,
        market.capacity_trades,
        read_path=lambda current: f"/capacity-trades/{current['tradeId']}",
        told_ids={current["tradeId"] for current in market.capacity_trades.values()},
        what="capacity trades",
        message="capacity trade",
    )


def check_facilitator(market: MarketWorld, actor: str) -> None:
    """Every trade is between two different market actors; the NMF is neither."""
    del actor
    check_two_parties(market, market.capacity_trades, rule="BMR-30", message="capacity trade")


POSITIONS: dict[str, PositionCheck] = {
    "seller of capacity": check_seller,
    "buyer of capacity under the DNO's conditions": check_buyer,
    "approver with conditions": check_approver,
    "exposed to imbalance, told of each change": check_imbalance_exposed,
    "told of each change before Gate Closure": check_brp,
    "not involved in capacity trading": check_uninvolved,
    "facilitator informing affected parties": check_facilitator,
}


def check_position(market: MarketWorld, actor: str, position: str) -> None:
    """One row of the UC4/UC5 positions table."""
    run_position(market, POSITIONS, actor, position, "capacity")
