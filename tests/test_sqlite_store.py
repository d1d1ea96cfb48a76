"""The SQLite store: WAL with a full fsync per commit, private files, and group commit."""

import asyncio
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


def test_files_are_private_and_the_journal_is_a_fully_synced_wal(store: SqliteStore, tmp_path: Path) -> None:
    asyncio.run(store.write(add_clock("c1")))
    database = tmp_path / "nmf.sqlite3"
    for path in (database, Path(f"{database}-wal")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._writer.execute("PRAGMA synchronous").fetchone()[0] == 2
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
