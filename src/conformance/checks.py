"""Comparisons that fail as conformance failures: the rule, the message, the field, expected and actual."""

from decimal import Decimal, InvalidOperation
from typing import Any

from conformance.failures import ConformanceFailure


def expect_equal(actual: Any, expected: Any, *, rule: str | None, message: str, field: str, detail: str) -> None:
    """Fail unless `actual == expected`."""
    if actual != expected:
        raise ConformanceFailure(
            rule=rule, message=message, field=field, detail=detail, expected=expected, actual=actual
        )


def expect_one_of(
    actual: Any, allowed: tuple[Any, ...], *, rule: str | None, message: str, field: str, detail: str
) -> None:
    """Fail unless `actual` is one of the answers the spec allows."""
    if actual not in allowed:
        expected = " or ".join(repr(value) for value in allowed)
        raise ConformanceFailure(
            rule=rule, message=message, field=field, detail=detail, expected=expected, actual=actual
        )


def as_decimal(value: Any) -> Decimal | None:
    """A wire quantity as a Decimal, or None when it is absent or not a number."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def expect_amount(actual: Any, expected: str, *, rule: str | None, message: str, field: str, detail: str) -> None:
    """Fail unless a decimal string on the wire equals the expected figure (whatever its trailing zeros)."""
    if as_decimal(actual) != Decimal(expected):
        raise ConformanceFailure(
            rule=rule, message=message, field=field, detail=detail, expected=expected, actual=actual
        )


def expect_count(
    items: list[Any], expected: int, *, rule: str | None, message: str, counted: str, detail: str = ""
) -> None:
    """Fail unless exactly `expected` items were seen; `counted` says what, e.g. "VolumeNotice to the BRP"."""
    if len(items) != expected:
        raise ConformanceFailure(
            rule=rule, message=message, detail=detail, expected=expected, actual=len(items), counted=counted
        )


def expect_fields(
    actual: Any,
    expected: dict[str, Any],
    *,
    amounts: tuple[str, ...] = (),
    rule: str | None,
    message: str,
    prefix: str,
    detail: str,
) -> None:
    """Fail at the first field of `expected` that `actual` (a JSON object) holds differently; `amounts` as decimals."""
    holder = actual if isinstance(actual, dict) else {}
    for name, value in expected.items():
        if name in amounts:
            expect_amount(holder.get(name), value, rule=rule, message=message, field=f"{prefix}/{name}", detail=detail)
        else:
            expect_equal(holder.get(name), value, rule=rule, message=message, field=f"{prefix}/{name}", detail=detail)
