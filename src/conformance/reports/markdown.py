"""report.md: the results page with the run's metadata first and, for each failure, its evidence."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from conformance.report import render_markdown
from conformance.reports.evidence import failing_exchange, offending_paths
from conformance.reports.junit import test_name

__all__ = ["MARKDOWN_FILE", "render_run_markdown"]

MARKDOWN_FILE = "report.md"
_MAX_LINES = 40  # of a body excerpt: the part around the offending field, else the start


def render_run_markdown(report: Mapping[str, Any]) -> str:
    """The results page (`report.render_markdown`), the run's metadata after its headline, evidence at the end."""
    page = render_markdown(report)
    title, _, rest = page.partition("\n\n")
    failures = [s for s in report["scenarios"] if s["outcome"] == "failed"]
    evidence = ["## Failures and their evidence", ""] if failures else []
    for scenario in failures:
        evidence += _evidence(scenario)
    return "\n".join([title, "", *_metadata(report), rest.rstrip("\n"), "", *evidence]).rstrip("\n") + "\n"


def _metadata(report: Mapping[str, Any]) -> list[str]:
    suite = report.get("suite") or {}
    spec = report.get("spec") or {}
    run = report.get("run") or {}
    platform = report.get("platform") or {}
    options = run.get("options") or {}
    named = " ".join(str(platform[k]) for k in ("vendor", "name", "version") if platform.get(k))
    selection = report.get("selection")
    return [
        "| run | |",
        "|---|---|",
        f"| suite | {suite.get('name')} {suite.get('version')}, commit `{suite.get('commit') or 'unknown'}` |",
        f"| NMF interface | {spec.get('interfaceVersion')}, schemas SHA-256 `{spec.get('schemasSha256')}` |",
        f"| target | `{report['target']}` |",
        f"| platform (GET /health) | {named or 'not named by the platform'} |",
        f"| started | {run.get('startedAt')} |",
        f"| duration | {run.get('durationSeconds')} s |",
        "| options | " + (", ".join(f"`{k}={v}`" for k, v in options.items() if v not in (None, False)) or "-") + " |",
        "| selection | "
        + (f"`-k {selection['keywords']}`: {selection['selected']} of {selection['total']}" if selection else "all")
        + " |",
        "",
    ]


def _evidence(scenario: Mapping[str, Any]) -> list[str]:
    failure = scenario.get("failure") or {"text": scenario["message"]}
    lines = [f"### {scenario['useCase'] or ''} {test_name(scenario)}".replace("###  ", "### "), ""]
    lines.append(f"- **failure**: {failure.get('text')}")
    for label, key in (("step", "step"), ("rule", "rule"), ("message", "message"), ("field", "pointer")):
        if failure.get(key):
            lines.append(f"- **{label}**: `{failure[key]}`")
    if failure.get("hasExpectation"):
        lines += [f"- **expected**: `{failure['expected']!r}`", f"- **observed**: `{failure['observed']!r}`"]
    exchange = failing_exchange(scenario)
    if exchange is not None:
        lines.append(
            f"- **exchange** #{exchange['sequence']}: `{exchange['method']} {exchange['path']}` as "
            f"{exchange['actor']} → HTTP {exchange['status']}"
        )
        for label, key in (("Request", "requestBody"), ("Response", "responseBody")):
            if exchange.get(key) is None:
                lines += ["", f"{label}: no body."]
                continue
            lines += ["", f"{label} body (excerpt):", "", "```json", *_excerpt(exchange[key], failure), "```"]
    return [*lines, ""]


def _excerpt(body: Any, failure: Mapping[str, Any]) -> list[str]:
    """The object holding the offending field (with its path), else the start of the body."""
    paths = offending_paths(
        body,
        str(failure.get("pointer") or ""),
        failure.get("observed"),
        has_observed=bool(failure.get("hasExpectation")),
    )
    shown, prefix = body, ""
    if paths:
        parent = paths[0][:-1]
        for part in parent:
            shown = shown[part]
        prefix = "/" + "/".join(str(p) for p in parent) if parent else ""
    lines = json.dumps(shown, indent=2, ensure_ascii=False).splitlines()
    head = [f"// at {prefix}"] if prefix else []
    if len(lines) > _MAX_LINES:
        lines = [*lines[:_MAX_LINES], f"// … {len(lines) - _MAX_LINES} more lines in report.json"]
    return [*head, *lines]
