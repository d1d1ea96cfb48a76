"""Settlement Period arithmetic on the harness side, independent of any NMF."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

PERIOD = timedelta(minutes=30)


def parse_instant(text: str) -> datetime:
    """An RFC 3339 UTC instant as written in scenarios and messages."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def format_instant(instant: datetime) -> str:
    """The wire form of an instant: UTC, whole seconds, with a Z."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def period_starts(start: str, end: str) -> Iterator[str]:
    """The start of every Settlement Period in the half-open window [start, end)."""
    instant, stop = parse_instant(start), parse_instant(end)
    while instant < stop:
        yield format_instant(instant)
        instant += PERIOD
