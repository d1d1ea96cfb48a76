"""Notices (NMF → actor): an outbox table read through a per-recipient cursor."""

import json
import sqlite3
import uuid
from datetime import datetime
from typing import Any

from reference_impl.instants import format_instant

SCHEMA_VERSION = "1.0"


def post(
    conn: sqlite3.Connection,
    *,
    recipient_id: str,
    message_type: str,
    correlation_id: str,
    payload: dict[str, Any],
    created_at: datetime,
) -> None:
    """Queue one notice envelope for one recipient."""
    envelope = {
        "messageId": str(uuid.uuid4()),
        "messageType": message_type,
        "schemaVersion": SCHEMA_VERSION,
        "sender": "NMF",
        "recipient": recipient_id,
        "correlationId": correlation_id,
        "createdAt": format_instant(created_at),
        "payload": payload,
    }
    conn.execute(
        "INSERT INTO notifications (recipient_id, envelope) VALUES (?, ?)",
        (recipient_id, json.dumps(envelope, separators=(",", ":"))),
    )


def page(conn: sqlite3.Connection, recipient_id: str, after: int, limit: int) -> dict[str, Any]:
    """`{items, nextCursor}`: the recipient's notices after a cursor, oldest first."""
    rows = conn.execute(
        "SELECT seq, envelope FROM notifications WHERE recipient_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (recipient_id, after, limit),
    ).fetchall()
    items = [json.loads(row["envelope"]) for row in rows]
    next_cursor = str(rows[-1]["seq"]) if rows else str(after)
    return {"items": items, "nextCursor": next_cursor}
