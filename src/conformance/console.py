"""What `conformance run` prints for a person: a line per scenario as it ends, then a summary and the failures.

Replaces pytest's own terminal output (`-p no:terminal`): no rootdir, plugin list or tracebacks.
Full detail is in the reports; the console says where.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Any

import pytest
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from conformance.configuration.capabilities import NOT_CLAIMED
from conformance.report import headline
from conformance.reports.junit import test_name
from conformance.reports.verdicts import OUTCOME_LABELS
from conformance.results import PROPERTY

__all__ = ["Progress", "print_conclusion"]

_STYLES = {"passed": "green", "failed": "bold red", "skipped": "yellow", "notRun": "bold yellow", "notClaimed": "dim"}
_VERDICT_STYLES = {"PASS": "bold green", "FAIL": "bold red", "INCOMPLETE": "bold yellow"}


class Progress:
    """A pytest plugin for the controller: one line per scenario when its last phase is reported."""

    def __init__(self, total: int, console: Console | None = None) -> None:
        self.total = total
        self.done = 0
        self.console = console or _console()
        self.outcomes: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        records = [json.loads(str(value)) for key, value in report.user_properties if key == PROPERTY]
        if not records:
            return
        outcome = self.outcomes.get(report.nodeid, "passed")
        if report.failed:
            outcome = "failed"
        elif report.skipped and outcome == "passed":
            outcome = "notClaimed" if str(records[-1]["message"]).startswith(NOT_CLAIMED) else "skipped"
        self.outcomes[report.nodeid] = outcome
        if report.when != "teardown":
            return
        self.done += 1
        identity = records[-1]["identity"]
        line = Text(f"[{self.done:>{len(str(self.total))}}/{self.total}] ")
        line.append(f"{OUTCOME_LABELS[outcome]:<10}", style=_STYLES[outcome])
        line.append(f" {identity['useCase'] or '':<4} {test_name(identity)}")
        self.console.print(line)


def print_conclusion(report: Mapping[str, Any], report_dir: str, console: Console | None = None) -> None:
    """The headline, a summary table per use case, then one short paragraph per failure."""
    out = console or _console()
    out.print()
    out.print(Text(headline(report), style=_VERDICT_STYLES.get(report["verdict"], "bold")))
    table = Table(title=f"Conformance of {report['target']}", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("use case", "verdict", "passed", "failed", "not tested", "not run", "N/A", "not selected"):
        table.add_column(column, justify="left" if column in ("use case", "verdict") else "right", no_wrap=True)
    rows = [*report["useCases"].items(), ("all", {"verdict": report["verdict"], **report["summary"]})]
    for name, counts in rows:
        numbers = [str(counts[k]) for k in ("passed", "failed", "skipped", "notRun", "notClaimed", "deselected")]
        table.add_row(name, Text(counts["verdict"], style=_VERDICT_STYLES.get(counts["verdict"], "")), *numbers)
    out.print(table)
    failures = [s for s in report["scenarios"] if s["outcome"] == "failed"]
    if failures:
        out.print(Text(f"{len(failures)} failed:", style="bold red"))
    for scenario in failures:
        out.print(_paragraph(scenario))
    out.print(f"Reports: {report_dir}/report.html (every step and exchange), report.md, junit.xml, report.json")


def _console() -> Console:
    """Rich on a terminal; plain lines 120 wide in a CI log (rich honours NO_COLOR)."""
    return Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 120)


def _paragraph(scenario: Mapping[str, Any]) -> Text:
    failure = scenario.get("failure") or {"text": scenario["message"]}
    text = Text()
    text.append(f"\n{scenario['useCase'] or ''} {test_name(scenario)}\n", style="bold")
    text.append(f"  {failure.get('text')}\n")
    where = []
    if failure.get("step"):
        where.append(f"at step: {failure['step']}")
    exchange = next((e for e in scenario.get("exchanges", []) if e["sequence"] == failure.get("exchange")), None)
    if exchange is not None:
        where.append(
            f"exchange #{exchange['sequence']}: {exchange['method']} {exchange['path']} -> {exchange['status']}"
        )
    if where:
        text.append("  " + "; ".join(where) + "\n")
    return text
