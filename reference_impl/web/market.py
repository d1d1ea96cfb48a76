"""Market requests: envelope checks (BMR-04), idempotency (BMR-05), then the service's rules."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pydantic
from starlette.requests import Request
from starlette.responses import Response

from reference_impl import json_text
from reference_impl.auth import require_actor
from reference_impl.db import Conn, Store, savepoint
from reference_impl.problems import PROBLEM_CONTENT_TYPE, ProblemError, conflict, forbidden, invalid
from reference_impl.services.context import Context
from reference_impl.web.bodies import parse_json, read_body, validate

Service = Callable[[Context, dict[str, Any]], tuple[int, dict[str, Any]]]
Thread = Callable[[Conn, dict[str, Any]], str | None]


@dataclass(frozen=True)
class MessageSpec:
    """What one endpoint accepts: the message type, its model, the roles that may send it."""

    message_type: str
    model: type[pydantic.BaseModel]
    roles: frozenset[str]
    service: Service
    correlation: str | None = None
    """The payload field correlationId must equal; "" when it must be absent; None when `thread` decides."""
    thread: Thread | None = None
    """Looks up the id correlationId must equal, when the payload names the thread only indirectly."""


def _body_hash(document: Any) -> str:
    return hashlib.sha256(json_text.canonical(document)).hexdigest()


def _respond(status: int, body: dict[str, Any]) -> Response:
    media_type = PROBLEM_CONTENT_TYPE if status >= 400 else "application/json"
    return json_text.JsonResponse(body, status_code=status, media_type=media_type)


def _check_correlation(spec: MessageSpec, document: dict[str, Any]) -> None:
    correlation = document.get("correlationId")
    if spec.correlation == "" and correlation is not None:
        raise invalid(f"a {spec.message_type} opens no thread and carries no correlationId", pointer="/correlationId")
    if spec.correlation and correlation != document["payload"].get(spec.correlation):
        raise invalid(f"correlationId must be the payload's {spec.correlation}", pointer="/correlationId")


def _check_thread(spec: MessageSpec, conn: Conn, document: dict[str, Any]) -> None:
    correlation = document.get("correlationId")
    if spec.thread is None or correlation is None:
        return
    expected = spec.thread(conn, document["payload"])
    if expected is not None and correlation != expected:
        raise invalid(f"correlationId must be the thread of this {spec.message_type}", pointer="/correlationId")


def _run(ctx: Context, spec: MessageSpec, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The service's answer; a refusal leaves no trace but is still an answer to remember."""
    try:
        with savepoint(ctx.conn):
            answer = spec.service(ctx, payload)
            ctx.send_notices()
            return answer
    except ProblemError as problem:
        return problem.status, problem.to_dict()


async def handle(request: Request, db: Store, spec: MessageSpec) -> Response:
    """Read the body, then exchange the message in one durable write."""
    raw = await read_body(request)
    status, body = await db.write(lambda conn: _exchange(request, conn, spec, raw))
    return _respond(status, body)


def _exchange(request: Request, conn: Conn, spec: MessageSpec, raw: bytes) -> tuple[int, dict[str, Any]]:
    """Authenticate, validate the envelope, replay or run the message, and remember the answer."""
    actor = require_actor(request, conn)
    document = parse_json(raw)
    validate(spec.model, document)
    _check_correlation(spec, document)
    if document["sender"] != actor.id:
        raise forbidden("the envelope's sender must be the authenticated actor")
    if actor.role not in spec.roles:
        raise forbidden(f"a {actor.role} may not send {spec.message_type}")
    _check_thread(spec, conn, document)
    digest = _body_hash(document)
    conn.lock("message", f"{actor.id} {document['messageId']}")  # one run per message id (BMR-05)
    stored = conn.one(
        "SELECT body_hash, status, response FROM messages WHERE sender_id = ? AND message_id = ?",
        (actor.id, document["messageId"]),
    )
    if stored is not None:
        if stored["body_hash"] != digest:
            raise conflict("this messageId was already used for a different message", rule="BMR-05")
        return stored["status"], json_text.loads(stored["response"])
    status, body = _run(Context.for_actor(conn, actor), spec, document["payload"])
    conn.execute(
        "INSERT INTO messages (sender_id, message_id, body_hash, status, response) VALUES (?, ?, ?, ?, ?)",
        (actor.id, document["messageId"], digest, status, json_text.dumps(body)),
    )
    return status, body
