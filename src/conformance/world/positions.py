"""The market actor positions of the report, each turned into something observable at the NMF."""

import re
from collections.abc import Callable
from decimal import Decimal

from conformance.checks import as_decimal, expect_count, expect_equal
from conformance.exchange import expect_success
from conformance.failures import ConformanceFailure
from conformance.refusals import check_not_visible
from conformance.world.inspection import about, inbox, of_type, refresh_transaction, settlement, verification
from conformance.world.labels import NMF_LABEL, canonical_label
from conformance.world.market import MarketWorld
from conformance.world.notices import check_told_nothing_about, recipients_of, visibility_events
from conformance.world.periods import period_starts

PositionCheck = Callable[[MarketWorld, str, str], None]


def check_buyer(market: MarketWorld, requirement: str, label: str) -> None:
    """The actor bought every transaction on the requirement and heard of every offer."""
    buyer_id = market.actor(label).actor_id
    for _, seller in market.deals_on(requirement):
        transaction = refresh_transaction(market, requirement, seller)
        expect_equal(
            transaction["buyerId"],
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
        detail=f"offers on requirement {requirement} told to the {label}",
    )


def check_seller(market: MarketWorld, requirement: str, label: str) -> None:
    """The actor sells a transaction whose settlement penalises exactly the verified under-delivery."""
    if any(notice["prompt"] for notice in market.unavailability.get((requirement, canonical_label(label)), [])):
        msg = f"the {label} gave a prompt unavailability notice: its penalty is not implied by verification alone"
        raise ValueError(msg)
    seller_id = market.actor(label).actor_id
    transaction = refresh_transaction(market, requirement, label)
    expect_equal(
        transaction["sellerId"],
        seller_id,
        rule="BMR-08",
        message="transaction",
        field="/sellerId",
        detail=f"the seller of the {label} transaction",
    )
    under = [p for p in verification(market, requirement, label)["periods"] if p["status"] == "UNDER_DELIVERED"]
    statement = expect_success(settlement(market, requirement, label), 200)
    penalised = as_decimal(statement["penaltyGbp"]) != Decimal(0)
    expect_equal(
        penalised,
        bool(under),
        rule="BMR-20",
        message="settlement",
        field="/penaltyGbp",
        detail=f"whether the {label} is penalised, given {len(under)} under-delivered period(s)",
    )


def check_seller_through(aggregator: str) -> PositionCheck:
    """The actor's sites deliver under the aggregator's transaction; the actor is party to nothing."""

    def check(market: MarketWorld, requirement: str, label: str) -> None:
        transaction = refresh_transaction(market, requirement, aggregator)
        owned = {site.mpan for site in market.sites.values() if site.owner == canonical_label(label)}
        in_deal = {site["mpan"] for site in transaction["sites"]}
        if not owned or not owned <= in_deal:
            raise ConformanceFailure(
                rule="BMR-07",
                message="transaction",
                field="/sites",
                detail=f"the sites of the {label} are not all in the {aggregator} transaction",
            )
        expect_equal(
            transaction["sellerId"],
            market.actor(aggregator).actor_id,
            rule="BMR-07",
            message="transaction",
            field="/sellerId",
            detail=f"the seller for the sites of the {label}",
        )
        check_uninvolved(market, requirement, label)

    return check


def check_imbalance_exposed(market: MarketWorld, requirement: str, label: str) -> None:
    """One INSTRUCTED VolumeNotice per dispatch and dispatched MPAN served, adding up to the dispatch."""
    expected_count = 0
    for _, seller in market.deals_on(requirement):
        transaction = market.transaction(requirement, seller)
        served = [
            site
            for mpan in (s["mpan"] for s in transaction["sites"])
            if (site := market.site_by_mpan(mpan)) and canonical_label(label) in recipients_of(site).values()
        ]
        for dispatch in market.dispatches_of(requirement, seller):
            periods = list(period_starts(dispatch["start"], dispatch["end"]))
            total: dict[str, Decimal] = dict.fromkeys(periods, Decimal(0))
            for site in served:
                notices = [
                    n
                    for n in of_type(inbox(market, label), "VolumeNotice")
                    if n["payload"]["dispatchId"] == dispatch["dispatchId"]
                    and n["payload"]["mpan"] == site.mpan
                    and n["payload"]["status"] == "INSTRUCTED"
                ]
                expect_count(
                    notices,
                    1,
                    rule="BMR-13",
                    message="VolumeNotice",
                    detail=f"notices of site {site.label} for one dispatch told to the {label}",
                )
                told = notices[0]["payload"]["periods"]
                expect_equal(
                    [p["periodStart"] for p in told],
                    periods,
                    rule="BMR-13",
                    message="VolumeNotice",
                    field="/payload/periods",
                    detail=f"dispatched periods of site {site.label}",
                )
                for period in told:
                    total[period["periodStart"]] += Decimal(period["volumeKwh"])
            expected_count += len(served)
            if len(served) == len(transaction["sites"]):
                _check_volume_sum(total, Decimal(dispatch["capacityKw"]) / 2, len(served), label)
    all_volume = [n for n in of_type(inbox(market, label), "VolumeNotice") if n["payload"]["status"] == "INSTRUCTED"]
    expect_count(
        all_volume,
        expected_count,
        rule="BMR-13",
        message="VolumeNotice",
        detail=f"INSTRUCTED volume notices in the inbox of the {label}",
    )


def _check_volume_sum(total: dict[str, Decimal], expected: Decimal, sites: int, label: str) -> None:
    rounding = Decimal("0.0005") * sites  # each site's volume is rounded to 3 decimals
    for start, kwh in total.items():
        if abs(kwh - expected) > rounding:
            raise ConformanceFailure(
                rule="BMR-13",
                message="VolumeNotice",
                field="/payload/periods",
                detail=f"volumes told to the {label} for {start} do not add up to the dispatch",
                expected=str(expected),
                actual=str(kwh),
            )


def check_observer(market: MarketWorld, requirement: str, label: str) -> None:
    """The actor sees every transaction's events and is party to none (the ESO and the DNO)."""
    actor = market.actor(label)
    for _, seller in market.deals_on(requirement):
        transaction = refresh_transaction(market, requirement, seller)
        events = ["ACCEPTED"] + (["ARMED"] if transaction.get("armedAt") else [])
        events += ["DISPATCHED"] * len(market.dispatches_of(requirement, seller))
        expect_equal(
            visibility_events(market, label, transaction["transactionId"]),
            events,
            rule="BMR-14",
            message="VisibilityNotice",
            field="/payload/event",
            detail=f"events of the {seller} transaction shown to the {label}",
        )
        if actor.actor_id in {transaction["buyerId"], transaction["sellerId"]}:
            raise ConformanceFailure(
                rule="BMR-14",
                message="transaction",
                field="/buyerId",
                detail=f"the {label} is a party to the {seller} transaction",
            )
        read = market.nmf.get(actor, f"/transactions/{transaction['transactionId']}", None)
        check_not_visible(read, reader=label)
    others = [n["messageType"] for n in inbox(market, label) if n["messageType"] != "VisibilityNotice"]
    expect_equal(
        others,
        [],
        rule="BMR-15",
        message="notices",
        field="/messageType",
        detail=f"notices other than visibility sent to the {label}",
    )


def check_meter_data_provider(market: MarketWorld, requirement: str, label: str) -> None:
    """Every dispatched period was verified from this actor's readings, and it was told nothing."""
    for _, seller in market.deals_on(requirement):
        for index, period in enumerate(verification(market, requirement, seller)["periods"]):
            if period["status"] == "AWAITING_METER_DATA":
                raise ConformanceFailure(
                    rule="BMR-18",
                    message="verification",
                    field=f"/periods/{index}/status",
                    detail=f"readings sent by the {label} did not reach the {seller} verification",
                )
    check_uninvolved(market, requirement, label)


def check_facilitator(market: MarketWorld, requirement: str, label: str) -> None:
    """No transaction has the NMF, or anyone outside the market's actors, as a party."""
    del label
    actor_ids = {actor.actor_id for actor in market.actors.values()}
    for _, seller in market.deals_on(requirement):
        transaction = refresh_transaction(market, requirement, seller)
        for field in ("buyerId", "sellerId"):
            if transaction[field] not in actor_ids:
                raise ConformanceFailure(
                    rule="BMR-22",
                    message="transaction",
                    field=f"/{field}",
                    detail=f"the {seller} transaction has a party that is no market actor",
                    actual=transaction[field],
                )
        if transaction["buyerId"] == transaction["sellerId"]:
            raise ConformanceFailure(
                rule="BMR-22", message="transaction", field="/sellerId", detail="the buyer is its own seller"
            )


def check_uninvolved(market: MarketWorld, requirement: str, label: str) -> None:
    """The actor received nothing about the requirement or any of its transactions."""
    ids = {market.requirement(requirement)["requirementId"]}
    ids |= {market.transaction(*key)["transactionId"] for key in market.deals_on(requirement)}
    check_told_nothing_about(market, label, ids, f"requirement {requirement}")


_FIXED: dict[str, PositionCheck] = {
    "buyer": check_buyer,
    "seller exposed to penalties": check_seller,
    "exposed to imbalance": check_imbalance_exposed,
    "monitor of activity": check_observer,
    "network owner kept informed": check_observer,
    "meter data provider": check_meter_data_provider,
    "facilitator without contract": check_facilitator,
    "not involved": check_uninvolved,
}
_THROUGH = re.compile(r"seller through the (?P<aggregator>.+)")


def position_check(position: str) -> PositionCheck:
    """The check that makes one position of the report's table observable."""
    if position in _FIXED:
        return _FIXED[position]
    if match := _THROUGH.fullmatch(position):
        return check_seller_through(match["aggregator"])
    known = ", ".join([*_FIXED, "seller through the <aggregator>"])
    msg = f"no check is defined for position {position!r}; known: {known}"
    raise ValueError(msg)


def check_position(market: MarketWorld, requirement: str, label: str, position: str) -> None:
    """Check one row of a market actor positions table."""
    check = position_check(position)
    if canonical_label(label) != NMF_LABEL:
        market.actor(label)  # a position of an actor the scenario never registered is a scenario error
    check(market, requirement, label)
