"""A synchronous httpx transport onto an ASGI app, run in an anyio blocking portal (no Starlette TestClient).

httpx's own `ASGITransport` is async-only and our steps are synchronous; Starlette's `TestClient`
warns when only `httpx` (not `httpx2`) is installed. This bridge runs the app's lifespan once, then
serves each request through `httpx.ASGITransport` on the portal's event loop.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import Future
from types import TracebackType
from typing import Any

import anyio
import anyio.from_thread
import httpx
from anyio.abc import ObjectReceiveStream, TaskStatus

__all__ = ["ASGIApp", "ASGIBridgeTransport"]

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Awaitable[None],
]


class ASGIBridgeTransport(httpx.BaseTransport):
    """Sync transport: each request is awaited on a private event loop thread; responses are fully read."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        self._state: dict[str, Any] = {}  # lifespan state, handed to every request as ASGI requires
        self._stack: contextlib.ExitStack | None = None
        self._portal: anyio.from_thread.BlockingPortal | None = None
        self._shutdown: anyio.Event | None = None
        self._lifespan: Future[None] | None = None
        # An app exception becomes a 500 response, as it would over HTTP, so every target fails alike.
        self._transport = httpx.ASGITransport(app=self._app_with_state, raise_app_exceptions=False)

    def start(self) -> None:
        """Start the event loop thread and run the app's lifespan startup (idempotent)."""
        if self._portal is not None:
            return
        stack = contextlib.ExitStack()
        portal = stack.enter_context(anyio.from_thread.start_blocking_portal())
        self._stack, self._portal = stack, portal
        try:
            self._lifespan, _ = portal.start_task(self._run_lifespan)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Run the lifespan shutdown and stop the event loop thread (idempotent)."""
        portal, stack, lifespan = self._portal, self._stack, self._lifespan
        self._portal = self._stack = self._lifespan = None
        if portal is None or stack is None:
            return
        try:
            if lifespan is not None and self._shutdown is not None:
                portal.call(self._shutdown.set)
                lifespan.result(timeout=30)
        finally:
            stack.close()

    def __enter__(self) -> ASGIBridgeTransport:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        self.close()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.start()
        assert self._portal is not None
        request.read()  # a sync client's body becomes a ByteStream, which the async transport can read
        return self._portal.call(self._handle, request)

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            content=content,
            extensions=response.extensions,
            request=request,
        )

    async def _app_with_state(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        await self._app({**scope, "state": dict(self._state)}, receive, send)

    async def _run_lifespan(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Drive the ASGI lifespan protocol; an app without lifespan support is served anyway."""
        to_app, app_inbox = anyio.create_memory_object_stream[Message](2)
        from_app, app_outbox = anyio.create_memory_object_stream[Message](2)
        self._shutdown = anyio.Event()
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self._state}

        async def run_app() -> None:
            # ASGI: an app that raises on the lifespan scope does not support it; serve it anyway.
            with from_app, contextlib.suppress(Exception):
                await self._app(scope, app_inbox.receive, from_app.send)

        async with to_app, app_inbox, from_app, app_outbox, anyio.create_task_group() as group:
            group.start_soon(run_app)
            await to_app.send({"type": "lifespan.startup"})
            started = await _next_message(app_outbox)
            if started is not None and started["type"] == "lifespan.startup.failed":
                raise RuntimeError(f"the ASGI app failed to start: {started.get('message', '')}")
            task_status.started()
            await self._shutdown.wait()
            if started is not None:
                await to_app.send({"type": "lifespan.shutdown"})
                await _next_message(app_outbox)
            group.cancel_scope.cancel()


async def _next_message(stream: ObjectReceiveStream[Message]) -> Message | None:
    try:
        return await stream.receive()
    except anyio.EndOfStream:  # the app returned without answering: no lifespan support
        return None
