"""Broken offsetting NMFs (UC6): the reference, with its offsetting answers corrupted through respx.

`--nmf-target python:tests.offsetting_nmfs:<factory>`. One lets the second leg (generation, in the
usual order) rise before the first leg's rise is measured; one never lets its fail-safe trip.
"""

from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.faulty_nmfs import NOTIFICATIONS, _corrupting, _notices

TRANSACTION = r"^/offsetting-(transactions/[^/]+|decisions)$"


def _released_at_start(tx: dict[str, Any]) -> dict[str, Any]:
    if tx["status"] != "APPROVED" or tx["secondLeg"]["start"] is not None:
        return tx
    return {**tx, "secondLeg": {**tx["secondLeg"], "start": tx["window"]["start"]}}


def _never_tripped(tx: dict[str, Any]) -> dict[str, Any]:
    if tx["status"] != "FAILSAFE_TRIPPED":
        return tx
    end = tx["window"]["end"]
    # The second leg ends a period before the first, as though nothing had happened.
    planned = (datetime.fromisoformat(end) - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        **tx,
        "status": "APPROVED",
        "firstLeg": {**tx["firstLeg"], "end": end},
        "secondLeg": {**tx["secondLeg"], "end": planned},
        "failSafe": {"trippedAt": None, "reason": None},
    }


def _without_trip_notices(notice: dict[str, Any]) -> dict[str, Any] | None:
    if notice["messageType"] == "OffsettingNotice" and notice["payload"]["event"] == "FAILSAFE_TRIPPED":
        return None
    return notice


def second_leg_rises_first(admin_token: str) -> httpx.BaseTransport:
    """An NMF that lets the second leg rise from the window's start, before any reading of the first leg."""
    return _corrupting(
        admin_token,
        [
            ("GET", TRANSACTION, lambda _, body: _released_at_start(body)),
            ("POST", TRANSACTION, lambda _, body: _released_at_start(body)),
        ],
    )


def failsafe_never_trips(admin_token: str) -> httpx.BaseTransport:
    """An NMF whose fail-safe never operates: the transaction carries on and nobody hears of a trip."""
    return _corrupting(
        admin_token,
        [
            ("GET", TRANSACTION, lambda _, body: _never_tripped(body)),
            ("GET", NOTIFICATIONS, _notices(_without_trip_notices)),
        ],
    )
