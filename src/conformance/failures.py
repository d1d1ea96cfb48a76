"""The one shape of a conformance failure: which rule, which message, which field, what was wrong."""

from __future__ import annotations

from typing import Any, Final

from conformance import provenance

__all__ = ["ConformanceFailure"]


class _Unset:
    """Marks an `expected`/`actual` that was not given (None is a legitimate observed value)."""

    def __repr__(self) -> str:
        return "<unset>"


_UNSET: Final = _Unset()


class ConformanceFailure(AssertionError):  # noqa: N818 - a failed check, not an error
    """A scenario failure as a vendor reads it, rendered on one line by `str()`.

    `[BMR-13] VolumeNotice /payload/periods/0/volumeKwh: expected '25.000', got '20.000' (volume of ...)`

    A count names what was counted instead of a field (`counted`):
    `[BMR-15] RequirementPublished: expected no RequirementPublished to the Consumer (Domestic), got 1`

    `exchange` is the sequence number of the exchange the failed check read; a check that has it in hand
    gives it, otherwise it is found from the reads the check made (`conformance.provenance`).
    """

    def __init__(
        self,
        *,
        rule: str | None,
        message: str,
        field: str = "",
        detail: str,
        expected: object = _UNSET,
        actual: object = _UNSET,
        counted: str = "",
        exchange: int | _Unset | None = _UNSET,
    ) -> None:
        self.rule = rule
        self.message = message
        self.field = field
        self.detail = detail
        self.expected = expected
        self.actual = actual
        self.counted = counted
        self.exchange = (
            provenance.exchange_read(
                message,
                field,
                provenance.UNOBSERVED if isinstance(actual, _Unset) else actual,
                counted=bool(counted),
            )
            if isinstance(exchange, _Unset)
            else exchange
        )
        super().__init__(self._render())

    @property
    def has_expectation(self) -> bool:
        """Whether the failure compares an expected value with an observed one."""
        return not (isinstance(self.expected, _Unset) and isinstance(self.actual, _Unset))

    def _render(self) -> str:
        prefix = f"[{self.rule}] " if self.rule else ""
        where = f"{self.message} {self.field}" if self.field else self.message
        if self.counted:
            because = f" ({self.detail})" if self.detail else ""
            return f"{prefix}{where}: expected {_in_words(self.expected)} {self.counted}, got {self.actual}{because}"
        if self.has_expectation:
            return f"{prefix}{where}: expected {self.expected!r}, got {self.actual!r} ({self.detail})"
        return f"{prefix}{where}: {self.detail}"

    def explained(self, note: str) -> ConformanceFailure:
        """The same failure, with an earlier observation that explains it added to its detail."""
        fields = self.as_dict()
        fields["detail"] = f"{self.detail}; {note}" if self.detail else note
        return ConformanceFailure(**fields)

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only construction: teach pickle (xdist, multiprocessing) how to rebuild it.
        return (_rebuild, (self.as_dict(),))

    def as_dict(self) -> dict[str, Any]:
        """The failure's fields (expected/actual only when given), for reports."""
        fields: dict[str, Any] = {
            "rule": self.rule,
            "message": self.message,
            "field": self.field,
            "detail": self.detail,
        }
        if not isinstance(self.expected, _Unset):
            fields["expected"] = self.expected
        if not isinstance(self.actual, _Unset):
            fields["actual"] = self.actual
        if self.counted:
            fields["counted"] = self.counted
        fields["exchange"] = self.exchange
        return fields


def _in_words(count: object) -> str:
    """A small expected count as a reader says it: no, one, or the number."""
    return {0: "no", 1: "one"}.get(count, str(count)) if isinstance(count, int) else str(count)


def _rebuild(fields: dict[str, Any]) -> ConformanceFailure:
    return ConformanceFailure(**fields)
