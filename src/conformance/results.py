"""Fold each scenario's setup/call/teardown reports into one result, on the controller; write report.json.

A scenario is "notRun" until its teardown shows it ran to the end: one that was running when the run
was interrupted, or never started, stays "notRun" and makes the report INCOMPLETE. Per-phase records
travel in `report.user_properties`, so this works under pytest-xdist as in a plain run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypedDict

import pytest

from conformance import interrupts
from conformance.configuration.capabilities import NOT_CLAIMED
from conformance.identity import ScenarioIdentity
from conformance.report import COMPLETE, Completion, Outcome, ScenarioResult, build_report
from conformance.reports import metadata
from conformance.reports.evidence import camel_case_exchange
from conformance.reports.writer import write_reports

__all__ = [
    "CATALOGUE",
    "KEYWORDS",
    "METADATA",
    "PROPERTY",
    "REPORT",
    "CatalogueEntry",
    "ResultCollector",
    "catalogue_of",
]

PROPERTY = "conformance.scenario"  # the user_properties key carrying one phase's scenario record


class CatalogueEntry(TypedDict):
    """A collected scenario, and whether the selection kept it."""

    nodeid: str
    identity: ScenarioIdentity
    selected: bool


CATALOGUE = pytest.StashKey[list[CatalogueEntry]]()  # every collected scenario: collected here, or handed in
KEYWORDS = pytest.StashKey[str]()  # the -k expression as the user wrote it
REPORT = pytest.StashKey[dict[str, Any]]()  # the report this session wrote
METADATA = pytest.StashKey[dict[str, Any]]()  # the run's metadata (suite, options, platform), handed in


def catalogue_of(selected: Iterable[pytest.Item], deselected: Iterable[pytest.Item], key: Any) -> list[CatalogueEntry]:
    """The catalogue of the scenario items (those whose stash holds an identity under `key`)."""
    entries: list[CatalogueEntry] = []
    for items, kept in ((selected, True), (deselected, False)):
        entries += [
            {"nodeid": item.nodeid, "identity": item.stash[key], "selected": kept}
            for item in items
            if key in item.stash
        ]
    return entries


class ResultCollector:
    """Registered by the plugin in every process; only the controller (or a plain run) writes the report."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.results: dict[str, ScenarioResult] = {}
        self.no_answer: str | None = None  # the failure that stopped the run because the NMF went silent
        self.started_at = metadata.now()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        records = [json.loads(str(value)) for key, value in report.user_properties if key == PROPERTY]
        if not records:
            return
        record = records[-1]
        result = self.results.setdefault(report.nodeid, _not_run(record["identity"]))
        outcome: Outcome = "skipped" if getattr(report, "wasxfail", None) is not None else report.outcome
        if outcome == "skipped" and str(record["message"]).startswith(NOT_CLAIMED):
            outcome = "notClaimed"
        if outcome == "failed" and result["outcome"] != "failed":
            result["outcome"], result["message"] = "failed", record["message"]
            result["failure"] = record.get("failure")
        elif outcome in ("skipped", "notClaimed") and result["outcome"] == "notRun":
            result["outcome"], result["message"] = outcome, record["message"]
        if record.get("noAnswer") and self.no_answer is None:
            self.no_answer = record["message"]
        if record["when"] == "teardown":
            if result["outcome"] == "notRun":  # every phase passed: the scenario ran to its end
                result["outcome"] = "passed"
            result["exchanges"] = [camel_case_exchange(e) for e in record.get("exchanges", [])]
            result["steps"] = record.get("steps", [])

    @pytest.hookimpl(tryfirst=True)  # before xdist waits for its workers: a CI timeout may not wait long
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.config.option.collectonly or hasattr(self.config, "workerinput"):
            return  # xdist workers only feed the controller
        catalogue = self.config.stash.get(CATALOGUE, [])
        results = self._results(catalogue)
        known = bool(catalogue)  # without a catalogue only pytest's exit status tells an interrupted run
        interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
        complete = all(r["outcome"] != "notRun" for r in results) and (known or not interrupted)
        report = build_report(
            results,
            target=self.config.getoption("nmf_target"),
            completion=COMPLETE if complete else self._why_incomplete(session),
            deselected=[entry["identity"] for entry in catalogue if not entry["selected"]],
            keywords=self.config.stash.get(KEYWORDS, None) or None,
            metadata=self._metadata(),
        )
        self.config.stash[REPORT] = report
        directory = self.config.getoption("conformance_report")
        if directory is not None:
            write_reports(Path(directory), report)

    def _metadata(self) -> dict[str, Any]:
        """What `conformance run` handed in, else what a plain pytest run knows; either way with its end."""
        given = self.config.stash.get(METADATA, None)
        if given is None:
            options = {"target": self.config.getoption("nmf_target"), "timeout": self.config.getoption("nmf_timeout")}
            given = metadata.run_metadata(options, platform=None, started_at=self.started_at)
        return {**given, "run": metadata.finish(given["run"], metadata.now())}

    def _results(self, catalogue: list[CatalogueEntry]) -> list[ScenarioResult]:
        results = dict(self.results)
        ordered = [
            results.pop(entry["nodeid"]) if entry["nodeid"] in results else _not_run(entry["identity"])
            for entry in catalogue
            if entry["selected"]
        ]
        return [*ordered, *results.values()]

    def _why_incomplete(self, session: pytest.Session) -> Completion:
        signal = interrupts.received()
        if signal is not None:
            return {"complete": False, "cause": signal, "detail": ""}
        if self.no_answer is not None:
            return {"complete": False, "cause": "noAnswer", "detail": self.no_answer}
        max_failures = self.config.getoption("maxfail")
        if max_failures and session.testsfailed >= max_failures:
            return {"complete": False, "cause": "maxFailures", "detail": f"{session.testsfailed} failed"}
        return {"complete": False, "cause": "interrupted", "detail": str(session.shouldstop or "")}


def _not_run(identity: Mapping[str, Any]) -> ScenarioResult:
    return {**identity, "outcome": "notRun", "message": "", "failure": None, "steps": [], "exchanges": []}  # type: ignore[typeddict-item]
