"""What a scenario needs of the platform, against what its capability manifest claims.

Every scenario lays its instants out from the market clock its Background reads (`Given the market clock
reads ...`). A scenario that moves the clock (`the clock moves to ...`) needs the settable test clock; one
that never moves it runs on the platform's own clock when the platform has no test clock, unless it is
tagged `@test_clock` (it, or the Examples block of its row, depends on the instant the clock reads: a
deadline already passed at that instant, say).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

__all__ = [
    "NOT_CLAIMED",
    "TEST_CLOCK_TAG",
    "claims_test_clock",
    "manifest_option",
    "moves_time",
    "not_claimed",
    "uses_test_clock",
]

NOT_CLAIMED: Final = "N/A (not claimed): "  # the start of the message of a scenario the platform does not claim
TEST_CLOCK_TAG: Final = "test_clock"  # a scenario or Examples block that needs the clock without moving it
_MOVES_TIME: Final = re.compile(r'the clock moves to "')  # the one step that moves the market clock


def moves_time(steps: Iterable[str]) -> bool:
    """Whether a scenario with these step texts (its Background's included) moves the market clock."""
    return any(_MOVES_TIME.match(step) for step in steps)


def manifest_option(use_cases: frozenset[str], test_clock: bool) -> dict[str, Any]:
    """The manifest as the plugin takes it (`--nmf-capabilities`, JSON)."""
    return {"useCases": sorted(use_cases), "testClock": test_clock}


def not_claimed(manifest: Mapping[str, Any] | None, use_case: str | None, *, needs_clock: bool) -> str | None:
    """Why a scenario of `use_case` (needing the test clock or not) is N/A for a platform with `manifest`, or None."""
    if manifest is None:
        return None
    if use_case is not None and use_case not in manifest["useCases"]:
        return f"{NOT_CLAIMED}the platform does not claim {use_case}"
    if needs_clock and not manifest["testClock"]:
        return f"{NOT_CLAIMED}the scenario needs the test clock and the platform does not claim one"
    return None


def uses_test_clock(manifest: Mapping[str, Any] | None) -> bool:
    """Whether scenarios ask the platform for a test clock: unless the manifest says it has none."""
    return manifest is None or bool(manifest["testClock"])


def claims_test_clock(manifest: Mapping[str, Any] | None) -> bool:
    """Whether the manifest claims the test clock (no manifest: nothing is claimed, a missing clock is not tested)."""
    return manifest is not None and bool(manifest["testClock"])
