"""Build report.json from scenario results, and render it as a verdict table or a Markdown results page.

A report never claims more than the run saw: a run that did not finish is INCOMPLETE, a selection
is PARTIAL, and only a full run that finished is a conformance claim (`conformanceClaim`).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

from conformance.reports.evidence import summarise_exchanges
from conformance.reports.fields import FailureFields, StepRecord

__all__ = [
    "REPORT_FILE",
    "Completion",
    "ScenarioResult",
    "build_report",
    "headline",
    "load_report",
    "render_markdown",
    "render_verdict",
    "use_case_verdict",
    "write_atomically",
    "write_report",
]

REPORT_FILE = "report.json"
REPORT_FORMAT = "1.0"  # the version of report.schema.json this report follows
Outcome = Literal["passed", "failed", "skipped", "notRun", "notClaimed"]
Verdict = Literal["PASS", "FAIL", "NOT TESTED", "PARTLY TESTED", "INCOMPLETE", "PARTIAL", "NOT SELECTED", "N/A"]
_NO_USE_CASE = "(none)"
_OUTCOMES: tuple[Outcome, ...] = ("passed", "failed", "skipped", "notRun", "notClaimed")
_CAUSES = {
    "SIGINT": "interrupted by SIGINT (Ctrl-C)",
    "SIGTERM": "interrupted by SIGTERM (as a CI job timeout sends)",
    "noAnswer": "stopped because the NMF gave no answer",
    "maxFailures": "stopped by --max-failures",
    "interrupted": "interrupted",
}


class ScenarioResult(TypedDict):
    """One scenario's entry in report.json."""

    feature: str
    useCase: str | None
    name: str
    tags: list[str]
    rules: list[str]
    outcome: Outcome
    message: str
    failure: NotRequired[FailureFields | None]
    steps: NotRequired[list[StepRecord]]
    exchanges: list[dict[str, Any]]
    exchangeSummary: NotRequired[dict[str, Any]]


class Completion(TypedDict):
    """Whether every selected scenario ran to its end; if not, why (`cause` is a key of `_CAUSES`)."""

    complete: bool
    cause: str | None
    detail: str


COMPLETE: Completion = {"complete": True, "cause": None, "detail": ""}


def use_case_verdict(
    passed: int, failed: int, skipped: int, not_run: int = 0, deselected: int = 0, not_claimed: int = 0
) -> Verdict:
    """FAIL on any failure; INCOMPLETE if a scenario did not run (or none was there); NOT TESTED if the NMF could
    run none, PARTLY TESTED if only some; PARTIAL if all passed but the selection left some out; else PASS.
    Scenarios of capabilities the platform does not claim count for nothing; if they are all there is: N/A."""
    if not_claimed and not (passed or failed or skipped or not_run):
        return "N/A"
    if failed:
        return "FAIL"
    if not_run:
        return "INCOMPLETE"
    if not (passed or skipped):
        return "NOT SELECTED" if deselected else "INCOMPLETE"
    if skipped:
        return "PARTLY TESTED" if passed else "NOT TESTED"
    return "PARTIAL" if deselected else "PASS"


def build_report(
    scenarios: Iterable[ScenarioResult],
    *,
    target: str,
    generated_at: str | None = None,
    completion: Completion = COMPLETE,
    deselected: Iterable[Mapping[str, Any]] = (),
    keywords: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The report.json document: verdict, completion, selection, counts per use case, every scenario.

    `metadata` (suite, run options, platform) goes in as given; unless its run options ask for the full
    log, a passed scenario's exchanges are summarised without their bodies."""
    full_log = bool((metadata or {}).get("run", {}).get("options", {}).get("fullLog"))
    results = [_complete(r, full_log=full_log) for r in scenarios]
    left_out = list(deselected)
    use_cases: dict[str, dict[str, Any]] = {}
    for use_case in sorted({_use_case(r) for r in [*results, *left_out]}, key=_natural_key):
        counts = _count(r for r in results if _use_case(r) == use_case)
        counts["deselected"] = sum(1 for r in left_out if _use_case(r) == use_case)
        use_cases[use_case] = {"verdict": _verdict(counts), **counts}
    summary = _count(results)
    summary["deselected"] = len(left_out)
    verdict = _verdict(summary) if completion["complete"] else "INCOMPLETE"
    selection = None
    if left_out or keywords:
        selection = {"keywords": keywords, "selected": len(results), "total": len(results) + len(left_out)}
    return {
        "reportFormat": REPORT_FORMAT,
        "generatedAt": generated_at or datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "target": target,
        **(metadata or {}),
        "verdict": verdict,
        "conformanceClaim": completion["complete"] and not left_out and bool(results),
        "completion": dict(completion),
        "selection": selection,
        "summary": {**summary, "total": len(results)},
        "useCases": use_cases,
        "scenarios": results,
    }


def _complete(result: ScenarioResult, *, full_log: bool) -> ScenarioResult:
    """Every key the schema asks for; a passed scenario keeps only the summary of its exchanges unless `full_log`."""
    completed: ScenarioResult = {"failure": None, "steps": [], **result}
    completed["exchangeSummary"] = summarise_exchanges(completed["exchanges"])
    if completed["outcome"] == "passed" and not full_log:
        completed["exchanges"] = []
    return completed


def write_report(directory: Path, report: Mapping[str, Any]) -> Path:
    """Write `directory/report.json` (creating the directory), replacing any earlier one only once written."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / REPORT_FILE
    write_atomically(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return path


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`: no half-written report."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_report(directory_or_file: Path) -> dict[str, Any]:
    """Read a report.json, given the file or the directory holding it."""
    path = directory_or_file / REPORT_FILE if directory_or_file.is_dir() else directory_or_file
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


def headline(report: Mapping[str, Any]) -> str:
    """One line: the verdict, and whether the report is a conformance claim and if not, why not."""
    verdict = report["verdict"]
    if report["conformanceClaim"]:
        claim = ": this is a conformance claim" if verdict == "PASS" else ""
        return f"Verdict: {verdict}. The whole suite ran to its end{claim}."
    reasons = []
    completion = report["completion"]
    if not completion["complete"]:
        cause = _CAUSES.get(completion["cause"] or "interrupted", str(completion["cause"]))
        detail = f" ({completion['detail']})" if completion["detail"] else ""
        reasons.append(f"{cause}{detail}; {report['summary']['notRun']} scenarios not run")
    selection = report["selection"]
    if selection is not None:
        expression = f"-k {selection['keywords']}: " if selection["keywords"] else ""
        reasons.append(f"a selection ({expression}{selection['selected']} of {selection['total']} scenarios)")
    return f"Verdict: {verdict}: {'; '.join(reasons) or 'no scenario ran'}. Not a conformance claim."


_COLUMNS = ("passed", "failed", "not tested", "not run", "N/A (not claimed)", "not selected")


def _numbers(counts: Mapping[str, Any]) -> list[str]:
    return [str(counts[key]) for key in (*_OUTCOMES, "deselected")]


def render_verdict(report: Mapping[str, Any]) -> str:
    """A short human table: the headline, one line per use case, the summary, then each failure."""
    rows = [("use case", "verdict", *_COLUMNS)]
    rows += [(use_case, counts["verdict"], *_numbers(counts)) for use_case, counts in report["useCases"].items()]
    rows.append(("all", report["verdict"], *_numbers(report["summary"])))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"Conformance of {report['target']} ({report['generatedAt']})", headline(report), ""]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    failures = [s for s in report["scenarios"] if s["outcome"] == "failed"]
    if failures:
        lines += ["", "Failures:"]
        lines += [f"  {_use_case(s)}: {s['name']}\n      {_first_line(s['message'])}" for s in failures]
    return "\n".join(lines) + "\n"


def render_markdown(report: Mapping[str, Any]) -> str:
    """The docs "results" page: headline, counts per use case, then per use case its scenarios and rules."""
    summary = report["summary"]
    lines = [
        "# Conformance results",
        "",
        f"Target `{report['target']}`, generated {report['generatedAt']}: "
        f"{summary['passed']} passed, {summary['failed']} failed, {summary['skipped']} not tested, "
        f"{summary['notRun']} not run of {summary['total']} scenarios.",
        "",
        f"**{headline(report)}**",
        "",
        f"| use case | verdict | {' | '.join(_COLUMNS)} |",
        "|---|---|" + "---|" * len(_COLUMNS),
    ]
    for use_case, counts in report["useCases"].items():
        lines.append("| " + " | ".join([use_case, counts["verdict"], *_numbers(counts)]) + " |")
    for use_case in report["useCases"]:
        scenarios = [s for s in report["scenarios"] if _use_case(s) == use_case]
        if not scenarios:
            continue
        features = sorted({s["feature"] for s in scenarios})
        # A feature title like "UC1 DSO Constraint Management" already names its use case.
        titled = all(f.startswith(use_case) for f in features)
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


_OUTCOME_LABELS = {
    "passed": "passed",
    "failed": "**failed**",
    "skipped": "not tested",
    "notRun": "**not run**",
    "notClaimed": "N/A (not claimed)",
}


def _verdict(counts: Mapping[str, int]) -> Verdict:
    return use_case_verdict(
        counts["passed"],
        counts["failed"],
        counts["skipped"],
        counts["notRun"],
        counts.get("deselected", 0),
        counts.get("notClaimed", 0),
    )


def _count(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(_OUTCOMES, 0)
    for result in results:
        counts[result["outcome"]] += 1
    return counts


def _use_case(scenario: Mapping[str, Any]) -> str:
    return str(scenario["useCase"] or _NO_USE_CASE)


def _natural_key(use_case: str) -> tuple[bool, str, int, str]:
    """UC2 before UC10; anything not ending in a number (e.g. "(none)") last."""
    match = re.fullmatch(r"([A-Za-z-]*)(\d+)(.*)", use_case)
    return (False, match[1], int(match[2]), match[3]) if match else (True, use_case, 0, "")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
