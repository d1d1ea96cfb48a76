"""The JSON shape of every resource the NMF answers with (docs/api.md, "Resources")."""

from datetime import datetime
from typing import Any

from reference_impl.entities import (
    Actor,
    Dispatch,
    Offer,
    Requirement,
    Site,
    TestClock,
    Transaction,
    Unavailability,
    Zone,
)
from reference_impl.instants import format_instant
from reference_impl.money import format_quantity

LAPSED = "LAPSED"
# Dispatch states whose periods are delivered, verified and settled: not blocked by an overrule.
LIVE_DISPATCH = frozenset({"INSTRUCTED", "LIMITED"})


def _instant(moment: datetime | None) -> str | None:
    return None if moment is None else format_instant(moment)


def _window(start: datetime, end: datetime) -> dict[str, str]:
    return {"start": format_instant(start), "end": format_instant(end)}


def test_clock(clock: TestClock) -> dict[str, Any]:
    """`test-clock`."""
    return {"testClockId": clock.id, "now": format_instant(clock.now)}


def actor(entity: Actor, token: str) -> dict[str, Any]:
    """`actor`, with the token shown once."""
    return {
        "actorId": entity.id,
        "name": entity.name,
        "role": entity.role,
        "testClockId": entity.test_clock_id,
        "token": token,
    }


def zone(entity: Zone) -> dict[str, Any]:
    """`zone`."""
    return {
        "zoneId": entity.id,
        "name": entity.name,
        "dnoId": entity.dno_id,
        "dsoId": entity.dso_id,
        "esoId": entity.eso_id,
        "criticalAssets": list(entity.critical_assets),
    }


def site(entity: Site) -> dict[str, Any]:
    """`site`."""
    body = {
        "mpan": entity.mpan,
        "name": entity.name,
        "zoneId": entity.zone_id,
        "criticalAsset": entity.critical_asset,
        "micKva": str(entity.mic_kva),
        "mecKva": str(entity.mec_kva),
        "ownerId": entity.owner_id,
        "aggregatorId": entity.aggregator_id,
        "supplierId": entity.supplier_id,
        "brpId": entity.brp_id,
        "traderId": entity.trader_id,
    }
    return {key: value for key, value in body.items() if value is not None}  # optional ids are omitted


def requirement(entity: Requirement) -> dict[str, Any]:
    """`requirement`."""
    return {
        "requirementId": entity.id,
        "buyerId": entity.buyer_id,
        "zoneId": entity.zone_id,
        "criticalAsset": entity.critical_asset,
        "service": entity.service,
        "window": _window(entity.window_start, entity.window_end),
        "capacityKw": str(entity.capacity_kw),
        "acceptedKw": format_quantity(entity.accepted_kw),
        "armingDeadline": format_instant(entity.arming_deadline),
        "priceCeiling": {
            "utilisationGbpPerMwh": str(entity.utilisation_ceiling),
            "availabilityGbpPerMwPerH": str(entity.availability_ceiling),
        },
        "createdAt": format_instant(entity.created_at),
    }


def offer(entity: Offer) -> dict[str, Any]:
    """`offer`, with the sites exactly as sent."""
    return {
        "offerId": entity.id,
        "requirementId": entity.requirement_id,
        "sellerId": entity.seller_id,
        "sites": entity.sites,
        "offeredKw": format_quantity(entity.offered_kw),
        "utilisationGbpPerMwh": str(entity.utilisation_price),
        "availabilityGbpPerMwPerH": str(entity.availability_price),
        "status": entity.status,
        "createdAt": format_instant(entity.created_at),
    }


def transaction_status(entity: Transaction, now: datetime) -> str:
    """BMR-09: an accepted transaction not armed by its deadline has lapsed."""
    if entity.status == "ACCEPTED" and now >= entity.arming_deadline:
        return LAPSED
    return entity.status


def transaction(entity: Transaction, now: datetime) -> dict[str, Any]:
    """`transaction`, its status as of `now` on its clock."""
    return {
        "transactionId": entity.id,
        "requirementId": entity.requirement_id,
        "offerId": entity.offer_id,
        "buyerId": entity.buyer_id,
        "sellerId": entity.seller_id,
        "service": entity.service,
        "zoneId": entity.zone_id,
        "window": _window(entity.window_start, entity.window_end),
        "acceptedKw": format_quantity(entity.accepted_kw),
        "sites": entity.sites,
        "utilisationGbpPerMwh": str(entity.utilisation_price),
        "availabilityGbpPerMwPerH": str(entity.availability_price),
        "armingDeadline": format_instant(entity.arming_deadline),
        "status": transaction_status(entity, now),
        "armedAt": _instant(entity.armed_at),
        "unwoundPeriods": list(entity.unwound_periods),
        "createdAt": format_instant(entity.created_at),
    }


def dispatch(entity: Dispatch) -> dict[str, Any]:
    """`dispatch`."""
    return {
        "dispatchId": entity.id,
        "transactionId": entity.transaction_id,
        "start": format_instant(entity.start_at),
        "end": format_instant(entity.end_at),
        "capacityKw": format_quantity(entity.capacity_kw),
        "instructedAt": format_instant(entity.instructed_at),
        "status": entity.status,
        "overruledAt": _instant(entity.overruled_at),
        "overruleReason": entity.overrule_reason,
    }


def unavailability(entity: Unavailability) -> dict[str, Any]:
    """`unavailability`."""
    return {
        "noticeId": entity.id,
        "transactionId": entity.transaction_id,
        "detectedAt": format_instant(entity.detected_at),
        "receivedAt": format_instant(entity.received_at),
        "from": format_instant(entity.from_at),
        "to": format_instant(entity.to_at),
        "availableKw": format_quantity(entity.available_kw),
        "reason": entity.reason,
        "prompt": entity.prompt,
    }
