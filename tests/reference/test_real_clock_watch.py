"""The real clock's timed checks run by themselves while the reference is served (BMR-50's data silence)."""

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from conformance.targets import reference_app, serve_in_thread
from reference_impl.db import Conn, Store
from reference_impl.services import offsetting_monitor
from reference_impl.web import real_clock


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_served_reference_looks_for_data_silence_on_the_real_clock_by_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    rounds: list[tuple[str, datetime]] = []
    checks = offsetting_monitor.on_clock

    def recorded(conn: Conn, clock_id: str, now: datetime) -> None:
        rounds.append((clock_id, now))
        checks(conn, clock_id, now)

    monkeypatch.setattr(offsetting_monitor, "on_clock", recorded)
    monkeypatch.setattr(real_clock, "REAL_CLOCK_WATCH", timedelta(milliseconds=50))

    with serve_in_thread(reference_app(admin_token="watch-test")):
        assert _wait_for(lambda: len(rounds) >= 3, 10), rounds
    stopped_at = len(rounds)

    assert {clock_id for clock_id, _ in rounds} == {""}  # the real clock, never a test clock
    assert all(abs(now - datetime.now(UTC)) < timedelta(seconds=30) for _, now in rounds)
    time.sleep(0.3)
    assert len(rounds) == stopped_at  # the watch ends with the server


class _FlakyStore(Store):
    """A store whose first write fails: the watch must log it and keep going."""

    def __init__(self) -> None:
        self.writes = 0

    async def write(self, work: Any) -> Any:
        self.writes += 1
        if self.writes == 1:
            raise RuntimeError("the database went away for a moment")
        return None

    async def read(self, work: Any) -> Any:
        raise AssertionError("the watch only writes")

    def close(self) -> None:
        pass


def test_a_failed_round_is_logged_and_the_watch_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    store = _FlakyStore()

    async def three_rounds() -> None:
        task = asyncio.create_task(real_clock.watch(store, timedelta(0)))
        while store.writes < 3:
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(three_rounds(), timeout=5))
    assert store.writes >= 3
    assert "the real clock's timed checks failed" in caplog.text
