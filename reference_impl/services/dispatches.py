"""Dispatch (BMR-11) and overrule by the other system operator (BMR-16, BMR-24), with their notices."""

import uuid
from decimal import Decimal
from typing import Any

from reference_impl import repository, resources
from reference_impl.clock import require_same_clock
from reference_impl.entities import Dispatch, Transaction
from reference_impl.instants import format_instant
from reference_impl.money import format_quantity
from reference_impl.params import DISPATCH_NOTICE, USED_ONLY_BEFORE_ARMING_DEADLINE
from reference_impl.problems import conflict, invalid, not_found
from reference_impl.services import fields as f
from reference_impl.services import lookup, stor, volumes
from reference_impl.services.context import Context
from reference_impl.settlement_periods import periods, require_window

_P = "/payload"


def _check_status(ctx: Context, tx: Transaction) -> None:
    status = resources.transaction_status(tx, ctx.now)
    if status == resources.LAPSED:
        raise conflict("the transaction lapsed unarmed: it can no longer be dispatched", rule="BMR-09")
    if status == "UNWOUND":
        raise conflict("the transaction has been unwound", rule="BMR-21")
    if status != "ARMED":
        raise conflict("only an armed transaction is dispatched", rule="BMR-11")
    if tx.service in USED_ONLY_BEFORE_ARMING_DEADLINE and ctx.now >= tx.arming_deadline:
        raise conflict(f"{tx.service} is dispatched only before the arming deadline", rule="BMR-09")


def _available_kw(ctx: Context, tx: Transaction, dispatched: set[str]) -> Decimal | None:
    """The lowest kW the seller declared available over the dispatched periods (BMR-17)."""
    limits = [
        u.available_kw
        for u in repository.unavailabilities_of(ctx.conn, tx.id)
        if {format_instant(p) for p in periods(u.from_at, u.to_at)} & dispatched
    ]
    return min(limits, default=None)


def dispatch(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /dispatches: the buyer calls on an armed transaction."""
    tx = lookup.buyers_transaction(ctx, f.text(payload, "transactionId", _P), "BMR-11")
    start = f.instant(payload, "start", _P, "BMR-01")
    end = f.instant(payload, "end", _P, "BMR-01")
    require_window(start, end, _P)
    if start < tx.window_start or end > tx.window_end:
        raise invalid("the dispatch must lie inside the transaction's window", pointer=f"{_P}/start", rule="BMR-11")
    kw = f.positive_quantity(payload, "capacityKw", _P)
    if kw > tx.accepted_kw:
        raise invalid(
            f"more than the accepted {format_quantity(tx.accepted_kw)} kW",
            pointer=f"{_P}/capacityKw",
            rule="BMR-11",
        )
    dispatched = {format_instant(p) for p in periods(start, end)}
    available = _available_kw(ctx, tx, dispatched)
    if available is not None and kw > available:
        raise invalid(
            f"more than the {format_quantity(available)} kW the seller declared available",
            pointer=f"{_P}/capacityKw",
            rule="BMR-17",
        )
    _check_status(ctx, tx)
    if start < ctx.now + DISPATCH_NOTICE:
        raise conflict("a dispatch starts at least 15 minutes after it is instructed", rule="BMR-11")
    for other in repository.dispatches_of(ctx.conn, tx.id):
        if other.status in resources.LIVE_DISPATCH and other.start_at < end and start < other.end_at:
            raise conflict(f"overlaps dispatch {other.id}", rule="BMR-11")
    entity = Dispatch(
        id=str(uuid.uuid4()),
        transaction_id=tx.id,
        start_at=start,
        end_at=end,
        capacity_kw=kw,
        instructed_at=ctx.now,
        status="INSTRUCTED",
        overruled_at=None,
        overrule_reason=None,
    )
    repository.insert(ctx.conn, "dispatches", entity)
    body = resources.dispatch(entity)
    ctx.notify([tx.seller_id], "DispatchInstructed", tx.id, {"dispatch": body})
    _visibility(ctx, tx, entity, "DISPATCHED")
    volumes.send(ctx, tx, entity, "INSTRUCTED")
    return 201, body


def _visibility(ctx: Context, tx: Transaction, entity: Dispatch, event: str) -> None:
    zone = lookup.zone(ctx.conn, tx.zone_id)
    start, end = format_instant(entity.start_at), format_instant(entity.end_at)
    ctx.notify_visibility(zone, tx, event, format_quantity(entity.capacity_kw), (start, end))


def overrule(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /overrules: the zone's other system operator stops a dispatch before it starts (BMR-16, BMR-24)."""
    dispatch_id = f.text(payload, "dispatchId", _P)
    reason = f.text(payload, "reason", _P)
    entity = repository.dispatch(ctx.conn, dispatch_id, lock=True)
    if entity is None:
        raise not_found(f"no dispatch {dispatch_id}", pointer=f"{_P}/dispatchId")
    tx = lookup.transaction(ctx.conn, entity.transaction_id)
    zone = lookup.zone(ctx.conn, tx.zone_id)
    stor.check_overruler(zone, tx, ctx.actor.id)
    require_same_clock(ctx.clock, tx.clock_id, "the transaction")
    limit = None if payload.get("limitKw") is None else f.positive_quantity(payload, "limitKw", _P)
    if limit is not None and limit >= entity.capacity_kw:
        raise invalid(
            f"a limit is less than the dispatch's {format_quantity(entity.capacity_kw)} kW",
            pointer=f"{_P}/limitKw",
            rule="BMR-24",
        )
    if entity.status != "INSTRUCTED":
        raise conflict("the dispatch is already overruled or limited", rule="BMR-16")
    if ctx.now >= entity.start_at:
        raise conflict("a dispatch cannot be overruled once started", rule="BMR-16")
    entity.status = "OVERRULED" if limit is None else "LIMITED"
    entity.capacity_kw = entity.capacity_kw if limit is None else limit
    entity.overruled_at = ctx.now
    entity.overrule_reason = reason
    repository.update(ctx.conn, "dispatches", "id", entity)
    body = resources.dispatch(entity)
    ctx.notify([tx.buyer_id, tx.seller_id], "DispatchOverruled", tx.id, {"dispatch": body})
    _visibility(ctx, tx, entity, entity.status)
    volumes.send(ctx, tx, entity, "CANCELLED" if limit is None else "LIMITED")
    return 200, body
