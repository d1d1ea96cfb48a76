"""report.html: one self-contained page (no script, no link, no network) a person reads in a browser.

Verdict per use case and per rule, every scenario with its steps, and for a failure the exchange that
broke it, request and response pretty-printed with the offending field marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from conformance.report import headline
from conformance.reports.evidence import failing_exchange, offending_paths
from conformance.reports.junit import test_name
from conformance.reports.pretty_json import json_html
from conformance.reports.verdicts import OUTCOME_LABELS, rule_verdicts

__all__ = ["HTML_FILE", "render_html"]

HTML_FILE = "report.html"
_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1b1b1b}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
.verdict-PASS,.outcome-passed{color:#0a6b2d}.verdict-FAIL,.outcome-failed{color:#b00020;font-weight:bold}
.outcome-notRun,.verdict-INCOMPLETE{color:#8a5300;font-weight:bold}.outcome-skipped{color:#555}
details.scenario{border:1px solid #ddd;margin:.4em 0;padding:.3em .6em}
details.scenario.failed{border-color:#b00020;background:#fff7f7}
summary{cursor:pointer}ol.steps li.passed::marker{color:#0a6b2d}ol.steps li.failed{color:#b00020;font-weight:bold}
ol.steps li.notRun{color:#888}pre{background:#f5f5f5;padding:.6em;overflow:auto;font-size:13px}
mark.offending{background:#ffd54f;outline:2px solid #b00020;font-weight:bold}
.exchange h4{margin:.6em 0 .2em}.headline{font-size:1.1em;font-weight:bold}
"""


def render_html(report: Mapping[str, Any]) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Conformance of {escape(str(report['target']))}: {escape(str(report['verdict']))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f'<h1>NMF conformance: <span class="verdict-{escape(str(report["verdict"]))}">'
        f"{escape(str(report['verdict']))}</span></h1>",
        f'<p class="headline">{escape(headline(report))}</p>',
        _metadata(report),
        "<h2>Verdict per use case</h2>",
        _use_cases(report),
        "<h2>Verdict per rule</h2>",
        _rules(report),
        "<h2>Scenarios</h2>",
        *(_scenario(index, scenario) for index, scenario in enumerate(report["scenarios"], 1)),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _metadata(report: Mapping[str, Any]) -> str:
    suite = report.get("suite") or {}
    spec = report.get("spec") or {}
    run = report.get("run") or {}
    platform = report.get("platform") or {}
    rows = [
        ("target", report["target"]),
        ("suite", f"{suite.get('name', '')} {suite.get('version', '')} (commit {suite.get('commit') or 'unknown'})"),
        ("NMF interface", f"{spec.get('interfaceVersion')} (schemas SHA-256 {spec.get('schemasSha256')})"),
        ("started", run.get("startedAt")),
        ("duration", f"{run.get('durationSeconds')} s"),
        ("options", ", ".join(f"{k}={v}" for k, v in (run.get("options") or {}).items() if v not in (None, False))),
        (
            "platform",
            " ".join(str(platform.get(k)) for k in ("vendor", "name", "version") if platform.get(k))
            or "not named by the platform (GET /health)",
        ),
    ]
    return _table(("", ""), rows, header=False)


_COUNTS = ("passed", "failed", "skipped", "notRun", "notClaimed")
_COUNT_HEADS = ("passed", "failed", "not tested", "not run", "N/A (not claimed)")


def _use_cases(report: Mapping[str, Any]) -> str:
    rows = [
        (uc, _verdict(c["verdict"]), *(c[k] for k in _COUNTS), c["deselected"]) for uc, c in report["useCases"].items()
    ]
    return _table(("use case", "verdict", *_COUNT_HEADS, "not selected"), rows)


def _rules(report: Mapping[str, Any]) -> str:
    rows = [
        (
            rule,
            _verdict(e["verdict"]),
            *(e[k] for k in _COUNTS),
            ", ".join(test_name(s) for s in e["scenarios"] if s["outcome"] == "failed") or "-",
        )
        for rule, e in rule_verdicts(report).items()
    ]
    return _table(("rule", "verdict", *_COUNT_HEADS, "failed scenarios"), rows)


def _scenario(index: int, scenario: Mapping[str, Any]) -> str:
    outcome = scenario["outcome"]
    opened = " open" if outcome == "failed" else ""
    rules = ", ".join(scenario["rules"]) or "no rule"
    parts = [
        f'<details class="scenario {outcome}" id="scenario-{index}"{opened}>',
        f'<summary><span class="outcome-{outcome}">{escape(OUTCOME_LABELS[outcome])}</span> '
        f"{escape(str(scenario['useCase'] or ''))} <b>{escape(test_name(scenario))}</b> ({escape(rules)})</summary>",
    ]
    if outcome == "failed":
        parts.append(_failure(scenario))
    elif outcome != "passed" and scenario["message"]:
        parts.append(f"<p>{escape(str(scenario['message']))}</p>")
    parts.append(_steps(scenario.get("steps") or []))
    parts.append(_exchange_list(scenario))
    parts.append("</details>")
    return "\n".join(parts)


def _steps(steps: list[Mapping[str, Any]]) -> str:
    if not steps:
        return "<p>(no steps recorded)</p>"
    items = []
    for step in steps:
        table = ""
        if step.get("table"):
            table = _table(step["table"][0], step["table"][1:])
        label = OUTCOME_LABELS.get(step["outcome"], step["outcome"])
        items.append(
            f'<li class="{step["outcome"]}" title="{escape(label)}"><b>{escape(step["keyword"])}</b> '
            f"{escape(step['text'])} <small>({escape(label)})</small>{table}</li>"
        )
    return '<ol class="steps">' + "".join(items) + "</ol>"


def _failure(scenario: Mapping[str, Any]) -> str:
    failure = scenario.get("failure") or {"text": scenario["message"]}
    rows = [
        ("failure", failure.get("text")),
        ("step", failure.get("step")),
        ("rule", failure.get("rule")),
        ("message", failure.get("message")),
        ("field (JSON pointer)", failure.get("pointer")),
        ("detail", failure.get("detail")),
    ]
    if failure.get("hasExpectation"):
        rows += [("expected", repr(failure.get("expected"))), ("observed", repr(failure.get("observed")))]
    rows.append(("exchange", f"#{failure['exchange']}" if failure.get("exchange") is not None else "none"))
    parts = ['<div class="failure">', _table(("", ""), [r for r in rows if r[1]], header=False)]
    exchange = failing_exchange(scenario)
    if exchange is not None:
        parts.append(_exchange(exchange, failure, title="The exchange that broke it"))
    parts.append("</div>")
    return "\n".join(parts)


def _exchange(exchange: Mapping[str, Any], failure: Mapping[str, Any], *, title: str) -> str:
    pointer = str(failure.get("pointer") or "")
    observed, has_observed = failure.get("observed"), bool(failure.get("hasExpectation"))
    parts = [
        f'<div class="exchange failing" id="exchange-{exchange["sequence"]}">',
        f"<h3>{escape(title)}: #{exchange['sequence']} {escape(str(exchange['method']))} "
        f"{escape(str(exchange['path']))} as {escape(str(exchange['actor']))} → HTTP {exchange['status']}</h3>",
    ]
    for label, key in (("Request body", "requestBody"), ("Response body", "responseBody")):
        body = exchange.get(key)
        marked = offending_paths(body, pointer, observed, has_observed=has_observed) if pointer else []
        parts.append(f"<h4>{label}</h4><pre>{json_html(body, marked)}</pre>")
    parts.append("</div>")
    return "\n".join(parts)


def _exchange_list(scenario: Mapping[str, Any]) -> str:
    exchanges = scenario.get("exchanges") or []
    if not exchanges:
        summary = scenario.get("exchangeSummary") or {}
        if not summary.get("count"):
            return ""
        endpoints = ", ".join(f"{endpoint} ({n})" for endpoint, n in summary["endpoints"].items())
        return f"<p><small>{summary['count']} exchanges (bodies kept with --full-log): {escape(endpoints)}</small></p>"
    rows = [(e["sequence"], e["actor"], e["method"], e["path"], e["status"], e.get("durationMs")) for e in exchanges]
    table = _table(("#", "actor", "method", "path", "status", "ms"), rows)
    return f"<details><summary>All {len(exchanges)} exchanges</summary>{table}</details>"


class _Html(str):
    """Text that is already HTML: a table cell takes it as it is."""

    __slots__ = ()


def _verdict(verdict: str) -> _Html:
    return _Html(f'<span class="verdict-{escape(verdict)}">{escape(verdict)}</span>')


def _table(head: Any, rows: Any, *, header: bool = True) -> str:
    def cell(value: Any) -> str:
        return value if isinstance(value, _Html) else escape(str(value))

    lines = ["<table>"]
    if header:
        lines.append("<tr>" + "".join(f"<th>{escape(str(h))}</th>" for h in head) + "</tr>")
    lines += ["<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in rows]
    lines.append("</table>")
    return "".join(lines)
