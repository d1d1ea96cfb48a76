"""`conformance run`: check the selection, preflight the target, run the suite, and say what the run proves.

pytest runs twice in this process: first to collect (the catalogue of scenarios, selected or not),
then to run. The catalogue lets the report list every scenario that did not run when a run stops
early, even under pytest-xdist, whose controller collects nothing itself.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from conformance import interrupts
from conformance.catalogue import RULES_PAGE
from conformance.console import Progress, print_conclusion
from conformance.exit_codes import RunExit
from conformance.preflight import PreflightError, preflight
from conformance.report import REPORT_FILE
from conformance.reports import metadata
from conformance.results import CATALOGUE, METADATA, REPORT, CatalogueEntry
from conformance.selection import SelectionError, check_ids, documented_rules
from conformance.targets import TargetError, open_target

__all__ = ["exit_code_of", "run_suite"]

_COLLECT_ONLY = ("--collect-only", "-q", "-n", "0")  # in this process, no workers: only the catalogue
_QUIET = ("-p", "no:terminal")  # the run prints its own progress (conformance.console), not pytest's


class _Session:
    """A pytest plugin object: takes the catalogue out of the collection, hands it to the run, takes the report."""

    def __init__(self, catalogue: list[CatalogueEntry] | None = None, metadata: dict[str, Any] | None = None) -> None:
        self.catalogue = catalogue or []
        self.metadata = metadata
        self.report: dict[str, Any] | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        if self.catalogue:
            config.stash[CATALOGUE] = self.catalogue
        if self.metadata is not None:
            config.stash[METADATA] = self.metadata

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.catalogue = session.config.stash.get(CATALOGUE, [])

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.report = config.stash.get(REPORT, None)


def run_suite(
    arguments: Sequence[str],
    *,
    target: str,
    admin_token: str | None,
    timeout: float,
    keywords: str,
    report_dir: Path,
    options: Mapping[str, Any] | None = None,
) -> int:
    """Run the suite with pytest `arguments`; return the exit code (`RunExit`). `options` go into the report."""
    started_at = metadata.now()
    interrupts.install()  # a SIGTERM before the first scenario ends the run as cleanly as one during it
    try:
        catalogue = _collect(arguments)
        _check_selection(keywords, catalogue)
        health = _preflight(target, admin_token=admin_token, timeout=timeout)
    except _Stop as stop:
        if stop.message:
            print(f"conformance: {stop.message} (exit {int(stop.code)}; no report written)", file=sys.stderr)
        return stop.code
    except KeyboardInterrupt:
        print("conformance: interrupted before any scenario ran (exit 2; no report written)", file=sys.stderr)
        return RunExit.INCOMPLETE
    finally:
        interrupts.restore()
    _announce(keywords, catalogue)
    recorded = {"target": target, "timeout": timeout, "keywords": keywords or None, **(options or {})}
    platform = metadata.platform_identity(health)
    session = _Session(catalogue, metadata.run_metadata(recorded, platform=platform, started_at=started_at))
    progress = Progress(total=sum(1 for entry in catalogue if entry["selected"]))
    code = pytest.main([*arguments, *_QUIET], plugins=[session, progress])
    if session.report is None or code == pytest.ExitCode.INTERNAL_ERROR:
        return RunExit.USAGE_ERROR if code == pytest.ExitCode.USAGE_ERROR else RunExit.SUITE_ERROR
    return _conclude(session.report, report_dir / REPORT_FILE)


class _Stop(Exception):  # noqa: N818 - a way out, not an error
    """The run ends before any scenario: exit `code`, saying `message` (empty when pytest said it)."""

    def __init__(self, code: RunExit, message: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _collect(arguments: Sequence[str]) -> list[CatalogueEntry]:
    collected = _Session()
    listing = io.StringIO()  # the list of collected tests is noise; shown only when collection fails
    with contextlib.redirect_stdout(listing):
        code = pytest.main([*arguments, *_COLLECT_ONLY], plugins=[collected])
    if code == pytest.ExitCode.USAGE_ERROR:
        raise _Stop(RunExit.USAGE_ERROR)  # pytest has said why, on stderr
    if interrupts.received():
        raise KeyboardInterrupt
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        print(listing.getvalue())
        raise _Stop(RunExit.SUITE_ERROR, "the suite could not be collected (errors above)")
    return collected.catalogue


def _check_selection(keywords: str, catalogue: list[CatalogueEntry]) -> None:
    rules = {rule for entry in catalogue for rule in entry["identity"]["rules"]} | documented_rules(RULES_PAGE)
    use_cases = {entry["identity"]["useCase"] or "" for entry in catalogue} - {""}
    try:
        check_ids(keywords, use_cases=use_cases, rules=rules)
    except SelectionError as exc:
        raise _Stop(RunExit.USAGE_ERROR, str(exc)) from None
    if not any(entry["selected"] for entry in catalogue):
        selection = f"-k {keywords!r}" if keywords else "the selection"
        raise _Stop(RunExit.NOTHING_SELECTED, f"{selection} selects none of the {len(catalogue)} scenarios")


def _preflight(target: str, *, admin_token: str | None, timeout: float) -> Any:
    try:
        with open_target(target, admin_token=admin_token, timeout=timeout) as opened:
            return preflight(opened)
    except PreflightError as exc:
        raise _Stop(exc.code, str(exc)) from None
    except TargetError as exc:
        raise _Stop(RunExit.USAGE_ERROR, str(exc)) from None


def _announce(keywords: str, catalogue: list[CatalogueEntry]) -> None:
    """Say before the run, not only after it, that a selection is not a conformance claim."""
    selected = sum(1 for entry in catalogue if entry["selected"])
    if selected < len(catalogue):
        expression = f"-k {keywords}: " if keywords else ""
        print(
            f"A selection ({expression}{selected} of {len(catalogue)} scenarios): a partial run, "
            "not a conformance claim.",
            flush=True,
        )


def exit_code_of(report: dict[str, Any]) -> RunExit:
    """INCOMPLETE unless every selected scenario ran; PASSED if all passed (PASS or PARTIAL); else FAILED."""
    if not report["completion"]["complete"]:
        return RunExit.INCOMPLETE
    return RunExit.PASSED if report["verdict"] in ("PASS", "PARTIAL") else RunExit.FAILED


def _conclude(report: dict[str, Any], report_file: Path) -> RunExit:
    print_conclusion(report, str(report_file.parent))
    return exit_code_of(report)
