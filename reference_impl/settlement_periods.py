"""Settlement Periods (BMR-01) and Gate Closure (BMR-12).

A Settlement Period is written by its start instant; windows are half-open `[start, end)`.
"""

from collections.abc import Iterable
from datetime import datetime

from reference_impl.instants import format_instant
from reference_impl.params import GATE_CLOSURE, MAX_WINDOW_PERIODS, SETTLEMENT_PERIOD
from reference_impl.problems import invalid


def is_period_start(moment: datetime) -> bool:
    """True at :00 or :30 with zero seconds."""
    return moment.minute in (0, 30) and moment.second == 0 and moment.microsecond == 0


def period_count(start: datetime, end: datetime) -> int:
    """How many Settlement Periods `[start, end)` spans, by arithmetic: no list is built."""
    return max(0, -((start - end) // SETTLEMENT_PERIOD))


def periods(start: datetime, end: datetime) -> list[datetime]:
    """Every Settlement Period start in `[start, end)`; both ends assumed aligned, the span already bounded."""
    return [start + index * SETTLEMENT_PERIOD for index in range(period_count(start, end))]


def period_end(period_start: datetime) -> datetime:
    """The instant a Settlement Period ends."""
    return period_start + SETTLEMENT_PERIOD


def gate_closure(period_start: datetime) -> datetime:
    """Gate Closure of a Settlement Period: 60 minutes before it starts."""
    return period_start - GATE_CLOSURE


def after_gate_closure(instructed_at: datetime, period_start: datetime) -> bool:
    """BMR-12: Gate Closure had passed when the instruction was given (at Gate Closure counts as passed)."""
    return instructed_at >= gate_closure(period_start)


def require_period_start(moment: datetime, pointer: str) -> None:
    """422 BMR-01 unless `moment` starts a Settlement Period."""
    if not is_period_start(moment):
        raise invalid("must start a Settlement Period (:00 or :30 UTC)", pointer=pointer, rule="BMR-01")


def require_window(start: datetime, end: datetime, pointer: str, *, max_periods: int = MAX_WINDOW_PERIODS) -> None:
    """422 BMR-01 unless `[start, end)` is whole Settlement Periods, non-empty and not too long."""
    require_period_start(start, f"{pointer}/start")
    require_period_start(end, f"{pointer}/end")
    if end <= start:
        raise invalid("end must be after start", pointer=f"{pointer}/end", rule="BMR-01")
    if period_count(start, end) > max_periods:
        raise invalid(f"at most {max_periods} Settlement Periods", pointer=f"{pointer}/end", rule="BMR-01")


def period_texts(starts: Iterable[datetime]) -> list[str]:
    """Settlement Period starts as API text."""
    return [format_instant(s) for s in starts]
