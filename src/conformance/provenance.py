"""Which exchange a failed check read: response bodies that remember their exchange, and the reads made of them.

A check compares values it took from response bodies, often long after the request that fetched them (an
inbox read once and kept, a transaction stored at its acceptance) and sometimes before further requests (a
failure explained by what the NMF said earlier). So the exchange a failure names is not the last one made but
the one the check read: of the bodies read in this scenario, the most recently read one that holds the
message the failure names, preferring one that holds the observed value at the failure's field.

Bodies are traced as `send` records them; every read of one of their objects notes its message, the root
of that message (the response body, or a notice inside a page of notifications) and its exchange.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "UNOBSERVED",
    "Source",
    "TracedDict",
    "TracedList",
    "exchange_read",
    "forget",
    "last_read",
    "note",
    "source_of",
    "traced",
    "traced_as",
]

UNOBSERVED: Final = object()  # a failure with no observed value


@dataclass(frozen=True, eq=False)
class Source:
    """Where a traced object came from: its exchange, the message it belongs to and that message's names."""

    sequence: int
    names: frozenset[str]  # what a failure calls this message: endpoint, schema name, messageType
    root: Any  # the message itself, for finding the failure's field in it


# The scenario's reads, least recent first, one entry per message (a message read again moves to the end).
_reads: dict[int, Source] = {}


def forget() -> None:
    """Start a scenario with no reads."""
    _reads.clear()


def note(source: Source) -> None:
    """Note a read of the message `source` describes."""
    key = id(source.root)
    if next(reversed(_reads), None) == key:
        return
    _reads.pop(key, None)
    _reads[key] = source


class TracedDict(dict[str, Any]):
    """A JSON object of a response body: every read notes its message."""

    source: Source

    def __getitem__(self, key: str) -> Any:
        note(self.source)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        note(self.source)
        return super().get(key, default)

    def __iter__(self) -> Iterator[str]:
        note(self.source)
        return super().__iter__()

    def items(self) -> Any:
        note(self.source)
        return super().items()

    def values(self) -> Any:
        note(self.source)
        return super().values()


class TracedList(list[Any]):
    """A JSON array of a response body: every read notes its message."""

    source: Source

    def __getitem__(self, index: Any) -> Any:
        note(self.source)
        return super().__getitem__(index)

    def __iter__(self) -> Iterator[Any]:
        note(self.source)
        return super().__iter__()


def traced(body: Any, sequence: int, names: frozenset[str]) -> Any:
    """`body` with every object and array traced to exchange `sequence`; a notice inside is a message of its own."""
    copy = _copy(body)
    if isinstance(copy, TracedDict | TracedList):
        own_type = dict.get(copy, "messageType") if isinstance(copy, dict) else None
        _assign(copy, Source(sequence, names | ({own_type} if isinstance(own_type, str) else set()), copy))
    return copy


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return TracedDict({key: _copy(child) for key, child in value.items()})
    if isinstance(value, list):
        return TracedList(_copy(child) for child in value)
    return value


def _assign(value: TracedDict | TracedList, source: Source) -> None:
    if isinstance(value, TracedDict):
        message_type = dict.get(value, "messageType")
        if isinstance(message_type, str) and value is not source.root:
            source = Source(source.sequence, frozenset({message_type}), value)
        children: Iterable[Any] = dict.values(value)
    else:
        children = list.__iter__(value)
    value.source = source
    for child in children:
        if isinstance(child, TracedDict | TracedList):
            _assign(child, source)


def traced_as(values: list[Any], holder: Any) -> list[Any]:
    """`values` gathered from `holder` (a traced body), as a list whose reads note `holder`'s message."""
    source = source_of(holder)
    if source is None:
        return values
    gathered = TracedList(values)
    gathered.source = source
    return gathered


def source_of(value: Any) -> Source | None:
    """The source of a traced object, or None for anything else."""
    return value.source if isinstance(value, TracedDict | TracedList) else None


def exchange_read(message: str, pointer: str = "", observed: Any = UNOBSERVED, *, counted: bool = False) -> int | None:
    """The exchange a failure about `message` read (see the module's docstring); None when nothing was read.

    A count names what it counted, not a field: it read what was read last.
    """
    reads = list(reversed(_reads.values()))
    if not reads:
        return None
    if not counted:
        named = [source for source in reads if message in source.names]
        if pointer and observed is not UNOBSERVED:
            holding = next((s for s in named if _at(s.root, pointer) == observed), None)
            if holding is not None:
                return holding.sequence
        if named:
            return named[0].sequence
    return reads[0].sequence


def last_read() -> int | None:
    """The exchange whose body was read last in this scenario, if any."""
    return next(reversed(_reads.values())).sequence if _reads else None


def _at(document: Any, pointer: str) -> Any:
    """The value at an RFC 6901 `pointer` in `document`, read without noting the read; `UNOBSERVED` if absent."""
    value = document
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, Mapping) and key in value:
            value = dict.__getitem__(value, key) if isinstance(value, dict) else value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = list.__getitem__(value, int(key))
        else:
            return UNOBSERVED
    return value
