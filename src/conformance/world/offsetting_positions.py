"""The report's UC6 market actor positions, each made observable at the NMF."""

from datetime import datetime, timedelta

from conformance.checks import expect_count, expect_equal
from conformance.failures import ConformanceFailure
from conformance.world.capacity_notices import check_told_before_gate_closure
from conformance.world.inspection import inbox, of_type
from conformance.world.labels import canonical_label
from conformance.world.market import Json, MarketWorld
from conformance.world.notices import check_told_nothing_about
from conformance.world.offsetting import refresh, refresh_scheme
from conformance.world.offsetting_told import check_events, check_told, notices, told
from conformance.world.p2p_positions import PositionCheck, check_outsider, check_two_parties, run_position

DECIDED = ["CONDITIONAL", "APPROVED"]
VERIFICATION_INTERVAL = timedelta(days=7)


def _as(market: MarketWorld, actor: str, side: str) -> list[tuple[str, Json]]:
    actor_id = market.actor(actor).actor_id
    found = [(label, refresh(market, label)) for label in market.offsetting]
    return [(label, current) for label, current in found if current[f"{side}Id"] == actor_id]


def _require(found: list[tuple[str, Json]], actor: str, side: str) -> None:
    if not found:
        raise ConformanceFailure(
            rule="BMR-47",
            message="offsetting transaction",
            field=f"/{side}Id",
            detail=f"the {actor} is the {side} of none",
        )


def _check_scheme_events(market: MarketWorld, actor: str, scheme_id: str, events: list[str]) -> list[Json]:
    return check_told(market, scheme_id, f"offsetting scheme {scheme_id}", actor, events)


def _check_leg(market: MarketWorld, label: str, current: Json, leg: str, actor: str) -> None:
    site = market.site_by_mpan(current[leg]["mpan"])
    expect_equal(
        None if site is None else site.owner,
        canonical_label(actor),
        rule="BMR-47",
        message="offsetting transaction",
        field=f"/{leg}/mpan",
        detail=f"the owner of the site on the {leg} of {label}",
    )


def check_seller(market: MarketWorld, actor: str) -> None:
    """Seller: asked to agree, its own site on the first leg, which may rise from the window's start."""
    found = _as(market, actor, "seller")
    _require(found, actor, "seller")
    for label, current in found:
        check_events(market, label, actor, ["PROPOSED", *DECIDED])
        _check_scheme_events(market, actor, current["schemeId"], ["SCHEME_REGISTERED", "SCHEME_APPROVED"])
        _check_leg(market, label, current, "firstLeg", actor)
        expect_equal(
            current["firstLeg"]["start"],
            current["window"]["start"],
            rule="BMR-49",
            message="offsetting transaction",
            field="/firstLeg/start",
            detail=f"when the seller's leg of {label} may rise",
        )


def check_buyer(market: MarketWorld, actor: str) -> None:
    """Buyer: told the DNO's conditions, its site on the second leg, held until the first leg's rise is measured."""
    found = _as(market, actor, "buyer")
    _require(found, actor, "buyer")
    for label, current in found:
        told_events = check_events(market, label, actor, DECIDED)
        expect_equal(
            told_events[-1]["payload"]["transaction"]["decision"]["conditions"],
            market.offsetting_conditions[label],
            rule="BMR-48",
            message="OffsettingNotice",
            field="/payload/transaction/decision/conditions",
            detail=f"the DNO's conditions on {label} told to the buyer, the {actor}",
        )
        _check_scheme_events(market, actor, current["schemeId"], ["SCHEME_APPROVED"])
        _check_leg(market, label, current, "secondLeg", actor)
        expect_equal(
            current["secondLeg"]["start"],
            None,
            rule="BMR-49",
            message="offsetting transaction",
            field="/secondLeg/start",
            detail=f"the buyer's leg of {label} before any reading of the first leg",
        )


def check_dcc(market: MarketWorld, actor: str) -> None:
    """DCC: told of each approved scheme with the meter to watch; told nothing of the transactions."""
    for label in market.offsetting_schemes:
        current = refresh_scheme(market, label)
        approval = _check_scheme_events(market, actor, current["schemeId"], ["SCHEME_APPROVED"])
        expect_equal(
            approval[0]["payload"]["scheme"]["failSafe"]["monitoredMpan"],
            current["sellerMpan"],
            rule="BMR-45",
            message="OffsettingNotice",
            field="/payload/scheme/failSafe/monitoredMpan",
            detail=f"the meter the DCC must watch for scheme {label}",
        )
    ids = {market.offsetting[label]["transactionId"] for label in market.offsetting}
    check_told_nothing_about(market, actor, ids, "offsetting transactions")


def check_dno(market: MarketWorld, actor: str) -> None:
    """DNO: asked for each outline approval and each transaction's, party to none; the approval holds 7 days."""
    actor_id = market.actor(actor).actor_id
    for label in market.offsetting_schemes:
        current = refresh_scheme(market, label)
        _check_scheme_events(market, actor, current["schemeId"], ["SCHEME_REGISTERED"])
        decided = datetime.fromisoformat(current["decision"]["decidedAt"])
        expect_equal(
            current["verifiedUntil"],
            (decided + VERIFICATION_INTERVAL).isoformat().replace("+00:00", "Z"),
            rule="BMR-46",
            message="offsetting scheme",
            field="/verifiedUntil",
            detail=f"the end of the verification of scheme {label}",
        )
    for label in market.offsetting:
        current = refresh(market, label)
        check_events(market, label, actor, DECIDED)
        if actor_id in {current["buyerId"], current["sellerId"]}:
            raise ConformanceFailure(
                rule="BMR-48",
                message="offsetting transaction",
                field="/buyerId",
                detail=f"the {actor} is party to {label}",
            )


def _exposed_events(market: MarketWorld, actor: str) -> int:
    total = 0
    for label in market.offsetting:
        if told(market, label).get(canonical_label(actor)) == "exposed":
            total += len(check_events(market, label, actor, DECIDED))
    return total


def check_exposed(market: MarketWorld, actor: str) -> None:
    """Supplier or trader: told each event of every transaction on a site it serves, and nothing else."""
    total = _exposed_events(market, actor)
    expect_count(
        of_type(inbox(market, actor), "OffsettingNotice"),
        total,
        rule="BMR-51",
        message="OffsettingNotice",
        counted=f"offsetting notices to the {actor}",
    )


def check_brp(market: MarketWorld, actor: str) -> None:
    """BRP: as a supplier, and each approval reaches it strictly before Gate Closure of the window's first period."""
    check_exposed(market, actor)
    for label in market.offsetting:
        if told(market, label).get(canonical_label(actor)) == "exposed":
            current = market.offsetting[label]
            approval = notices(market, current["transactionId"], actor)[-1]
            check_told_before_gate_closure(approval, label, actor, current["window"]["start"], rule="BMR-51")


def check_uninvolved(market: MarketWorld, actor: str) -> None:
    """Not expected to be involved: told nothing of any scheme or transaction, party to none, and may read none."""
    check_outsider(
        market,
        actor,
        market.offsetting,
        read_path=lambda current: f"/offsetting-transactions/{current['transactionId']}",
        told_ids={current["transactionId"] for current in market.offsetting.values()}
        | {current["schemeId"] for current in market.offsetting_schemes.values()},
        what="offsetting",
        message="offsetting transaction",
    )


def check_facilitator(market: MarketWorld, actor: str) -> None:
    """Every transaction is between two different registered actors; the NMF is neither."""
    del actor
    check_two_parties(market, market.offsetting, rule="BMR-47", message="offsetting transaction")


POSITIONS: dict[str, PositionCheck] = {
    "seller moving first": check_seller,
    "buyer above its capacity under the DNO's terms": check_buyer,
    "carrier of the fail-safe's data": check_dcc,
    "outline and per-transaction approver": check_dno,
    "exposed to imbalance, told of each transaction": check_exposed,
    "told of each transaction before Gate Closure": check_brp,
    "not involved in offsetting": check_uninvolved,
    "facilitator informing affected parties": check_facilitator,
}


def check_position(market: MarketWorld, actor: str, position: str) -> None:
    """One row of the UC6 positions table."""
    run_position(market, POSITIONS, actor, position, "offsetting")
