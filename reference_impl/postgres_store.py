"""PostgreSQL (psycopg 3): one transaction per unit, on a pool, in worker threads.

Several NMF processes share the database, so rules that read and then write hold row locks
(`Conn.for_update` = FOR NO KEY UPDATE) or transaction-scoped advisory locks (`Conn.lock`) under READ
COMMITTED. A unit that loses a race in a way PostgreSQL can only report as an error (a deadlock, a
serialization failure, a unique key taken by a concurrent commit) is run again from the start: the
second run sees the winner's commit and answers as the rules say (a replay, a 409).

Durability is PostgreSQL's own (`synchronous_commit=on`): a unit is answered after COMMIT returns,
and PostgreSQL already flushes concurrent commits with one WAL write (its group commit).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

import anyio.to_thread
import psycopg
import psycopg.errors
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from reference_impl import schema
from reference_impl.db import Params, Row, Store, T, Work

POOL_SIZE = 8  # connections per worker process
MAX_ATTEMPTS = 8
_SCHEMA_LOCK = 0x4E4D46  # advisory lock id serialising schema creation across starting workers
_RETRY = (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected, psycopg.errors.UniqueViolation)
_READ_ONLY = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_translated: dict[str, str] = {}
_translated_lock = threading.Lock()


def _pg_sql(sql: str) -> str:
    """`?` → `%s` and `:name` → `%(name)s`, once per distinct statement."""
    found = _translated.get(sql)
    if found is None:
        found = _NAMED.sub(r"%(\1)s", sql.replace("?", "%s"))
        with _translated_lock:
            _translated[sql] = found
    return found


class PostgresConn:
    """`Conn` over a psycopg connection inside a transaction."""

    for_update = " FOR NO KEY UPDATE"  # blocks the writers of the row, not readers nor foreign keys

    def __init__(self, raw: psycopg.Connection[Row]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Params = ()) -> None:
        """Run one statement."""
        self.raw.execute(_pg_sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement per parameter set."""
        with self.raw.cursor() as cursor:
            cursor.executemany(_pg_sql(sql), rows)

    def one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row, or None."""
        return self.raw.execute(_pg_sql(sql), params).fetchone()

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row."""
        return self.raw.execute(_pg_sql(sql), params).fetchall()

    def lock(self, scope: str, key: str) -> None:
        """A transaction-scoped advisory lock on (scope, key); a hash collision only makes one wait."""
        self.raw.execute("SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))", (scope, key))


class PostgresStore(Store):
    """The store for several worker processes: a PostgreSQL database named by its URL."""

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE) -> None:
        self._pool: ConnectionPool[psycopg.Connection[Row]] = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "row_factory": dict_row},
            open=True,
            name="nmf",
        )
        self._pool.wait(timeout=30)
        with self._pool.connection() as raw, raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for statement in schema.statements(schema.POSTGRES_SERIAL):
                raw.execute(statement)

    async def write(self, work: Work[T]) -> T:
        """Run `work` in its own transaction on a worker thread; return once committed."""
        return await anyio.to_thread.run_sync(self._run, work)

    async def read(self, work: Work[T]) -> T:
        """Run `work` on one REPEATABLE READ snapshot, read only."""
        return await anyio.to_thread.run_sync(self._run, work, _READ_ONLY)

    def _run(self, work: Work[T], isolation: str | None = None) -> T:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                # Pipeline mode: a statement whose result nobody reads (BEGIN, SAVEPOINT, an INSERT, a lock)
                # is sent without waiting for its answer, so a unit costs a round trip per query, not per statement.
                with self._pool.connection() as raw, raw.pipeline(), raw.transaction():
                    if isolation is not None:
                        raw.execute(isolation)
                    return work(PostgresConn(raw))
            except _RETRY:
                if attempt == MAX_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close the pool."""
        self._pool.close()
