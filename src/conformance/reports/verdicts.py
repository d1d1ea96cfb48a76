"""Verdicts per Conformance Market Rule, from the scenarios of a report (a scenario counts for every rule it checks)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from conformance.report import use_case_verdict

__all__ = ["OUTCOME_LABELS", "rule_verdicts"]

# How people read each outcome; report.json keeps the keys (`skipped` is a scenario the platform could not run).
OUTCOME_LABELS = {
    "passed": "passed",
    "failed": "FAILED",
    "skipped": "not tested",
    "notRun": "not run",
    "notClaimed": "N/A (not claimed)",
}


def rule_verdicts(report: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """For each rule, in number order: its verdict, its counts, and the scenarios that check it."""
    rules: dict[str, dict[str, Any]] = {}
    for scenario in report["scenarios"]:
        for rule in scenario["rules"]:
            entry = rules.setdefault(rule, {**dict.fromkeys(OUTCOME_LABELS, 0), "scenarios": []})
            entry[scenario["outcome"]] += 1
            entry["scenarios"].append(scenario)
    for entry in rules.values():
        entry["verdict"] = use_case_verdict(
            entry["passed"], entry["failed"], entry["skipped"], entry["notRun"], not_claimed=entry["notClaimed"]
        )
    return dict(sorted(rules.items(), key=lambda item: [int(n) for n in re.findall(r"\d+", item[0])] or [0]))
