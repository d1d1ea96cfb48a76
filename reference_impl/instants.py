"""RFC 3339 UTC instants with whole seconds and a `Z`: the only textual form of time in the API.

Instants lie in the years 2000 to 2999 (docs/api.md, "Bounds"): every arithmetic the rules do on
them (a Settlement Period's end, Gate Closure) then stays inside what `datetime` can hold, and the
text always has four-digit years.
"""

import re
from datetime import UTC, datetime

from reference_impl.problems import invalid

_INSTANT = re.compile(r"^2[0-9]{3}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")


def parse_instant(text: object, pointer: str, rule: str | None = None) -> datetime:
    """Parse `2030-01-15T17:00:00Z`; anything else, or a year outside 2000-2999, is invalid content at `pointer`."""
    if not isinstance(text, str) or not _INSTANT.match(text):
        raise invalid(
            "must be an RFC 3339 UTC instant with whole seconds and Z, in the years 2000 to 2999",
            pointer=pointer,
            rule=rule,
        )
    try:
        # The pattern fixed every field's place; datetime() checks the calendar (strptime is ~10x slower).
        return datetime(
            int(text[0:4]),
            int(text[5:7]),
            int(text[8:10]),
            int(text[11:13]),
            int(text[14:16]),
            int(text[17:19]),
            tzinfo=UTC,
        )
    except ValueError:
        raise invalid("is not a valid calendar instant", pointer=pointer, rule=rule) from None


def format_instant(moment: datetime) -> str:
    """The canonical text of an instant (UTC, whole seconds, Z, a four-digit year whatever the platform)."""
    m = moment.astimezone(UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def real_now() -> datetime:
    """Wall-clock UTC now truncated to whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)
