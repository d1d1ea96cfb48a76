"""What a scenario needs of the platform, against what its capability manifest claims.

Every scenario sets the market clock in its Background (`Given the market clock reads ...`) and
moves it or depends on the instant it set, so every scenario needs the settable test clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = ["NOT_CLAIMED", "claims_test_clock", "manifest_option", "not_claimed"]

NOT_CLAIMED: Final = "N/A (not claimed): "  # the start of the message of a scenario the platform does not claim


def manifest_option(use_cases: frozenset[str], test_clock: bool) -> dict[str, Any]:
    """The manifest as the plugin takes it (`--nmf-capabilities`, JSON)."""
    return {"useCases": sorted(use_cases), "testClock": test_clock}


def not_claimed(manifest: Mapping[str, Any] | None, use_case: str | None) -> str | None:
    """Why a scenario of `use_case` is N/A for a platform with `manifest`, or None if it is claimed."""
    if manifest is None:
        return None
    if use_case is not None and use_case not in manifest["useCases"]:
        return f"{NOT_CLAIMED}the platform does not claim {use_case}"
    if not manifest["testClock"]:
        return f"{NOT_CLAIMED}the scenario sets the market clock and the platform does not claim a test clock"
    return None


def claims_test_clock(manifest: Mapping[str, Any] | None) -> bool:
    """Whether the manifest claims the test clock (no manifest: nothing is claimed, a missing clock is not tested)."""
    return manifest is not None and bool(manifest["testClock"])
