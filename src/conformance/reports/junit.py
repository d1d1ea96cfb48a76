"""junit.xml for CI systems: one test case per scenario, named by its ID and name, with the failure's text.

Bodies of exchanges stay out (they are in report.json and report.html): the file stays small.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

__all__ = ["JUNIT_FILE", "render_junit", "test_name"]

JUNIT_FILE = "junit.xml"


def test_name(scenario: Mapping[str, Any]) -> str:
    """`UC1-S07 Name of the scenario`, or the name alone for a scenario without an ID."""
    return f"{scenario['id']} {scenario['name']}" if scenario.get("id") else str(scenario["name"])


def render_junit(report: Mapping[str, Any]) -> str:
    """The JUnit XML document of a report: a test suite per use case."""
    suites = ET.Element("testsuites", name="NMF conformance", verdict=str(report["verdict"]))
    by_use_case: dict[str, list[Mapping[str, Any]]] = {}
    for scenario in report["scenarios"]:
        by_use_case.setdefault(scenario["useCase"] or "(none)", []).append(scenario)
    for use_case, scenarios in by_use_case.items():
        suite = ET.SubElement(suites, "testsuite", name=use_case, tests=str(len(scenarios)))
        counts = {"failures": 0, "errors": 0, "skipped": 0}
        for scenario in scenarios:
            case = ET.SubElement(suite, "testcase", name=test_name(scenario), classname=str(scenario["feature"]))
            case.set("time", f"{_seconds(scenario):.3f}")
            outcome = scenario["outcome"]
            if outcome == "failed":
                counts["failures"] += 1
                _failure(ET.SubElement(case, "failure"), scenario)
            elif outcome == "notRun":
                counts["errors"] += 1
                ET.SubElement(case, "error", type="notRun", message="not run: the run stopped before its end")
            elif outcome in ("skipped", "notClaimed"):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=str(scenario["message"]))
        for key, count in counts.items():
            suite.set(key, str(count))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _failure(element: ET.Element, scenario: Mapping[str, Any]) -> None:
    failure = scenario.get("failure") or {}
    element.set("message", str(failure.get("text") or scenario["message"]))
    element.set("type", str(failure.get("rule") or "failure"))
    lines = [str(failure.get("text") or scenario["message"])]
    for label, key in (("step", "step"), ("rule", "rule"), ("message", "message"), ("pointer", "pointer")):
        if failure.get(key):
            lines.append(f"{label}: {failure[key]}")
    if failure.get("hasExpectation"):
        lines += [f"expected: {failure['expected']!r}", f"observed: {failure['observed']!r}"]
    if failure.get("exchange") is not None:
        lines.append(f"exchange: #{failure['exchange']} (bodies in report.html and report.json)")
    element.text = "\n".join(lines)


def _seconds(scenario: Mapping[str, Any]) -> float:
    return sum(float(e.get("durationMs") or 0) for e in scenario.get("exchanges", [])) / 1000
