"""Offsetting schemes (UC6): the DNO's outline approval of a pair of sites and their fail-safe (BMR-45, BMR-46)."""

import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any

from reference_impl import repository
from reference_impl.clock import now_on, require_same_clock
from reference_impl.entities import OffsettingScheme
from reference_impl.problems import conflict, forbidden, invalid, not_found
from reference_impl.services import dno_approval, lookup
from reference_impl.services import fields as f
from reference_impl.services import offsetting_book as book
from reference_impl.services.context import Context

_P = "/payload"
# The scheme decision allows no limit (APPROVED or REJECTED), so nothing is ever compared with this.
_NO_LIMIT = Decimal(0)


def _notify(ctx: Context, scheme: OffsettingScheme, event: str, recipients: list[str]) -> None:
    payload = {"event": event, "scheme": book.scheme_json(scheme, ctx.now), "transaction": None}
    ctx.notify(recipients, "OffsettingNotice", scheme.id, payload)


def register(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /offsetting-schemes: the buyer's site owner names the site that moves first (BMR-45)."""
    direction = f.one_of(payload, "direction", tuple(book.FLOWS), _P)
    buyer = lookup.site(ctx.conn, f.text(payload, "buyerMpan", _P), f"{_P}/buyerMpan")
    seller = lookup.site(ctx.conn, f.text(payload, "sellerMpan", _P), f"{_P}/sellerMpan")
    if buyer.owner_id != ctx.actor.id:
        raise forbidden("only the owner of the buyer's site registers an offsetting scheme", rule="BMR-45")
    if buyer.mpan == seller.mpan or buyer.owner_id == seller.owner_id:
        raise invalid("the two sites must belong to two different actors", pointer=f"{_P}/sellerMpan", rule="BMR-45")
    if buyer.zone_id != seller.zone_id:
        raise invalid("both sites must be in the same constraint zone", pointer=f"{_P}/sellerMpan", rule="BMR-45")
    seller_owner = repository.actor(ctx.conn, seller.owner_id)
    require_same_clock(ctx.clock, (seller_owner.test_clock_id if seller_owner else None) or "", "the seller's site")
    scheme = OffsettingScheme(
        id=str(uuid.uuid4()),
        clock_id=ctx.clock,
        zone_id=buyer.zone_id,
        direction=direction,
        buyer_mpan=buyer.mpan,
        seller_mpan=seller.mpan,
        buyer_id=buyer.owner_id,
        seller_id=seller.owner_id,
        status=book.PENDING_DNO,
        decision=None,
        verified_at=None,
        created_at=ctx.now,
    )
    repository.insert(ctx.conn, "offsetting_schemes", scheme)
    _notify(ctx, scheme, "SCHEME_REGISTERED", [lookup.zone(ctx.conn, scheme.zone_id).dno_id, scheme.seller_id])
    return 201, book.scheme_json(scheme, ctx.now)


def load(ctx: Context, scheme_id: str, pointer: str) -> OffsettingScheme:
    """A scheme on the caller's clock, or 404."""
    sql = f"SELECT * FROM offsetting_schemes WHERE id = ?{ctx.conn.for_update}"  # noqa: S608 - a constant suffix
    scheme = repository.fetch_one(ctx.conn, OffsettingScheme, sql, (scheme_id,))
    if scheme is None:
        raise not_found(f"no offsetting scheme {scheme_id}", pointer=pointer)
    require_same_clock(ctx.clock, scheme.clock_id, "the offsetting scheme")
    return scheme


def decide(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /offsetting-scheme-decisions: the zone's DNO approves, re-verifies or rejects a scheme (BMR-46)."""
    scheme = load(ctx, f.text(payload, "schemeId", _P), f"{_P}/schemeId")
    if lookup.zone(ctx.conn, scheme.zone_id).dno_id != ctx.actor.id:
        raise forbidden("only the DNO of the scheme's zone decides", rule="BMR-46")
    if scheme.status == book.REJECTED:
        raise conflict("the scheme was rejected; register a new one", rule="BMR-46")
    approval = dno_approval.read_decision(payload, _NO_LIMIT, ctx.now)
    approved = approval.decision == dno_approval.APPROVED
    scheme = replace(
        scheme,
        status=book.APPROVED if approved else book.REJECTED,
        decision=approval.as_json(),
        verified_at=ctx.now if approved else scheme.verified_at,
    )
    repository.update(ctx.conn, "offsetting_schemes", "id", scheme)
    recipients = [scheme.buyer_id, scheme.seller_id] + (book.dcc_of(ctx.conn, scheme.clock_id) if approved else [])
    _notify(ctx, scheme, "SCHEME_APPROVED" if approved else "SCHEME_REJECTED", recipients)
    return 200, book.scheme_json(scheme, ctx.now)


def read_scheme(ctx: Context, scheme_id: str) -> dict[str, Any]:
    """GET /offsetting-schemes/{id}: its two site owners and the zone's DNO; 404 for anyone else."""
    scheme = repository.fetch_one(
        ctx.conn, OffsettingScheme, "SELECT * FROM offsetting_schemes WHERE id = ?", (scheme_id,)
    )
    if scheme is None:
        raise not_found(f"no offsetting scheme {scheme_id}")
    dno = lookup.zone(ctx.conn, scheme.zone_id).dno_id
    if ctx.actor.id not in {scheme.buyer_id, scheme.seller_id, dno}:
        raise not_found(f"no offsetting scheme {scheme_id}")
    return book.scheme_json(scheme, now_on(ctx.conn, scheme.clock_id))
