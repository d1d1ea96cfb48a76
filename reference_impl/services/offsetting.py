"""Offsetting transactions (UC6): proposal by the buyer, agreement by the seller, the DNO's approval, reads."""

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from reference_impl import repository
from reference_impl.clock import now_on, require_same_clock
from reference_impl.entities import OffsettingTransaction
from reference_impl.params import CAPACITY_DECISION_LEAD, OFFSET_MIN_PERIODS, POWER_FACTOR
from reference_impl.problems import conflict, forbidden, invalid, not_found
from reference_impl.services import capacity_book, dno_approval, lookup, offsetting_schemes
from reference_impl.services import fields as f
from reference_impl.services import offsetting_book as book
from reference_impl.services.context import Context
from reference_impl.services.effective_capacity import MEC, MIC, effective_kva
from reference_impl.settlement_periods import period_count, periods, require_period_start, require_window

_P = "/payload"


def notify(ctx: Context, tx: OffsettingTransaction, event: str, recipients: list[str] | None = None) -> None:
    """One OffsettingNotice of an event to each recipient, by default everyone told of the transaction (BMR-51)."""
    scheme = offsetting_schemes.load(ctx, tx.scheme_id, "/payload/schemeId")
    payload = {"event": event, "scheme": book.scheme_json(scheme, ctx.now), "transaction": book.as_json(tx, ctx.now)}
    ctx.notify(book.told(ctx.conn, tx) if recipients is None else recipients, "OffsettingNotice", tx.id, payload)


def _load(ctx: Context, payload: dict[str, Any]) -> OffsettingTransaction:
    tx_id = f.text(payload, "transactionId", _P)
    sql = f"SELECT * FROM offsetting_transactions WHERE id = ?{ctx.conn.for_update}"  # noqa: S608 - constant suffix
    tx = repository.fetch_one(ctx.conn, OffsettingTransaction, sql, (tx_id,))
    if tx is None:
        raise not_found(f"no offsetting transaction {tx_id}", pointer=f"{_P}/transactionId")
    require_same_clock(ctx.clock, tx.clock_id, "the offsetting transaction")
    return tx


def _require_verified(ctx: Context, status: str) -> None:
    if status == book.LAPSED:
        raise conflict("the scheme's fail-safe verification has lapsed; the DNO must verify it again", rule="BMR-46")
    if status != book.APPROVED:
        raise conflict(f"the scheme is {status}: no outline approval from the DNO", rule="BMR-45")


def _check_first_leg_fits(ctx: Context, tx: OffsettingTransaction) -> None:
    """BMR-47: the first leg stays within the seller's effective capacity, at the power factor, in every period."""
    site = repository.site(ctx.conn, tx.seller_mpan)
    assert site is not None  # the scheme was registered with it
    capacity_type = MIC if book.FLOWS[tx.direction][0] == "IMPORT" else MEC
    authorised = site.mic_kva if capacity_type == MIC else site.mec_kva
    moves = capacity_book.moves_of(capacity_book.trades_of(ctx.conn, site.mpan, ctx.clock))
    for period in periods(tx.window_start, tx.window_end):
        limit_kw = effective_kva(authorised, site.mpan, capacity_type, period, moves) * POWER_FACTOR
        if tx.first_baseline_kw + tx.volume_kw > limit_kw:
            raise invalid(
                f"the first leg would take the seller's site above its {capacity_type} ({limit_kw} kW)",
                pointer=f"{_P}/volumeKw",
                rule="BMR-47",
            )


def _check_not_stacked(ctx: Context, tx: OffsettingTransaction) -> None:
    """BMR-47: no MPAN is on a leg of two live, overlapping offsetting transactions."""
    for mpan in (tx.seller_mpan, tx.buyer_mpan):
        for other in book.live_on(ctx.conn, tx.clock_id, mpan):
            overlaps = other.window_start < tx.window_end and tx.window_start < other.window_end
            if overlaps and book.status(other, ctx.now) not in {book.REJECTED, book.LAPSED}:
                raise conflict(f"MPAN {mpan} is already on a leg of an offsetting transaction then", rule="BMR-47")


def propose(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /offsetting-transactions: the scheme's buyer proposes two linked legs of equal kW (BMR-47)."""
    scheme = offsetting_schemes.load(ctx, f.text(payload, "schemeId", _P), f"{_P}/schemeId")
    window = f.obj(payload.get("window"), f"{_P}/window")
    start = f.instant(window, "start", f"{_P}/window", "BMR-01")
    end = f.instant(window, "end", f"{_P}/window", "BMR-01")
    require_window(start, end, f"{_P}/window")
    volume = f.positive_quantity(payload, "volumeKw", _P, rule="BMR-47")
    first_baseline = f.quantity(payload, "firstLegBaselineKw", _P)
    second_baseline = f.quantity(payload, "secondLegBaselineKw", _P)
    price = f.money(payload, "priceGbpPerMwh", _P)
    if scheme.buyer_id != ctx.actor.id:
        raise forbidden("only the scheme's buyer proposes an offsetting transaction", rule="BMR-47")
    if period_count(start, end) < OFFSET_MIN_PERIODS:
        raise invalid(
            f"an offsetting window spans at least {OFFSET_MIN_PERIODS} Settlement Periods",
            pointer=f"{_P}/window",
            rule="BMR-49",
        )
    _require_verified(ctx, book.scheme_status(scheme, ctx.now))
    deadline = start - CAPACITY_DECISION_LEAD
    if ctx.now >= deadline:
        raise conflict("too late: the DNO could not approve before its deadline", rule="BMR-48")
    tx = OffsettingTransaction(
        id=str(uuid.uuid4()),
        clock_id=ctx.clock,
        scheme_id=scheme.id,
        zone_id=scheme.zone_id,
        direction=scheme.direction,
        buyer_mpan=scheme.buyer_mpan,
        seller_mpan=scheme.seller_mpan,
        buyer_id=scheme.buyer_id,
        seller_id=scheme.seller_id,
        window_start=start,
        window_end=end,
        volume_kw=volume,
        first_baseline_kw=first_baseline,
        second_baseline_kw=second_baseline,
        price_gbp_per_mwh=price,
        status=book.PROPOSED,
        decision_deadline=deadline,
        decision=None,
        second_leg_from=None,
        tripped_at=None,
        trip_reason=None,
        unwound_from=None,
        created_at=ctx.now,
    )
    repository.lock_sites(ctx.conn, [tx.seller_mpan, tx.buyer_mpan])
    _check_first_leg_fits(ctx, tx)
    _check_not_stacked(ctx, tx)
    repository.insert(ctx.conn, "offsetting_transactions", tx)
    notify(ctx, tx, "PROPOSED", [tx.seller_id])
    return 201, book.as_json(tx, ctx.now)


def agree(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /offsetting-agreements: the seller agrees; the transaction is conditional on the DNO (BMR-47, BMR-48)."""
    tx = _load(ctx, payload)
    if tx.seller_id != ctx.actor.id:
        raise forbidden("only the seller of the offsetting transaction agrees to it", rule="BMR-47")
    current = book.status(tx, ctx.now)
    if current == book.LAPSED:
        raise conflict("the decision deadline has passed; the transaction lapsed", rule="BMR-48")
    if current != book.PROPOSED:
        raise conflict(f"the transaction is {current}, not PROPOSED", rule="BMR-47")
    tx = replace(tx, status=book.PENDING_DNO)
    repository.update(ctx.conn, "offsetting_transactions", "id", tx)
    notify(ctx, tx, "CONDITIONAL")
    return 200, book.as_json(tx, ctx.now)


def decide(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /offsetting-decisions: the zone's DNO approves or rejects before the deadline (BMR-48)."""
    tx = _load(ctx, payload)
    if lookup.zone(ctx.conn, tx.zone_id).dno_id != ctx.actor.id:
        raise forbidden("only the DNO of the transaction's zone decides", rule="BMR-48")
    dno_approval.require_open(ctx.now, tx.decision_deadline, rule="BMR-48")
    current = book.status(tx, ctx.now)
    if current != book.PENDING_DNO:
        raise conflict(f"the transaction is {current}; the DNO decides only an agreed one", rule="BMR-48")
    approval = dno_approval.read_decision(payload, tx.volume_kw, ctx.now)
    if approval.decision == dno_approval.APPROVED:
        _require_verified(ctx, book.scheme_status(offsetting_schemes.load(ctx, tx.scheme_id, "/"), ctx.now))
    approved = approval.granted(tx.volume_kw) is not None
    tx = replace(tx, status=book.APPROVED if approved else book.REJECTED, decision=approval.as_json())
    repository.update(ctx.conn, "offsetting_transactions", "id", tx)
    notify(ctx, tx, "APPROVED" if approved else "REJECTED")
    return 200, book.as_json(tx, ctx.now)


def unwind(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /offsetting-revocations: the zone's DNO unwinds an approved transaction from a period on (BMR-48)."""
    tx = _load(ctx, payload)
    if lookup.zone(ctx.conn, tx.zone_id).dno_id != ctx.actor.id:
        raise forbidden("only the DNO of the transaction's zone unwinds it", rule="BMR-48")
    start = f.instant(payload, "from", _P, "BMR-01")
    require_period_start(start, f"{_P}/from")
    f.text(payload, "reason", _P)
    if tx.status != book.APPROVED or tx.unwound_from is not None:
        raise conflict(
            f"the transaction is {book.status(tx, ctx.now)}; only an approved one is unwound, once", rule="BMR-48"
        )
    dno_approval.require_revocable(start, (tx.window_start, tx.window_end), ctx.now, "BMR-48")
    tx = replace(tx, unwound_from=start)
    repository.update(ctx.conn, "offsetting_transactions", "id", tx)
    notify(ctx, tx, "UNWOUND")
    return 200, book.as_json(tx, ctx.now)


def visible(ctx: Context, tx_id: str) -> tuple[OffsettingTransaction, datetime]:
    """A transaction its parties and the zone's DNO may read, with now on its clock; 404 for anyone else."""
    sql = "SELECT * FROM offsetting_transactions WHERE id = ?"
    tx = repository.fetch_one(ctx.conn, OffsettingTransaction, sql, (tx_id,))
    if tx is None or ctx.actor.id not in {tx.buyer_id, tx.seller_id, lookup.zone(ctx.conn, tx.zone_id).dno_id}:
        raise not_found(f"no offsetting transaction {tx_id}")
    return tx, now_on(ctx.conn, tx.clock_id)


def read_transaction(ctx: Context, tx_id: str) -> dict[str, Any]:
    """GET /offsetting-transactions/{id}."""
    tx, now = visible(ctx, tx_id)
    return book.as_json(tx, now)
