"""Positions of the parties to a deal: the buyer, the sellers, and the site owners who sell through an aggregator."""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from conformance.checks import expect_amount, expect_count, expect_equal
from conformance.exchange import expect_success
from conformance.failures import ConformanceFailure
from conformance.refusals import check_not_visible
from conformance.world.inspection import about, inbox, of_type, refresh_transaction, settlement, verification
from conformance.world.labels import canonical_label
from conformance.world.market import MarketWorld
from conformance.world.notices import check_told_nothing_about
from conformance.world.told import TOLD, check_told

# rules.md, Parameters: `penaltyMultiplier`.
PENALTY_MULTIPLIER = Decimal("1.00")
# What the buyer is told; anything else (what sellers and the imbalance-exposed are told) is not its business.
_BUYERS_NOTICES = {"OfferReceived", "DispatchOverruled", "UnavailabilityReported"}


def check_buyer(market: MarketWorld, requirement: str, label: str) -> None:
    """The actor bought every transaction, heard of every offer, and is told only what a buyer is told."""
    buyer_id = market.actor(label).actor_id
    ids = _thread_ids(market, requirement)
    for _, seller in market.deals_on(requirement):
        expect_equal(
            refresh_transaction(market, requirement, seller)["buyerId"],
            buyer_id,
            rule="BMR-08",
            message="transaction",
            field="/buyerId",
            detail=f"the buyer of the {seller} transaction",
        )
    offers = [key for key in market.offers if key[0] == requirement]
    received = about(of_type(inbox(market, label), "OfferReceived"), market.requirement(requirement)["requirementId"])
    expect_count(
        received,
        len(offers),
        rule="BMR-07",
        message="OfferReceived",
        counted=f"OfferReceived about requirement {requirement} to the {label}",
    )
    others = sorted({n["messageType"] for n in inbox(market, label) if n.get("correlationId") in ids} - _BUYERS_NOTICES)
    expect_equal(
        others,
        [],
        rule="BMR-15",
        message="notices",
        field="/messageType",
        detail=f"notices meant for sellers or the imbalance-exposed sent to the {label}, the buyer",
    )


def implied_penalty(market: MarketWorld, requirement: str, seller: str) -> tuple[Decimal, str]:
    """BMR-20's penalty from the NMF's own verification of a deal, with how it was worked out."""
    if any(notice["prompt"] for notice in market.unavailability.get((requirement, canonical_label(seller)), [])):
        msg = f"the {seller} gave a prompt unavailability notice: its penalty is not implied by verification alone"
        raise ValueError(msg)
    price = Decimal(market.transaction(requirement, seller)["utilisationGbpPerMwh"])
    under = [p for p in verification(market, requirement, seller)["periods"] if p["status"] == "UNDER_DELIVERED"]
    total = Decimal(0)
    for period in under:
        shortfall = Decimal(period["instructedKwh"]) - Decimal(period["deliveredKwh"])
        line = shortfall / 1000 * price * PENALTY_MULTIPLIER
        total += line.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    how = f"{len(under)} period(s) the NMF verified as UNDER_DELIVERED, at {price} GBP/MWh"
    return total, how


def _check_seller(market: MarketWorld, requirement: str, label: str) -> list[str]:
    """The actor sells its transaction and carries the penalty its verified shortfall implies; its sites' MPANs."""
    transaction = refresh_transaction(market, requirement, label, as_actor=label)  # a seller reads its own deal
    for message_type, told in TOLD.items():
        caused = any(event["event"] == told.event for event in market.events_of(requirement, label))
        if told.recipients == "seller" and caused:
            check_told(market, requirement, label, message_type, "seller")
    expect_equal(
        transaction["sellerId"],
        market.actor(label).actor_id,
        rule="BMR-08",
        message="transaction",
        field="/sellerId",
        detail=f"the seller of the {label} transaction",
    )
    penalty, how = implied_penalty(market, requirement, label)
    statement = expect_success(settlement(market, requirement, label, as_actor=label), 200)
    expect_amount(
        statement["penaltyGbp"],
        f"{penalty}",
        rule="BMR-20",
        message="settlement",
        field="/penaltyGbp",
        detail=f"the penalty of the {label}, read by itself: {how}",
    )
    return [site["mpan"] for site in transaction["sites"]]


def _expect_sites(market: MarketWorld, mpans: list[str], label: str, *, aggregated: bool) -> None:
    for mpan in mpans:
        site = market.site_by_mpan(mpan)
        owner, aggregator = (None, None) if site is None else (site.owner, site.aggregator)
        mine = aggregator == label and owner != label if aggregated else owner == label and aggregator is None
        if not mine:
            how = "sites it aggregates for their owners" if aggregated else "its own sites, not aggregated"
            raise ConformanceFailure(
                rule="BMR-07",
                message="transaction",
                field="/sites",
                detail=f"the {label} sells {how}; MPAN {mpan} is owned by {owner} and aggregated by {aggregator}",
            )


def check_direct_seller(market: MarketWorld, requirement: str, label: str) -> None:
    """A provider selling its own, unaggregated sites, exposed to the penalty for what it did not deliver."""
    _expect_sites(market, _check_seller(market, requirement, label), label, aggregated=False)


def check_aggregator(market: MarketWorld, requirement: str, label: str) -> None:
    """The aggregator sells the sites it aggregates for others and carries their penalty."""
    _expect_sites(market, _check_seller(market, requirement, label), label, aggregated=True)


def _check_behind(market: MarketWorld, requirement: str, label: str, aggregator: str) -> None:
    """Its aggregated sites deliver under the aggregator's transaction, which it neither reads nor hears of."""
    transaction = refresh_transaction(market, requirement, aggregator)
    owned = {s.mpan for s in market.sites.values() if s.owner == canonical_label(label) and s.aggregator == aggregator}
    in_deal = {site["mpan"] for site in transaction["sites"]}
    if not owned or not owned <= in_deal:
        raise ConformanceFailure(
            rule="BMR-07",
            message="transaction",
            field="/sites",
            detail=f"the sites the {label} sells through the {aggregator} are not all in the {aggregator} transaction",
        )
    expect_equal(
        transaction["sellerId"],
        market.actor(aggregator).actor_id,
        rule="BMR-07",
        message="transaction",
        field="/sellerId",
        detail=f"the seller for the sites of the {label}",
    )
    transaction_id = transaction["transactionId"]
    for suffix in ("", "/settlement"):
        check_cannot_read(market, label, transaction_id, suffix)
    told = [n["messageType"] for n in inbox(market, label) if n.get("correlationId") == transaction_id]
    expect_equal(
        told,
        [],
        rule="BMR-15",
        message="notices",
        field="/correlationId",
        detail=f"notices about the {aggregator} transaction sent to the {label}, who is party to none",
    )


def seller_through(aggregator: str) -> Callable[[MarketWorld, str, str], None]:
    """A site owner that sells only through an aggregator: party to nothing, told nothing."""

    def check(market: MarketWorld, requirement: str, label: str) -> None:
        _check_behind(market, requirement, label, aggregator)
        check_uninvolved(market, requirement, label)

    return check


def seller_directly_and_through(aggregator: str) -> Callable[[MarketWorld, str, str], None]:
    """A provider with one site sold directly and another through an aggregator."""

    def check(market: MarketWorld, requirement: str, label: str) -> None:
        check_direct_seller(market, requirement, label)
        _check_behind(market, requirement, label, aggregator)

    return check


def check_cannot_read(market: MarketWorld, label: str, transaction_id: str, suffix: str) -> None:
    """A read of a transaction (or its `suffix`: /verification, /settlement) by a non-party is refused (BMR-15)."""
    answer = market.nmf.get(market.actor(label), f"/transactions/{transaction_id}{suffix}", None)
    check_not_visible(answer, reader=label)


def _thread_ids(market: MarketWorld, requirement: str) -> set[str]:
    ids = {market.requirement(requirement)["requirementId"]}
    return ids | {market.transaction(*key)["transactionId"] for key in market.deals_on(requirement)}


def check_uninvolved(market: MarketWorld, requirement: str, label: str) -> None:
    """The actor received nothing about the requirement or any of its transactions."""
    ids = _thread_ids(market, requirement)
    check_told_nothing_about(market, label, ids, f"requirement {requirement}")
