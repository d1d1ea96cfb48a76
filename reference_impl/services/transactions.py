"""Acceptance (BMR-08), stacking (BMR-10), arming and lapse (BMR-09), unwinding (BMR-21)."""

import uuid
from datetime import datetime
from typing import Any

from reference_impl import repository, resources
from reference_impl.clock import require_same_clock
from reference_impl.entities import Offer, Transaction
from reference_impl.instants import format_instant
from reference_impl.money import format_quantity
from reference_impl.problems import conflict, forbidden, not_found
from reference_impl.services import fields as f
from reference_impl.services import lookup
from reference_impl.services.context import Context
from reference_impl.settlement_periods import periods

_P = "/payload"


def committed_periods(tx: Transaction, now: datetime) -> set[str]:
    """The Settlement Periods a transaction still holds its sites for (BMR-10).

    A transaction that lapsed unarmed holds nothing; unwound periods were released.
    """
    if resources.transaction_status(tx, now) == resources.LAPSED:
        return set()
    return {format_instant(p) for p in periods(tx.window_start, tx.window_end)} - set(tx.unwound_periods)


def _check_stacking(ctx: Context, offer: Offer, window: set[str]) -> None:
    repository.lock_sites(ctx.conn, [site["mpan"] for site in offer.sites])
    for site in offer.sites:
        for other in repository.transactions_holding(ctx.conn, site["mpan"], ctx.clock):
            if committed_periods(other, ctx.now) & window:
                raise conflict(
                    f"site {site['mpan']} is committed to transaction {other.id} in an overlapping Settlement Period",
                    rule="BMR-10",
                )


def accept_offer(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /acceptances: the buyer accepts a whole offer once, before the arming deadline."""
    offer_id = f.text(payload, "offerId", _P)
    offer = repository.offer(ctx.conn, offer_id, lock=True)
    if offer is None:
        raise not_found(f"no offer {offer_id}", pointer=f"{_P}/offerId")
    req = lookup.requirement(ctx.conn, offer.requirement_id, lock=True)  # its accepted kW (BMR-08)
    if req.buyer_id != ctx.actor.id:
        raise forbidden("only the requirement's buyer accepts its offers", rule="BMR-08")
    if offer.seller_id == ctx.actor.id:
        raise forbidden("a buyer is never its own seller", rule="BMR-22")
    require_same_clock(ctx.clock, req.clock_id, "the requirement")
    if offer.status == "ACCEPTED":
        raise conflict("the offer has already been accepted", rule="BMR-08")
    if ctx.now >= req.arming_deadline:
        raise conflict("the requirement's arming deadline has passed", rule="BMR-08")
    if req.accepted_kw + offer.offered_kw > req.capacity_kw:
        raise conflict(
            f"accepting {format_quantity(offer.offered_kw)} kW would exceed the requirement's "
            f"{format_quantity(req.capacity_kw)} kW ({format_quantity(req.accepted_kw)} kW already accepted)",
            rule="BMR-08",
        )
    window = {format_instant(p) for p in periods(req.window_start, req.window_end)}
    _check_stacking(ctx, offer, window)
    tx = Transaction(
        id=str(uuid.uuid4()),
        requirement_id=req.id,
        offer_id=offer.id,
        buyer_id=req.buyer_id,
        seller_id=offer.seller_id,
        clock_id=req.clock_id,
        service=req.service,
        zone_id=req.zone_id,
        window_start=req.window_start,
        window_end=req.window_end,
        accepted_kw=offer.offered_kw,
        sites=[{"mpan": s["mpan"], "capacityKw": s["capacityKw"]} for s in offer.sites],
        utilisation_price=offer.utilisation_price,
        availability_price=offer.availability_price,
        arming_deadline=req.arming_deadline,
        status="ACCEPTED",
        armed_at=None,
        unwound_periods=[],
        created_at=ctx.now,
    )
    repository.insert_transaction(ctx.conn, tx)
    offer.status = "ACCEPTED"
    repository.update(ctx.conn, "offers", "id", offer)
    req.accepted_kw += offer.offered_kw
    repository.update(ctx.conn, "requirements", "id", req)
    body = resources.transaction(tx, ctx.now)
    ctx.notify([tx.seller_id], "OfferAccepted", tx.id, {"transaction": body})
    _visibility(ctx, tx, "ACCEPTED")
    return 201, body


def _visibility(ctx: Context, tx: Transaction, event: str) -> None:
    zone = lookup.zone(ctx.conn, tx.zone_id)
    start, end = format_instant(tx.window_start), format_instant(tx.window_end)
    ctx.notify_visibility(zone, tx, event, format_quantity(tx.accepted_kw), (start, end))


def arm(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /arming-instructions: strictly before the arming deadline, once."""
    tx = lookup.buyers_transaction(ctx, f.text(payload, "transactionId", _P), "BMR-09")
    status = resources.transaction_status(tx, ctx.now)
    if status == "ARMED":
        raise conflict("the transaction is already armed", rule="BMR-09")
    if status == resources.LAPSED:
        raise conflict("the arming deadline has passed: the transaction lapsed", rule="BMR-09")
    if status == "UNWOUND":
        raise conflict("the transaction has been unwound", rule="BMR-21")
    tx.status = "ARMED"
    tx.armed_at = ctx.now
    repository.update(ctx.conn, "transactions", "id", tx)
    body = resources.transaction(tx, ctx.now)
    ctx.notify([tx.seller_id], "ArmingConfirmed", tx.id, {"transaction": body})
    _visibility(ctx, tx, "ARMED")
    return 200, body


def unwind(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /unwinds: release every period not started and not dispatched; at least one."""
    tx = lookup.buyers_transaction(ctx, f.text(payload, "transactionId", _P), "BMR-21")
    f.text(payload, "reason", _P)
    status = resources.transaction_status(tx, ctx.now)
    if status not in ("ACCEPTED", "ARMED"):
        raise conflict(f"only an accepted or armed transaction can be unwound (it is {status})", rule="BMR-21")
    dispatched = {
        format_instant(p)
        for d in repository.dispatches_of(ctx.conn, tx.id)
        if d.status in resources.LIVE_DISPATCH
        for p in periods(d.start_at, d.end_at)
    }
    released = [
        format_instant(p)
        for p in periods(tx.window_start, tx.window_end)
        if p > ctx.now and format_instant(p) not in dispatched
    ]
    if not released:
        raise conflict("no Settlement Period of the window can be released", rule="BMR-21")
    tx.status = "UNWOUND"
    tx.unwound_periods = released
    repository.update(ctx.conn, "transactions", "id", tx)
    body = resources.transaction(tx, ctx.now)
    ctx.notify([tx.seller_id], "TransactionUnwound", tx.id, {"transaction": body})
    _visibility(ctx, tx, "UNWOUND")
    return 200, body


def read_transaction(ctx: Context, transaction_id: str) -> dict[str, Any]:
    """GET /transactions/{id}: buyer and seller only."""
    tx = lookup.visible_transaction(ctx.conn, ctx.actor, transaction_id)
    return resources.transaction(tx, ctx.now)
