"""Positions of those told about flexibility without being party to it: the imbalance-exposed, ESO, DNO, DCC, NMF."""

from datetime import timedelta
from decimal import Decimal

from conformance.checks import as_decimal, expect_count, expect_equal
from conformance.failures import ConformanceFailure
from conformance.world.inspection import inbox, of_type, refresh_transaction, verification
from conformance.world.labels import canonical_label
from conformance.world.market import Json, MarketWorld
from conformance.world.notices import check_one_volume_notice, recipients_of
from conformance.world.periods import format_instant, parse_instant, period_starts
from conformance.world.position_parties import check_cannot_read, check_uninvolved
from conformance.world.visibility import check_visibility

# rules.md, Parameters: `gateClosureMinutes`.
GATE_CLOSURE = timedelta(minutes=60)


def _served(market: MarketWorld, transaction: Json, label: str) -> dict[str, str]:
    """The MPANs of a transaction whose imbalance this actor carries, and the capacity it is told in."""
    served = {}
    for mpan in (s["mpan"] for s in transaction["sites"]):
        site = market.site_by_mpan(mpan)
        for capacity, holder in (recipients_of(site) if site else {}).items():
            if holder == canonical_label(label):
                served[mpan] = capacity
    return served


def _check_volumes(market: MarketWorld, requirement: str, label: str, *, gate_closure: bool) -> None:
    """One INSTRUCTED VolumeNotice per dispatch and MPAN served, in the actor's capacity, adding up to the dispatch."""
    notices = [n for n in of_type(inbox(market, label), "VolumeNotice") if n["payload"]["status"] == "INSTRUCTED"]
    expected_count = 0
    for _, seller in market.deals_on(requirement):
        transaction = market.transaction(requirement, seller)
        check_cannot_read(market, label, transaction["transactionId"], "")
        served = _served(market, transaction, label)
        for dispatch in market.dispatches_of(requirement, seller):
            periods = list(period_starts(dispatch["start"], dispatch["end"]))
            total = dict.fromkeys(periods, Decimal(0))
            for mpan, capacity in served.items():
                site = market.site_by_mpan(mpan)
                told = [
                    n
                    for n in notices
                    if n["payload"]["dispatchId"] == dispatch["dispatchId"] and n["payload"]["mpan"] == mpan
                ]
                name = site.label if site else mpan
                payload = check_one_volume_notice(
                    told, label, capacity, periods, f"INSTRUCTED VolumeNotice for site {name}"
                )
                for index, period in enumerate(payload["periods"]):
                    total[period["periodStart"]] += Decimal(period["volumeKwh"])
                    if gate_closure:
                        _check_gate_closure(period, dispatch["instructedAt"], index, label)
            expected_count += len(served)
            if len(served) == len(transaction["sites"]):
                _check_volume_sum(total, Decimal(dispatch["capacityKw"]) / 2, len(served), label)
    expect_count(
        notices,
        expected_count,
        rule="BMR-13",
        message="VolumeNotice",
        counted=f"INSTRUCTED VolumeNotice(s) in all to the {label}",
    )


def _check_gate_closure(period: Json, instructed_at: str, index: int, label: str) -> None:
    gate = parse_instant(period["periodStart"]) - GATE_CLOSURE
    expect_equal(
        period["afterGateClosure"],
        parse_instant(instructed_at) >= gate,
        rule="BMR-12",
        message="VolumeNotice",
        field=f"/payload/periods/{index}/afterGateClosure",
        detail=f"Gate Closure for {period['periodStart']} is {format_instant(gate)}; "
        f"the dispatch was instructed at {instructed_at} (told to the {label})",
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


def check_imbalance_exposed(market: MarketWorld, requirement: str, label: str) -> None:
    """A supplier or trader: told the volume moved at each MPAN it serves, in its own capacity."""
    _check_volumes(market, requirement, label, gate_closure=False)


def check_imbalance_after_gate_closure(market: MarketWorld, requirement: str, label: str) -> None:
    """The BRP: told the volumes too, and for each Settlement Period whether Gate Closure had passed."""
    _check_volumes(market, requirement, label, gate_closure=True)


def _check_observer(market: MarketWorld, requirement: str, label: str) -> list[Json]:
    """Shown every event of every deal with its content, party to none, reading none, told nothing else."""
    actor = market.actor(label)
    transactions = []
    for _, seller in market.deals_on(requirement):
        transaction = refresh_transaction(market, requirement, seller)
        events = [e["event"] for e in market.events_of(requirement, seller)]
        check_visibility(market, label, requirement, seller, events)
        if actor.actor_id in {transaction["buyerId"], transaction["sellerId"]}:
            raise ConformanceFailure(
                rule="BMR-14",
                message="transaction",
                field="/buyerId",
                detail=f"the {label} is a party to the {seller} transaction",
            )
        check_cannot_read(market, label, transaction["transactionId"], "")
        transactions.append(transaction)
    others = sorted({n["messageType"] for n in inbox(market, label)} - {"VisibilityNotice"})
    expect_equal(
        others,
        [],
        rule="BMR-15",
        message="notices",
        field="/messageType",
        detail=f"notices other than VisibilityNotice sent to the {label}",
    )
    return transactions


def _zone_of(market: MarketWorld, zone_id: str) -> Json:
    return next(zone for zone in market.zones.values() if zone["zoneId"] == zone_id)


def check_system_operator(market: MarketWorld, requirement: str, label: str) -> None:
    """The ESO of the zone: shown each dispatch when it is instructed, before it starts, in time to overrule it."""
    transactions = _check_observer(market, requirement, label)
    for transaction in transactions:
        expect_equal(
            _zone_of(market, transaction["zoneId"])["esoId"],
            market.actor(label).actor_id,
            rule="BMR-14",
            message="zone",
            field="/esoId",
            detail=f"the ESO watching the zone of the transaction shown to the {label}",
        )
        for notice in of_type(inbox(market, label), "VisibilityNotice"):
            payload = notice["payload"]
            late = payload["event"] == "DISPATCHED" and notice["createdAt"] >= payload["start"]
            if payload["transactionId"] == transaction["transactionId"] and late:
                raise ConformanceFailure(
                    rule="BMR-16",
                    message="VisibilityNotice",
                    field="/createdAt",
                    detail=f"the {label} heard of a dispatch only once it had started, too late to overrule it",
                    expected=f"before {payload['start']}",
                    actual=notice["createdAt"],
                )


def check_consulted_operator(market: MarketWorld, requirement: str, label: str) -> None:
    """The zone's DSO on an ESO's transaction: asked about each dispatch at once, an observer otherwise (BMR-24).

    The ask is the DISPATCHED notice, sent at the instant of the dispatch with its kW, start and end,
    so the operator can overrule it strictly before it starts.
    """
    for _, seller in market.deals_on(requirement):
        transaction_id = market.transaction(requirement, seller)["transactionId"]
        asks = [
            (n["createdAt"], as_decimal(n["payload"]["capacityKw"]), n["payload"]["start"], n["payload"]["end"])
            for n in of_type(inbox(market, label), "VisibilityNotice")
            if n["payload"]["transactionId"] == transaction_id and n["payload"]["event"] == "DISPATCHED"
        ]
        dispatched = [
            (d["instructedAt"], as_decimal(d["capacityKw"]), d["start"], d["end"])
            for d in market.dispatches_of(requirement, seller)
        ]
        expect_equal(
            asks,
            dispatched,
            rule="BMR-24",
            message="VisibilityNotice",
            field="/payload",
            detail=f"the dispatches of the {seller} transaction the {label} was asked about, and when",
        )
    for transaction in _check_observer(market, requirement, label):
        expect_equal(
            _zone_of(market, transaction["zoneId"])["dsoId"],
            market.actor(label).actor_id,
            rule="BMR-24",
            message="zone",
            field="/dsoId",
            detail=f"the DSO operating the zone of the transaction shown to the {label}",
        )


def check_network_owner(market: MarketWorld, requirement: str, label: str) -> None:
    """The DNO: the flexibility is bought for a critical asset of its own network, and it is shown every event."""
    transactions = _check_observer(market, requirement, label)
    posted = market.requirement(requirement)
    zone = _zone_of(market, posted["zoneId"])
    expect_equal(
        zone["dnoId"],
        market.actor(label).actor_id,
        rule="BMR-14",
        message="zone",
        field="/dnoId",
        detail=f"the owner of the network requirement {requirement} is posted for",
    )
    if posted["criticalAsset"] not in zone["criticalAssets"]:
        raise ConformanceFailure(
            rule="BMR-06",
            message="requirement",
            field="/criticalAsset",
            detail=f"requirement {requirement} names an asset that is not on the {label}'s network",
            expected=zone["criticalAssets"],
            actual=posted["criticalAsset"],
        )
    for transaction in transactions:
        expect_equal(
            transaction["zoneId"],
            zone["zoneId"],
            rule="BMR-14",
            message="transaction",
            field="/zoneId",
            detail=f"the zone of a transaction shown to the {label}",
        )


def check_meter_data_provider(market: MarketWorld, requirement: str, label: str) -> None:
    """Every dispatched period was verified from this actor's readings; it reads no deal and is told nothing."""
    for _, seller in market.deals_on(requirement):
        for index, period in enumerate(verification(market, requirement, seller)["periods"]):
            if period["status"] == "AWAITING_METER_DATA":
                raise ConformanceFailure(
                    rule="BMR-18",
                    message="verification",
                    field=f"/periods/{index}/status",
                    detail=f"readings sent by the {label} did not reach the {seller} verification",
                )
        transaction_id = market.transaction(requirement, seller)["transactionId"]
        check_cannot_read(market, label, transaction_id, "/verification")
    check_uninvolved(market, requirement, label)


def check_facilitator(market: MarketWorld, requirement: str, label: str) -> None:
    """No transaction has the NMF, or anyone outside the market's actors, as a party; each delivery is verified."""
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
        dispatched = sum(
            (Decimal(d["capacityKw"]) / 2 * len(list(period_starts(d["start"], d["end"]))))
            for d in market.dispatches_of(requirement, seller)
            if d.get("status") != "OVERRULED"
        )
        expect_equal(
            Decimal(verification(market, requirement, seller)["instructedKwh"]),
            dispatched,
            rule="BMR-19",
            message="verification",
            field="/instructedKwh",
            detail=f"the energy instructed of the {seller}, as the NMF collects it",
        )
