"""Notices (NMF → actor): an outbox table read through a per-recipient cursor.

A notice's cursor is its `seq`. Readers page with `seq > after`, so a recipient's notices must become
visible in `seq` order: writers hold a per-recipient lock from taking a `seq` until they commit
(taken in recipient order, so two writers never wait on each other in a cycle).
"""

import uuid
from datetime import datetime
from typing import Any

from reference_impl import json_text
from reference_impl.db import Conn
from reference_impl.instants import format_instant

SCHEMA_VERSION = "1.0"

Notice = tuple[str, dict[str, Any]]
"""(recipient id, envelope)."""


def envelope(
    *, recipient_id: str, message_type: str, correlation_id: str, payload: dict[str, Any], created_at: datetime
) -> Notice:
    """One notice envelope for one recipient."""
    return recipient_id, {
        "messageId": str(uuid.uuid4()),
        "messageType": message_type,
        "schemaVersion": SCHEMA_VERSION,
        "sender": "NMF",
        "recipient": recipient_id,
        "correlationId": correlation_id,
        "createdAt": format_instant(created_at),
        "payload": payload,
    }


def post(conn: Conn, notices: list[Notice]) -> None:
    """Queue notices, in the order given."""
    if not notices:
        return
    for recipient in sorted({recipient for recipient, _ in notices}):
        conn.lock("notices", recipient)
    conn.executemany(
        "INSERT INTO notifications (recipient_id, envelope) VALUES (?, ?)",
        [(recipient, json_text.dumps(body)) for recipient, body in notices],
    )


def page(conn: Conn, recipient_id: str, after: int, limit: int) -> dict[str, Any]:
    """`{items, nextCursor}`: the recipient's notices after a cursor, oldest first."""
    rows = conn.all(
        "SELECT seq, envelope FROM notifications WHERE recipient_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (recipient_id, after, limit),
    )
    items = [json_text.loads(row["envelope"]) for row in rows]
    next_cursor = str(rows[-1]["seq"]) if rows else str(after)
    return {"items": items, "nextCursor": next_cursor}
