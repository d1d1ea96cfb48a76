"""Time as each actor sees it: its test clock's now, or real UTC now (whole seconds).

A clock key is the test clock id, or "" for the real clock; actors trade only on one key.
"""

from datetime import datetime

from reference_impl import repository
from reference_impl.db import Conn
from reference_impl.entities import Actor
from reference_impl.instants import real_now
from reference_impl.problems import conflict

REAL_CLOCK = ""


def clock_key(actor: Actor) -> str:
    """The clock an actor lives on."""
    return actor.test_clock_id or REAL_CLOCK


def now_on(conn: Conn, key: str) -> datetime:
    """Now on a clock key."""
    if key == REAL_CLOCK:
        return real_now()
    found = repository.clock(conn, key)
    return real_now() if found is None else found.now


def now_for(conn: Conn, actor: Actor) -> datetime:
    """Now as `actor` sees it."""
    return now_on(conn, clock_key(actor))


def require_same_clock(key: str, other: str, what: str) -> None:
    """409 when two parties live on different clocks: they never interact."""
    if key != other:
        raise conflict(f"{what} is on a different clock; actors on different clocks never interact")
