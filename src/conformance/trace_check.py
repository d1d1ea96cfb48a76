"""`conformance verify-trace`: judge a recorded exchange log alone, without the NMF.

The log is JSON lines, one exchange a line, as in a certification bundle's `exchanges.jsonl` (the
exchange fields of report.schema.json, plus an optional `scenario`). What a trace alone can judge:
every notice in a page of notifications against the schema of its `messageType`, every request
message the NMF accepted against its schema (one that breaks it must be refused), no server error
for any request, and a valid problem document for every refusal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.exchange import PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMA, validate_message
from conformance.failures import ConformanceFailure
from conformance.schemas import rule_for, validator_for

__all__ = ["TraceFinding", "check_trace", "read_trace", "verify_trace_command"]


@dataclass(frozen=True)
class TraceFinding:
    """One thing wrong in the trace: where (line, exchange) and the failure."""

    line: int
    sequence: object
    failure: ConformanceFailure

    def __str__(self) -> str:
        return f"line {self.line} (exchange #{self.sequence}): {self.failure}"


def read_trace(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, exchange) for every non-empty line; a line that is not a JSON object is a ValueError."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        exchange = json.loads(line)
        if not isinstance(exchange, dict):
            raise ValueError(f"{path}:{number}: not a JSON object")
        yield number, exchange


def check_trace(exchanges: Iterable[tuple[int, dict[str, Any]]]) -> tuple[int, list[TraceFinding]]:
    """How many exchanges were judged, and every finding."""
    findings: list[TraceFinding] = []
    count = 0
    for number, exchange in exchanges:
        count += 1
        for failure in _judge(exchange):
            findings.append(TraceFinding(number, exchange.get("sequence"), failure))
    return count, findings


def _judge(exchange: dict[str, Any]) -> Iterator[ConformanceFailure]:
    endpoint = f"{exchange.get('method')} {str(exchange.get('path', '')).partition('?')[0]}"
    request, response, status = exchange.get("requestBody"), exchange.get("responseBody"), exchange.get("status", 0)
    if isinstance(request, dict) and "messageType" in request and isinstance(status, int) and status < 400:
        # A message that breaks its schema must be refused; one the NMF accepted is the NMF's failure.
        yield from _caught(lambda: validate_message(request, context=f"{endpoint} request, accepted with {status}"))
    if isinstance(status, int) and status >= 500:
        yield ConformanceFailure(rule="contract", message=endpoint, detail=f"a server error (HTTP {status})")
    elif isinstance(status, int) and 400 <= status < 500:
        yield from _problem(endpoint, exchange, response)
    items = response.get("items") if isinstance(response, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        yield from _caught(lambda item=item, index=index: validate_message(item, context=f"{endpoint} /items/{index}"))


def _problem(endpoint: str, exchange: dict[str, Any], body: Any) -> Iterator[ConformanceFailure]:
    media_type = str(exchange.get("contentType") or "").partition(";")[0].strip().lower()
    if media_type != PROBLEM_CONTENT_TYPE:
        yield ConformanceFailure(
            rule="contract",
            message=endpoint,
            detail="a refusal without a problem document",
            expected=PROBLEM_CONTENT_TYPE,
            actual=exchange.get("contentType"),
        )
        return
    error = next(iter(validator_for(PROBLEM_SCHEMA).iter_errors(body)), None)
    if error is not None:
        yield ConformanceFailure(rule=rule_for(error) or "contract", message=endpoint, detail=error.message)


def _caught(check: Any) -> Iterator[ConformanceFailure]:
    try:
        check()
    except ConformanceFailure as failure:
        yield failure


def verify_trace_command(path: Path) -> int:
    """Print what the trace shows; exit 0 when nothing is wrong, 1 when something is, 4 when it cannot be read."""
    try:
        count, findings = check_trace(list(read_trace(path)))
    except (OSError, ValueError) as exc:
        print(f"conformance: cannot read the trace {path}: {exc}", file=sys.stderr)
        return 4
    for finding in findings:
        print(finding)
    rules = sorted({str(f.failure.rule) for f in findings})
    verdict = f"FAIL ({len(findings)} findings; rules {', '.join(rules)})" if findings else "PASS"
    print(f"Trace {path}: {count} exchanges judged from the trace alone: {verdict}")
    return 1 if findings else 0
