"""Stored portfolio actions (BMR-38): the recorded resource as one document."""

from typing import Any

from reference_impl import json_text
from reference_impl.db import Conn


def insert(conn: Conn, document: dict[str, Any], clock_id: str) -> None:
    """Store an action as recorded."""
    conn.execute(
        "INSERT INTO portfolio_actions (id, trader_id, clock_id, document) VALUES (?, ?, ?, ?)",
        (document["actionId"], document["traderId"], clock_id, json_text.dumps(document)),
    )


def document(conn: Conn, action_id: str) -> dict[str, Any] | None:
    """An action's recorded resource."""
    row = conn.one("SELECT document FROM portfolio_actions WHERE id = ?", (action_id,))
    return None if row is None else dict(json_text.loads(row["document"]))
