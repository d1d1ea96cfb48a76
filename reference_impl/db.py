"""The NMF's storage interface: a store runs units of work, each in its own transaction.

Two implementations: `sqlite_store` (embedded, the default) and `postgres_store` (several worker
processes on one database). Services and repositories see only `Conn`; SQL is written once, in the
common subset of both dialects, with `?` (positional) or `:name` (named) parameters.

What differs between the dialects lives behind `Conn`:
* `for_update`: the suffix that locks the rows a rule reads before it writes ("" on SQLite, where
  writers are serialised anyway);
* `lock(scope, key)`: a lock held to the end of the transaction (no-op on SQLite);
* the DDL (`schema.py`) and which errors mean "run the unit again" (PostgreSQL only).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
Params = Sequence[object] | Mapping[str, object]
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class Row(Protocol):
    """One result row, read by column name."""

    def __getitem__(self, key: str, /) -> Any: ...


class Conn(Protocol):
    """An open transaction on the store."""

    for_update: str
    """Appended to a SELECT whose rows a rule checks and then changes (see module docstring)."""

    def execute(self, sql: str, params: Params = ()) -> None:
        """Run one statement."""

    def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once per parameter set."""

    def one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, or None."""

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a query."""

    def lock(self, scope: str, key: str) -> None:
        """Wait for, then hold until the transaction ends, the lock named (scope, key)."""


Work = Callable[[Conn], T]


class Store(ABC):
    """Where the NMF keeps its state. `write` units are acknowledged only once committed."""

    @abstractmethod
    async def write(self, work: Work[T]) -> T:
        """Run `work` in a transaction that may change the store; return once it is durable."""

    @abstractmethod
    async def read(self, work: Work[T]) -> T:
        """Run `work` on a consistent snapshot of the committed state."""

    @abstractmethod
    def close(self) -> None:
        """Release connections and threads (tests restart the NMF on the same database)."""


@contextmanager
def savepoint(conn: Conn) -> Iterator[None]:
    """Undo the work inside on an exception, keeping the enclosing transaction open.

    Every savepoint has the same name: both dialects resolve a name to the innermost savepoint that
    has it, which is the one this block opened, and a constant text is compiled once per connection.
    """
    conn.execute("SAVEPOINT unit")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO SAVEPOINT unit")
        conn.execute("RELEASE SAVEPOINT unit")
        raise
    conn.execute("RELEASE SAVEPOINT unit")


def open_store(database: str) -> Store:
    """A store for `database`: a `postgresql://` URL, a SQLite file path, or ":memory:"."""
    if database.startswith(POSTGRES_SCHEMES):
        from reference_impl.postgres_store import PostgresStore  # noqa: PLC0415 - psycopg only when asked for

        return PostgresStore(database)
    from reference_impl.sqlite_store import SqliteStore  # noqa: PLC0415 - keeps the import graph acyclic

    return SqliteStore(database)
