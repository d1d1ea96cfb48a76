"""A scenario's steps and its failure as the reports hold them: the records `conformance.scenario_trace` fills."""

from __future__ import annotations

import math
from typing import Any, TypedDict

import pytest

from conformance import provenance
from conformance.failures import ConformanceFailure

__all__ = ["STEPS", "FailureFields", "StepRecord", "failure_fields"]


class StepRecord(TypedDict):
    """One Gherkin step of a scenario as the report shows it."""

    keyword: str
    text: str
    table: list[list[str]] | None
    outcome: str  # passed, failed or notRun


class FailureFields(TypedDict):
    """A failed scenario's failure, field by field (`report.schema.json` #/$defs/failure)."""

    text: str
    rule: str | None
    message: str
    pointer: str
    detail: str
    expected: Any
    observed: Any
    hasExpectation: bool
    step: str | None
    exchange: int | None


STEPS = pytest.StashKey[list[StepRecord]]()


def failure_fields(exception: BaseException, steps: list[StepRecord]) -> FailureFields:
    """The fields of a failure: a `ConformanceFailure`'s own parts, or the exception's text for anything else.

    The exchange is the one the failed check read: a `ConformanceFailure` carries it; for anything else
    (a body without a field the step needed, say) it is the exchange whose body was read last."""
    failed = next((s for s in steps if s["outcome"] == "failed"), None)
    step = f"{failed['keyword']} {failed['text']}" if failed is not None else None
    if isinstance(exception, ConformanceFailure):
        fields = exception.as_dict()
        return {
            "text": str(exception),
            "rule": exception.rule,
            "message": exception.message,
            "pointer": exception.field,
            "detail": exception.detail,
            "expected": _json_value(fields.get("expected")),
            "observed": _json_value(fields.get("actual")),
            "hasExpectation": exception.has_expectation,
            "step": step,
            "exchange": exception.exchange,
        }
    text = str(exception).strip()
    return {
        "text": f"{type(exception).__name__}: {text}" if text else type(exception).__name__,
        "rule": None,
        "message": "",
        "pointer": "",
        "detail": text,
        "expected": None,
        "observed": None,
        "hasExpectation": False,
        "step": step,
        "exchange": provenance.last_read(),
    }


def _json_value(value: Any) -> Any:
    """`value` as JSON can hold it: Decimals and other objects as their text, non-finite floats as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)
