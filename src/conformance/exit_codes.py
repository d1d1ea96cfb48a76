"""The exit codes of `conformance run`, each with the one sentence the help and the README print."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["RunExit", "exit_code_lines"]


class RunExit(IntEnum):
    """Why `conformance run` ended. 0-5 agree with pytest's own codes where they overlap."""

    PASSED = 0
    FAILED = 1
    INCOMPLETE = 2
    SUITE_ERROR = 3
    USAGE_ERROR = 4
    NOTHING_SELECTED = 5
    UNREACHABLE = 10
    NOT_AN_NMF = 11
    ADMIN_TOKEN_REFUSED = 12

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS: dict[RunExit, str] = {
    RunExit.PASSED: "every selected scenario passed; a conformance claim only if the report's verdict is PASS "
    "(a selection says PARTIAL)",
    RunExit.FAILED: "the run finished and at least one scenario failed or was not tested",
    RunExit.INCOMPLETE: "INCOMPLETE: interrupted (SIGINT, SIGTERM), the NMF stopped answering, or --max-failures "
    "was reached; the report marks the scenarios not run",
    RunExit.SUITE_ERROR: "the suite itself could not be collected or crashed; no report",
    RunExit.USAGE_ERROR: "bad command line: an unknown option or target, or an unknown use case or rule in -k; "
    "no report",
    RunExit.NOTHING_SELECTED: "the selection matches no scenario; no report",
    RunExit.UNREACHABLE: "preflight: nothing answers GET /health at the target; no report",
    RunExit.NOT_AN_NMF: "preflight: the target answers, but not as an NMF (GET /health is not a JSON 200, or the "
    "administration call fails); no report",
    RunExit.ADMIN_TOKEN_REFUSED: "preflight: the NMF refuses the administration token (401 or 403); no report",
}


def exit_code_lines() -> list[tuple[int, str]]:
    """(code, meaning) for every exit code, in order."""
    return [(int(code), code.meaning) for code in RunExit]
