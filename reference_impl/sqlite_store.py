"""SQLite, embedded: one writer thread with pipelined group commit, readers on their own WAL snapshots.

Group commit: units that arrive while a batch is being committed run together in the next
transaction, each in its own SAVEPOINT so one failing unit undoes only itself.

Durability is pipelined: the WAL runs with `synchronous=NORMAL`, so COMMIT only writes the batch's
frames, and a second thread then fsyncs the WAL file once for every batch committed since its last
fsync. A unit is answered only after that fsync, so an acknowledged write survives `kill -9` and
power loss as with `synchronous=FULL`; but the writer starts the next batch while the disk flushes
the last one, instead of waiting for it. A read is answered only once every batch that was
committing when it ended is flushed too, so nobody sees a write that a crash could still take back.
(SQLite itself fsyncs the WAL before each checkpoint, so frames never reach the database file unflushed.)

":memory:" (the in-process harness) has no file and no fsync: units run inline under one lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread

from reference_impl import schema
from reference_impl.db import Params, Row, Store, T, Work, savepoint

MEMORY = ":memory:"
MAX_BATCH = 256  # units per group commit: bounds the latency one batch adds to the next
_BUSY_TIMEOUT_MS = 10_000


class SqliteConn:
    """`Conn` over a sqlite3 connection: SQL passes through unchanged."""

    for_update = ""  # one writer at a time: a rule's reads cannot go stale before its write

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Params = ()) -> None:
        """Run one statement."""
        self.raw.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement per parameter set."""
        self.raw.executemany(sql, rows)

    def one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row, or None."""
        row: Row | None = self.raw.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row."""
        return list(self.raw.execute(sql, params).fetchall())

    def lock(self, scope: str, key: str) -> None:
        """Nothing to do: SQLite runs one writing transaction at a time."""


def _create_private(path: str) -> None:
    """Create the database file readable by its owner only (its WAL and -shm files inherit the mode)."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def _connect(path: str) -> sqlite3.Connection:
    # Every statement the rules run stays compiled: they are a few hundred distinct texts, and the default
    # cache of 128 made the suite recompile them over and over.
    raw = sqlite3.connect(path, check_same_thread=False, isolation_level=None, cached_statements=1024)
    raw.row_factory = sqlite3.Row
    raw.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    raw.execute("PRAGMA foreign_keys = ON")
    return raw


@dataclass
class _Unit:
    work: Work[Any]
    loop: asyncio.AbstractEventLoop
    done: asyncio.Future[Any]


Outcome = tuple[_Unit, bool, Any]
"""A unit, whether its work returned, and what it returned or raised."""


def _settle(outcomes: list[Outcome]) -> None:
    """On the units' event loop: hand each waiting request its outcome (one call for a whole flush)."""
    for unit, ok, value in outcomes:
        if unit.done.done():  # the request was cancelled meanwhile (its client went away)
            continue
        if ok:
            unit.done.set_result(value)
        else:
            unit.done.set_exception(value)


def _answer(outcomes: list[Outcome]) -> None:
    """From a store thread: settle the outcomes on their loops, with one wake-up per loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[Outcome]] = {}
    for outcome in outcomes:
        by_loop.setdefault(outcome[0].loop, []).append(outcome)
    for loop, mine in by_loop.items():
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits there any more
            loop.call_soon_threadsafe(_settle, mine)


@dataclass
class _Committed:
    """A batch whose COMMIT has run: its units are answered once the WAL holding it is flushed."""

    number: int
    outcomes: list[Outcome]


def _run_in_savepoint(conn: SqliteConn, unit: _Unit) -> tuple[bool, Any]:
    try:
        with savepoint(conn):
            return True, unit.work(conn)
    except Exception as exc:  # handed to the unit's caller, not swallowed
        return False, exc


class SqliteStore(Store):
    """The default store: a SQLite file (or ":memory:")."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._memory = path == MEMORY
        if not self._memory:
            _create_private(path)
        self._writer = _connect(path)
        if not self._memory:
            mode = self._writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise RuntimeError(f"SQLite refused WAL mode for {path} (journal_mode={mode})")
            self._writer.execute("PRAGMA synchronous = NORMAL")  # the syncer thread fsyncs (module docstring)
        self._writer.execute("BEGIN IMMEDIATE")
        for statement in schema.statements(schema.SQLITE_SERIAL):
            self._writer.execute(statement)
        self._writer.execute("COMMIT")
        self._lock = threading.Lock()
        self._readers = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        self._queue: queue.SimpleQueue[_Unit | None] = queue.SimpleQueue()
        self._to_sync: queue.SimpleQueue[_Committed | None] = queue.SimpleQueue()
        self._committing = 0  # the number of the last batch whose COMMIT has started
        self._flushed = 0  # every batch up to this number is on disk
        self._flushed_changed = threading.Condition()
        self._broken: OSError | None = None  # an fsync of the WAL failed: what is committed may not be on disk
        self._threads: list[threading.Thread] = []
        self.commits = 0
        """Group commits so far (file databases): the benchmark and tests read it."""
        self.flushes = 0
        """fsyncs of the WAL so far (file databases): one covers every batch committed before it."""
        if not self._memory:
            self._wal = os.open(f"{path}-wal", os.O_RDONLY)  # the schema's COMMIT created it
            for target, name in ((self._write_loop, "nmf-sqlite-writer"), (self._sync_loop, "nmf-sqlite-syncer")):
                thread = threading.Thread(target=target, name=name, daemon=True)
                thread.start()
                self._threads.append(thread)

    async def write(self, work: Work[T]) -> T:
        """Queue `work` for the next group commit; return its result once flushed to disk."""
        if self._memory:
            with self._lock:
                return self._commit_one(work)
        loop = asyncio.get_running_loop()
        unit = _Unit(work, loop, loop.create_future())
        self._queue.put(unit)
        result: T = await unit.done
        return result

    async def read(self, work: Work[T]) -> T:
        """Run `work` on a reader connection of a worker thread (in memory: inline)."""
        if self._memory:
            with self._lock:
                return self._commit_one(work)
        return await anyio.to_thread.run_sync(self._read_now, work)

    def _commit_one(self, work: Work[T]) -> T:
        self._writer.execute("BEGIN IMMEDIATE")
        try:
            result = work(SqliteConn(self._writer))
        except BaseException:
            self._writer.execute("ROLLBACK")
            raise
        self._writer.execute("COMMIT")
        return result

    def _read_now(self, work: Work[T]) -> T:
        raw: sqlite3.Connection | None = getattr(self._readers, "conn", None)
        if raw is None:
            raw = _connect(self._path)
            raw.execute("PRAGMA query_only = ON")
            self._readers.conn = raw
            with self._lock:
                self._reader_conns.append(raw)
        raw.execute("BEGIN")  # one snapshot for every statement of the unit
        try:
            result = work(SqliteConn(raw))
        finally:
            raw.execute("COMMIT")
        self._wait_flushed(self._committing)  # the snapshot may hold a batch not yet on disk
        return result

    def _wait_flushed(self, batch: int) -> None:
        with self._flushed_changed:
            self._flushed_changed.wait_for(lambda: self._flushed >= batch or self._broken is not None)
            if self._flushed < batch and self._broken is not None:
                raise self._broken

    def _write_loop(self) -> None:
        conn = SqliteConn(self._writer)
        while True:
            first = self._queue.get()
            if first is None:
                self._to_sync.put(None)
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    unit = self._queue.get_nowait()
                except queue.Empty:
                    break
                if unit is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(unit)
            self._commit_batch(conn, batch)

    def _commit_batch(self, conn: SqliteConn, batch: list[_Unit]) -> None:
        number = self._committing + 1
        try:
            self._writer.execute("BEGIN IMMEDIATE")
            outcomes = [_run_in_savepoint(conn, unit) for unit in batch]
            self._committing = number  # before COMMIT: a reader may see the batch from then on
            self._writer.execute("COMMIT")
            self.commits += 1
        except Exception as exc:  # the batch failed as a whole: nobody is acknowledged
            with contextlib.suppress(sqlite3.Error):  # the writer must outlive a failed rollback too
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
            _answer([(unit, False, exc) for unit in batch])
            if self._committing == number:  # readers may wait on it: let the next flush pass it
                self._to_sync.put(_Committed(number, []))
            return
        self._to_sync.put(
            _Committed(number, [(unit, ok, value) for unit, (ok, value) in zip(batch, outcomes, strict=True)])
        )

    def _sync_loop(self) -> None:
        while True:
            first = self._to_sync.get()
            if first is None:
                return
            batches = [first]
            stopping = False
            while True:
                try:
                    more = self._to_sync.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batches.append(more)
            self._flush(batches)
            if stopping:
                return

    def _flush(self, batches: list[_Committed]) -> None:
        try:
            os.fsync(self._wal)
        except OSError as exc:  # not known to be on disk: nobody is acknowledged, nothing more is read
            with self._flushed_changed:
                self._broken = exc
                self._flushed_changed.notify_all()
            _answer([(unit, False, exc) for batch in batches for unit, _, _ in batch.outcomes])
            return
        self.flushes += 1
        with self._flushed_changed:
            self._flushed = batches[-1].number
            self._flushed_changed.notify_all()
        _answer([outcome for batch in batches for outcome in batch.outcomes])

    def close(self) -> None:
        """Stop the writer after the queued units, then the syncer, then close every connection."""
        if self._threads:
            self._queue.put(None)
            for thread in self._threads:
                thread.join(timeout=30)
            os.close(self._wal)
        with self._lock:
            for raw in self._reader_conns:
                raw.close()
            self._writer.close()
