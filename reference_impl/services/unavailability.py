"""Unplanned unavailability (BMR-17): the seller's notice, its promptness, and who is told."""

import uuid
from typing import Any

from reference_impl import repository, resources
from reference_impl.clock import require_same_clock
from reference_impl.entities import Unavailability
from reference_impl.instants import format_instant
from reference_impl.money import format_quantity
from reference_impl.params import PROMPT_NOTICE
from reference_impl.problems import conflict, forbidden, invalid
from reference_impl.services import fields as f
from reference_impl.services import lookup
from reference_impl.services.context import Context
from reference_impl.settlement_periods import require_period_start

_P = "/payload"


def report(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /unavailability-notices: prompt when received within 15 minutes of detection."""
    tx = lookup.transaction(ctx.conn, f.text(payload, "transactionId", _P), lock=True)
    if tx.seller_id != ctx.actor.id:
        raise forbidden("only the transaction's seller reports its unavailability", rule="BMR-17")
    require_same_clock(ctx.clock, tx.clock_id, "the transaction")
    detected = f.instant(payload, "detectedAt", _P)
    start = f.instant(payload, "from", _P, "BMR-01")
    end = f.instant(payload, "to", _P, "BMR-01")
    require_period_start(start, f"{_P}/from")
    require_period_start(end, f"{_P}/to")
    if end <= start:
        raise invalid("to must be after from", pointer=f"{_P}/to", rule="BMR-01")
    if start < tx.window_start or end > tx.window_end:
        raise invalid("the period must lie inside the transaction's window", pointer=f"{_P}/from", rule="BMR-17")
    available = f.quantity(payload, "availableKw", _P)
    if available > tx.accepted_kw:
        raise invalid("more than the accepted kW", pointer=f"{_P}/availableKw", rule="BMR-17")
    reason = f.text(payload, "reason", _P)
    if detected > ctx.now:
        raise conflict("unavailability cannot be detected in the future", rule="BMR-17", pointer=f"{_P}/detectedAt")
    notice = Unavailability(
        id=str(uuid.uuid4()),
        transaction_id=tx.id,
        detected_at=detected,
        received_at=ctx.now,
        from_at=start,
        to_at=end,
        available_kw=available,
        reason=reason,
        prompt=ctx.now - detected <= PROMPT_NOTICE,
    )
    repository.insert(ctx.conn, "unavailabilities", notice)
    body = resources.unavailability(notice)
    ctx.notify([tx.buyer_id], "UnavailabilityReported", tx.id, {"unavailability": body})
    zone = lookup.zone(ctx.conn, tx.zone_id)
    ctx.notify_visibility(
        zone, tx, "UNAVAILABLE", format_quantity(available), (format_instant(start), format_instant(end))
    )
    return 201, body
