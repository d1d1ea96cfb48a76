"""The SQLite store: private files, group commit, and answers only after the WAL is flushed to disk."""

import asyncio
import os
import sqlite3
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reference_impl.db import Conn
from reference_impl.sqlite_store import SqliteConn, SqliteStore


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(str(tmp_path / "nmf.sqlite3"))


def add_clock(clock_id: str) -> Callable[[Conn], str]:
    def work(conn: Conn) -> str:
        conn.execute("INSERT INTO test_clocks (id, now) VALUES (?, ?)", (clock_id, "2031-01-01T00:00:00Z"))
        return clock_id

    return work


def stored_clocks(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        return {row[0] for row in raw.execute("SELECT id FROM test_clocks")}


def test_files_are_private_and_the_journal_is_a_wal_the_store_flushes_itself(
    store: SqliteStore, tmp_path: Path
) -> None:
    asyncio.run(store.write(add_clock("c1")))
    database = tmp_path / "nmf.sqlite3"
    for path in (database, Path(f"{database}-wal")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._writer.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: the syncer thread fsyncs
    assert store.flushes >= 1
    store.close()


def behind_a_running_unit(store: SqliteStore, works: list[Callable[[Conn], str]]) -> list[object]:
    """Run `works` queued together while another unit holds the writer: they form the next batch."""

    async def scenario() -> list[object]:
        gate, started = threading.Event(), threading.Event()

        def running(conn: Conn) -> str:
            started.set()
            gate.wait(timeout=30)
            return add_clock("first")(conn)

        first = asyncio.ensure_future(store.write(running))
        await asyncio.to_thread(started.wait, 30)
        rest = [asyncio.ensure_future(store.write(work)) for work in works]
        await asyncio.sleep(0.05)  # every unit is queued behind the running one
        gate.set()
        return list(await asyncio.gather(first, *rest, return_exceptions=True))

    return asyncio.run(scenario())


def test_writes_that_arrive_together_share_one_commit(store: SqliteStore, tmp_path: Path) -> None:
    before = store.commits
    answers = behind_a_running_unit(store, [add_clock(f"c{i}") for i in range(40)])
    assert answers == ["first", *[f"c{i}" for i in range(40)]]
    assert store.commits - before == 2  # the running unit's batch, then the 40 queued behind it
    assert stored_clocks(tmp_path / "nmf.sqlite3") == set(answers)
    store.close()


def test_a_failing_unit_undoes_only_itself(store: SqliteStore, tmp_path: Path) -> None:
    def failing(conn: Conn) -> str:
        add_clock("doomed")(conn)
        raise ValueError("refused")

    answers = behind_a_running_unit(store, [add_clock("a"), failing, add_clock("b")])
    assert answers[:2] == ["first", "a"]
    assert isinstance(answers[2], ValueError)
    assert answers[3] == "b"
    assert stored_clocks(tmp_path / "nmf.sqlite3") == {"first", "a", "b"}
    store.close()


def test_no_unit_is_acknowledged_when_its_commit_fails(store: SqliteStore, tmp_path: Path) -> None:
    def breaks_the_commit(conn: Conn) -> str:
        # A deferred foreign key is checked only at COMMIT, which therefore fails for the whole batch.
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.execute("INSERT INTO actors VALUES ('x', 'X', 'DSO', 'no-such-clock', 'h')")
        return "broken"

    answers = behind_a_running_unit(store, [add_clock("a"), breaks_the_commit, add_clock("b")])
    assert answers[0] == "first"
    assert all(isinstance(a, sqlite3.IntegrityError) for a in answers[1:]), answers
    assert stored_clocks(tmp_path / "nmf.sqlite3") == {"first"}
    assert asyncio.run(store.write(add_clock("after"))) == "after"  # the writer carries on
    store.close()


def test_reads_see_only_committed_writes(store: SqliteStore) -> None:
    async def scenario() -> int:
        await store.write(add_clock("c1"))
        count = await store.read(lambda conn: conn.one("SELECT count(*) AS n FROM test_clocks"))
        assert count is not None
        return int(count["n"])

    assert asyncio.run(scenario()) == 1
    store.close()


def test_sqlite_conn_is_a_conn() -> None:
    raw = sqlite3.connect(":memory:")
    conn: Conn = SqliteConn(raw)
    assert conn.for_update == ""
    raw.close()


class HeldFsync:
    """os.fsync that blocks until released, counting the calls that reached it."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.entered = threading.Semaphore(0)
        self.real = os.fsync

    def __call__(self, fd: int) -> None:
        self.entered.release()
        self.release.wait(timeout=30)
        self.real(fd)


def test_nothing_is_answered_before_the_wal_is_flushed_and_the_next_batch_commits_meanwhile(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldFsync()
    monkeypatch.setattr(os, "fsync", held)

    async def scenario() -> None:
        first = asyncio.ensure_future(store.write(add_clock("c1")))
        assert await asyncio.to_thread(held.entered.acquire, True, 30)  # c1 is committed, its fsync held
        second = asyncio.ensure_future(store.write(add_clock("c2")))
        read = asyncio.ensure_future(store.read(lambda conn: conn.one("SELECT count(*) AS n FROM test_clocks")))
        deadline = asyncio.get_running_loop().time() + 30
        while store.commits < 2 and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)
        assert store.commits == 2  # the writer went on to c2's batch while c1's flush was held
        await asyncio.sleep(0.1)
        assert not first.done()
        assert not second.done()
        assert not read.done()  # nor a read that saw c1 (or c2) before it is on disk
        held.release.set()
        assert await first == "c1"
        assert await second == "c2"
        row = await read
        assert row is not None
        assert row["n"] in (1, 2)

    asyncio.run(scenario())
    store.close()


def test_a_failed_flush_answers_no_unit_and_no_read(store: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "fsync", failing)

    async def scenario() -> None:
        with pytest.raises(OSError, match="I/O error"):
            await store.write(add_clock("c1"))
        with pytest.raises(OSError, match="I/O error"):
            await store.read(lambda conn: conn.one("SELECT count(*) AS n FROM test_clocks"))

    asyncio.run(scenario())
    monkeypatch.undo()
    store.close()


def test_a_store_reopened_after_a_clean_close_writes_and_flushes(tmp_path: Path) -> None:
    path = tmp_path / "nmf.sqlite3"
    first = SqliteStore(str(path))
    asyncio.run(first.write(add_clock("before")))
    first.close()
    assert not Path(f"{path}-wal").exists()  # SQLite removes the WAL when its last connection closes
    reopened = SqliteStore(str(path))
    assert asyncio.run(reopened.write(add_clock("after"))) == "after"
    assert reopened.flushes == 1
    reopened.close()
    assert stored_clocks(path) == {"before", "after"}


def test_a_request_that_goes_away_before_its_flush_leaves_the_store_working(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    held = HeldFsync()
    monkeypatch.setattr(os, "fsync", held)

    async def scenario() -> None:
        gone = asyncio.ensure_future(store.write(add_clock("gone")))
        assert await asyncio.to_thread(held.entered.acquire, True, 30)
        gone.cancel()  # its client disconnected while the flush was on its way
        held.release.set()
        with pytest.raises(asyncio.CancelledError):
            await gone
        assert await asyncio.wait_for(store.write(add_clock("next")), timeout=30) == "next"

    asyncio.run(scenario())
    store.close()
    assert stored_clocks(tmp_path / "nmf.sqlite3") == {"gone", "next"}  # committed and flushed all the same
