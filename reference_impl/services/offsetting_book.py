"""The book of offsetting (UC6): statuses, the two legs' spans, who is told, and how both resources are shown."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from reference_impl import repository
from reference_impl.db import Conn
from reference_impl.entities import OffsettingScheme, OffsettingTransaction
from reference_impl.instants import format_instant
from reference_impl.money import format_money, format_quantity
from reference_impl.params import (
    DATA_SILENCE_LIMIT,
    FAILSAFE_RATIO,
    FAILSAFE_REACTION,
    SCHEME_VERIFICATION_INTERVAL,
    SETTLEMENT_PERIOD,
)
from reference_impl.services import lookup
from reference_impl.settlement_periods import period_end

DEMAND_FIRST: Final = "DEMAND_FIRST"
GENERATION_FIRST: Final = "GENERATION_FIRST"
# The flow each leg raises: the seller's (first) leg, then the buyer's (second) leg.
FLOWS: Final = {DEMAND_FIRST: ("IMPORT", "EXPORT"), GENERATION_FIRST: ("EXPORT", "IMPORT")}
PROPOSED: Final = "PROPOSED"
PENDING_DNO: Final = "PENDING_DNO"
APPROVED: Final = "APPROVED"
REJECTED: Final = "REJECTED"
LAPSED: Final = "LAPSED"
TRIPPED: Final = "FAILSAFE_TRIPPED"
SHORTFALL: Final = "SHORTFALL"
DATA_SILENCE: Final = "DATA_SILENCE"
UNDECIDED: Final = frozenset({PROPOSED, PENDING_DNO})


def verified_until(scheme: OffsettingScheme) -> datetime | None:
    """The instant the scheme's latest verification lapses (BMR-46), None before any approval."""
    return None if scheme.verified_at is None else scheme.verified_at + SCHEME_VERIFICATION_INTERVAL


def scheme_status(scheme: OffsettingScheme, now: datetime) -> str:
    """The stored status, except that an approval lapses at its verification interval's end (BMR-46)."""
    until = verified_until(scheme)
    if scheme.status == APPROVED and until is not None and now >= until:
        return LAPSED
    return scheme.status


def status(tx: OffsettingTransaction, now: datetime) -> str:
    """The stored status, except that an undecided transaction lapses at its decision deadline (BMR-48)."""
    if tx.status in UNDECIDED and now >= tx.decision_deadline:
        return LAPSED
    return tx.status


def second_leg_end(tx: OffsettingTransaction) -> datetime:
    """The second leg ends one period before the first (BMR-49), at the trip (BMR-50) or at the unwinding (BMR-48)."""
    ends = [tx.window_end - SETTLEMENT_PERIOD, tx.tripped_at, tx.unwound_from]
    return min(end for end in ends if end is not None)


def first_leg_end(tx: OffsettingTransaction) -> datetime:
    """The first leg holds to the window's end; after a trip or an unwinding, to the end of that period."""
    cut = tx.tripped_at if tx.tripped_at is not None else tx.unwound_from
    if cut is None:
        return tx.window_end
    period_start = cut - (cut - tx.window_start) % SETTLEMENT_PERIOD
    return min(tx.window_end, period_end(period_start))


def told(conn: Conn, tx: OffsettingTransaction) -> list[str]:
    """Who hears of a transaction's events (BMR-51): both parties, the DNO, and the supplier, BRP and trader of both."""
    dno = lookup.zone(conn, tx.zone_id).dno_id
    return lookup.affected(conn, [tx.buyer_id, tx.seller_id, dno], [tx.seller_mpan, tx.buyer_mpan])


def dcc_of(conn: Conn, clock_id: str) -> list[str]:
    """The Data Communications Company on this clock, which carries the fail-safe's data (BMR-45)."""
    rows = conn.all("SELECT id FROM actors WHERE role = 'DCC' AND COALESCE(test_clock_id, '') = ?", (clock_id,))
    return [str(row["id"]) for row in rows]


def live_on(conn: Conn, clock_id: str, mpan: str) -> list[OffsettingTransaction]:
    """Every transaction on a clock with this MPAN on either leg."""
    sql = (
        "SELECT * FROM offsetting_transactions WHERE clock_id = ? AND (seller_mpan = ? OR buyer_mpan = ?) "
        "ORDER BY created_at, id"
    )
    return repository.fetch_all(conn, OffsettingTransaction, sql, (clock_id, mpan, mpan))


def scheme_json(scheme: OffsettingScheme, now: datetime) -> dict[str, Any]:
    """The OffsettingScheme resource: the pair, the fail-safe and the verification."""
    until = verified_until(scheme)
    first_flow, _ = FLOWS[scheme.direction]
    return {
        "schemeId": scheme.id,
        "zoneId": scheme.zone_id,
        "direction": scheme.direction,
        "buyerMpan": scheme.buyer_mpan,
        "sellerMpan": scheme.seller_mpan,
        "buyerId": scheme.buyer_id,
        "sellerId": scheme.seller_id,
        "status": scheme_status(scheme, now),
        "failSafe": {
            "monitoredMpan": scheme.seller_mpan,
            "monitoredFlow": first_flow,
            "ratio": format_quantity(FAILSAFE_RATIO),
            "reactionSeconds": int(FAILSAFE_REACTION.total_seconds()),
            "dataSilenceSeconds": int(DATA_SILENCE_LIMIT.total_seconds()),
            "curtailedBy": scheme.buyer_id,
        },
        "decision": scheme.decision,
        "verifiedAt": None if scheme.verified_at is None else format_instant(scheme.verified_at),
        "verifiedUntil": None if until is None else format_instant(until),
        "createdAt": format_instant(scheme.created_at),
    }


def _leg(mpan: str, flow: str, baseline: Decimal, start: datetime | None, end: datetime) -> dict[str, Any]:
    return {
        "mpan": mpan,
        "flow": flow,
        "baselineKw": format_quantity(baseline),
        "start": None if start is None else format_instant(start),
        "end": format_instant(end),
    }


def as_json(tx: OffsettingTransaction, now: datetime) -> dict[str, Any]:
    """The OffsettingTransaction resource."""
    first_flow, second_flow = FLOWS[tx.direction]
    released = tx.second_leg_from is not None and tx.second_leg_from < second_leg_end(tx)
    return {
        "transactionId": tx.id,
        "schemeId": tx.scheme_id,
        "zoneId": tx.zone_id,
        "direction": tx.direction,
        "sellerId": tx.seller_id,
        "buyerId": tx.buyer_id,
        "window": {"start": format_instant(tx.window_start), "end": format_instant(tx.window_end)},
        "volumeKw": format_quantity(tx.volume_kw),
        "priceGbpPerMwh": format_money(tx.price_gbp_per_mwh),
        "status": status(tx, now),
        "decisionDeadline": format_instant(tx.decision_deadline),
        "decision": tx.decision,
        "firstLeg": _leg(tx.seller_mpan, first_flow, tx.first_baseline_kw, tx.window_start, first_leg_end(tx)),
        "secondLeg": _leg(
            tx.buyer_mpan,
            second_flow,
            tx.second_baseline_kw,
            tx.second_leg_from if released else None,
            second_leg_end(tx),
        ),
        "failSafe": {
            "trippedAt": None if tx.tripped_at is None else format_instant(tx.tripped_at),
            "reason": tx.trip_reason,
        },
        "unwoundFrom": None if tx.unwound_from is None else format_instant(tx.unwound_from),
        "createdAt": format_instant(tx.created_at),
    }
