"""The timed checks of the real clock, run by a served NMF in the background.

Test clocks run these checks as they move (POST /admin/test-clocks/{id}/advance); on the real clock
nothing moves, so the app runs them every `REAL_CLOCK_WATCH` for as long as its lifespan runs. The
suite's actors live on test clocks, so for them the watch finds nothing to do.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

from starlette.applications import Starlette

from reference_impl.clock import REAL_CLOCK
from reference_impl.db import Store
from reference_impl.instants import real_now
from reference_impl.params import REAL_CLOCK_WATCH
from reference_impl.services import offsetting_monitor

_log = logging.getLogger(__name__)


async def watch(db: Store, every: timedelta) -> None:
    """Run the real clock's timed checks every `every`, until cancelled; a failed round is logged, not fatal."""
    while True:
        await asyncio.sleep(every.total_seconds())
        try:
            await db.write(lambda conn: offsetting_monitor.on_clock(conn, REAL_CLOCK, real_now()))
        except Exception:
            _log.exception("the real clock's timed checks failed; they run again in %s", every)


def lifespan(db: Store) -> Callable[[Starlette], contextlib.AbstractAsyncContextManager[None]]:
    """A Starlette lifespan that keeps the watch running while the app is served."""

    @contextlib.asynccontextmanager
    async def running(_: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(watch(db, REAL_CLOCK_WATCH))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return running
