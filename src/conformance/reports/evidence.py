"""The evidence of a failure: which exchange broke the scenario, and where in its bodies the offending field is."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

__all__ = [
    "Path",
    "camel_case_exchange",
    "failing_exchange",
    "offending_paths",
    "parse_pointer",
    "summarise_exchanges",
]

Path = tuple[str | int, ...]


def camel_case_exchange(exchange: Mapping[str, Any]) -> dict[str, Any]:
    """An exchange record with its keys in the report's camelCase (`request_body` → `requestBody`)."""
    return {re.sub(r"_([a-z])", lambda m: m[1].upper(), key): value for key, value in exchange.items()}


def summarise_exchanges(exchanges: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What a scenario's exchanges were, without their content: how many, per endpoint, per status, how long."""
    endpoints: Counter[str] = Counter(f"{e['method']} {str(e['path']).partition('?')[0]}" for e in exchanges)
    statuses: Counter[str] = Counter(str(e["status"]) for e in exchanges)
    return {
        "count": len(exchanges),
        "endpoints": dict(sorted(endpoints.items())),
        "statuses": dict(sorted(statuses.items())),
        "durationMs": round(sum(float(e.get("durationMs") or 0) for e in exchanges), 3),
    }


def failing_exchange(scenario: Mapping[str, Any]) -> dict[str, Any] | None:
    """The exchange a failed scenario's failure points at (the one its failed check read), if any."""
    failure = scenario.get("failure") or {}
    number = failure.get("exchange")
    return next((dict(e) for e in scenario.get("exchanges", []) if e.get("sequence") == number), None)


def parse_pointer(pointer: str) -> Path:
    """The parts of an RFC 6901 JSON pointer; array indices as ints."""
    if not pointer.startswith("/"):
        return ()
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]
    return tuple(int(part) if part.isdigit() else part for part in parts)


def offending_paths(body: Any, pointer: str, observed: Any = None, *, has_observed: bool = False) -> list[Path]:
    """Where in `body` the failure's field is: the pointer itself, or (for a message inside a page of
    notifications) every place the pointer's path ends, narrowed to those holding the observed value."""
    wanted = parse_pointer(pointer)
    if not wanted:
        return []
    if _resolves(body, wanted):
        return [wanted]
    found = [path for path, _ in _walk(body, ()) if path[-len(wanted) :] == wanted]
    if has_observed:
        narrowed = [path for path in found if _value_at(body, path) == observed]
        found = narrowed or found
    return found


def _walk(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index))


def _resolves(body: Any, path: Path) -> bool:
    try:
        _value_at(body, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _value_at(body: Any, path: Path) -> Any:
    value = body
    for part in path:
        if isinstance(value, list) and isinstance(part, int):
            value = value[part]
            continue
        if not (isinstance(value, dict) and isinstance(part, str)):
            raise KeyError(part)
        value = value[part]
    return value
