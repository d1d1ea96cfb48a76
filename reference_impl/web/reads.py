"""Read endpoints for actors: clock, requirement, transaction, verification, settlement, notifications."""

import re
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from reference_impl.auth import require_actor
from reference_impl.db import Store
from reference_impl.instants import format_instant
from reference_impl.json_text import JsonResponse
from reference_impl.problems import bad_request
from reference_impl.services import (
    capacity_trades,
    offsetting,
    offsetting_schemes,
    offsetting_settlement,
    outbox,
    portfolio_payments,
    requirements,
    transactions,
    verification,
)
from reference_impl.services.context import Context

_CURSOR = re.compile(r"^[0-9]{1,18}$")
_DEFAULT_LIMIT = 100
_MAX_LIMIT = 500
_PAGE_PARAMS = frozenset({"after", "limit"})


async def _read(request: Request, db: Store, produce: Callable[[Context], dict[str, Any]]) -> Response:
    body = await db.read(lambda conn: produce(Context.for_actor(conn, require_actor(request, conn))))
    return JsonResponse(body)


async def clock(request: Request, db: Store) -> Response:
    """GET /clock: the caller's clock."""
    return await _read(
        request, db, lambda ctx: {"now": format_instant(ctx.now), "testClockId": ctx.actor.test_clock_id}
    )


async def requirement(request: Request, db: Store) -> Response:
    """GET /requirements/{id}."""
    return await _read(request, db, lambda ctx: requirements.read_requirement(ctx, request.path_params["id"]))


async def transaction(request: Request, db: Store) -> Response:
    """GET /transactions/{id}."""
    return await _read(request, db, lambda ctx: transactions.read_transaction(ctx, request.path_params["id"]))


async def transaction_verification(request: Request, db: Store) -> Response:
    """GET /transactions/{id}/verification."""
    return await _read(request, db, lambda ctx: verification.verification(ctx, request.path_params["id"]))


async def transaction_settlement(request: Request, db: Store) -> Response:
    """GET /transactions/{id}/settlement."""
    return await _read(request, db, lambda ctx: verification.settlement(ctx, request.path_params["id"]))


async def capacity_trade(request: Request, db: Store) -> Response:
    """GET /capacity-trades/{id}."""
    return await _read(request, db, lambda ctx: capacity_trades.read_trade(ctx, request.path_params["id"]))


async def site_capacity(request: Request, db: Store) -> Response:
    """GET /sites/{mpan}/capacity?start=&end=."""
    query = request.query_params
    return await _read(
        request,
        db,
        lambda ctx: capacity_trades.read_capacity(
            ctx, request.path_params["mpan"], query.get("start"), query.get("end")
        ),
    )


async def portfolio_action(request: Request, db: Store) -> Response:
    """GET /portfolio-actions/{id}."""
    return await _read(request, db, lambda ctx: portfolio_payments.read_action(ctx, request.path_params["id"]))


async def portfolio_payments_of(request: Request, db: Store) -> Response:
    """GET /portfolio-actions/{id}/payments."""
    return await _read(request, db, lambda ctx: portfolio_payments.payments(ctx, request.path_params["id"]))


async def offsetting_scheme(request: Request, db: Store) -> Response:
    """GET /offsetting-schemes/{id}."""
    return await _read(request, db, lambda ctx: offsetting_schemes.read_scheme(ctx, request.path_params["id"]))


async def offsetting_transaction(request: Request, db: Store) -> Response:
    """GET /offsetting-transactions/{id}."""
    return await _read(request, db, lambda ctx: offsetting.read_transaction(ctx, request.path_params["id"]))


async def offsetting_transaction_settlement(request: Request, db: Store) -> Response:
    """GET /offsetting-transactions/{id}/settlement."""
    return await _read(request, db, lambda ctx: offsetting_settlement.settlement(ctx, request.path_params["id"]))


def _page_params(request: Request) -> tuple[int, int]:
    unknown = sorted(set(request.query_params) - _PAGE_PARAMS)
    if unknown:
        raise bad_request(f"unknown query parameter {unknown[0]!r}: only after and limit are read")
    after = request.query_params.get("after", "0")
    if not _CURSOR.match(after):
        raise bad_request("after must be a cursor returned as nextCursor")
    limit_text = request.query_params.get("limit", str(_DEFAULT_LIMIT))
    if not limit_text.isascii() or not limit_text.isdigit() or not 1 <= int(limit_text) <= _MAX_LIMIT:
        raise bad_request(f"limit must be an integer from 1 to {_MAX_LIMIT}")
    return int(after), int(limit_text)


async def notifications(request: Request, db: Store) -> Response:
    """GET /notifications?after=&limit=: the caller's own notices, oldest first."""
    after, limit = _page_params(request)
    return await _read(request, db, lambda ctx: outbox.page(ctx.conn, ctx.actor.id, after, limit))
