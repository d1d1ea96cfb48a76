"""Build report.json from scenario results, and render it as a verdict table or a Markdown results page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypedDict

__all__ = [
    "REPORT_FILE",
    "ScenarioResult",
    "build_report",
    "load_report",
    "render_markdown",
    "render_verdict",
    "use_case_verdict",
    "write_report",
]

REPORT_FILE = "report.json"
Outcome = Literal["passed", "failed", "skipped"]
Verdict = Literal["PASS", "FAIL", "NOT TESTED", "INCOMPLETE"]
_NO_USE_CASE = "(none)"


class ScenarioResult(TypedDict):
    """One scenario's entry in report.json."""

    feature: str
    useCase: str | None
    name: str
    tags: list[str]
    rules: list[str]
    outcome: Outcome
    message: str
    exchanges: list[dict[str, Any]]


def use_case_verdict(passed: int, failed: int, skipped: int) -> Verdict:
    """PASS iff at least one scenario ran and all passed; FAIL on any failure; NOT TESTED if all skipped."""
    if failed:
        return "FAIL"
    if passed and not skipped:
        return "PASS"
    if skipped and not passed:
        return "NOT TESTED"
    return "INCOMPLETE"  # some passed, some not tested (or nothing at all)


def build_report(
    scenarios: Iterable[ScenarioResult], *, target: str, generated_at: str | None = None
) -> dict[str, Any]:
    """The report.json document: summary, per-use-case verdicts and every scenario with its exchanges."""
    results = list(scenarios)
    use_cases: dict[str, dict[str, Any]] = {}
    for use_case in sorted({r["useCase"] or _NO_USE_CASE for r in results}, key=_natural_key):
        counts = _count(r for r in results if (r["useCase"] or _NO_USE_CASE) == use_case)
        use_cases[use_case] = {"verdict": use_case_verdict(**counts), **counts}
    summary = _count(results)
    return {
        "generatedAt": generated_at or datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "target": target,
        "summary": {**summary, "total": len(results)},
        "useCases": use_cases,
        "scenarios": results,
    }


def write_report(directory: Path, report: Mapping[str, Any]) -> Path:
    """Write `directory/report.json` (creating the directory); return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / REPORT_FILE
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_report(directory_or_file: Path) -> dict[str, Any]:
    """Read a report.json, given the file or the directory holding it."""
    path = directory_or_file / REPORT_FILE if directory_or_file.is_dir() else directory_or_file
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


def render_verdict(report: Mapping[str, Any]) -> str:
    """A short human table: one line per use case, the summary, then each failure with its message."""
    rows = [("use case", "verdict", "passed", "failed", "not tested")]
    for use_case, counts in report["useCases"].items():
        numbers = (str(counts["passed"]), str(counts["failed"]), str(counts["skipped"]))
        rows.append((use_case, counts["verdict"], *numbers))
    summary = report["summary"]
    rows.append(("all", "", str(summary["passed"]), str(summary["failed"]), str(summary["skipped"])))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"Conformance of {report['target']} ({report['generatedAt']})", ""]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    failures = [s for s in report["scenarios"] if s["outcome"] == "failed"]
    if failures:
        lines += ["", "Failures:"]
        lines += [f"  {_label(s)}: {s['name']}\n      {_first_line(s['message'])}" for s in failures]
    return "\n".join(lines) + "\n"


def render_markdown(report: Mapping[str, Any]) -> str:
    """The docs "results" page: summary, then per use case a table of scenarios, outcomes and rules."""
    summary = report["summary"]
    lines = [
        "# Conformance results",
        "",
        f"Target `{report['target']}`, generated {report['generatedAt']}: "
        f"{summary['passed']} passed, {summary['failed']} failed, {summary['skipped']} not tested "
        f"of {summary['total']} scenarios.",
        "",
        "| use case | verdict | passed | failed | not tested |",
        "|---|---|---|---|---|",
    ]
    for use_case, counts in report["useCases"].items():
        cells = [use_case, counts["verdict"], counts["passed"], counts["failed"], counts["skipped"]]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    for use_case in report["useCases"]:
        scenarios = [s for s in report["scenarios"] if (s["useCase"] or _NO_USE_CASE) == use_case]
        features = sorted({s["feature"] for s in scenarios})
        # A feature title like "UC1 DSO Constraint Management" already names its use case.
        titled = bool(features) and all(f.startswith(use_case) for f in features)
        heading = ", ".join(features) if titled else f"{use_case}: {', '.join(features)}"
        lines += ["", f"## {heading}", ""]
        lines += ["| scenario | outcome | rules |", "|---|---|---|"]
        for scenario in scenarios:
            outcome = _OUTCOME_LABELS[scenario["outcome"]]
            if scenario["outcome"] != "passed" and scenario["message"]:
                outcome += f": {_md_cell(_first_line(scenario['message']))}"
            rules = ", ".join(scenario["rules"]) or "-"
            lines.append(f"| {_md_cell(scenario['name'])} | {outcome} | {rules} |")
    return "\n".join(lines) + "\n"


_OUTCOME_LABELS = {"passed": "passed", "failed": "**failed**", "skipped": "not tested"}


def _count(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for result in results:
        counts[result["outcome"]] += 1
    return counts


def _natural_key(use_case: str) -> tuple[bool, str, int, str]:
    """UC2 before UC10; anything not ending in a number (e.g. "(none)") last."""
    match = re.fullmatch(r"([A-Za-z-]*)(\d+)(.*)", use_case)
    return (False, match[1], int(match[2]), match[3]) if match else (True, use_case, 0, "")


def _label(scenario: Mapping[str, Any]) -> str:
    return str(scenario["useCase"] or _NO_USE_CASE)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
