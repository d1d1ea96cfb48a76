"""A synchronous httpx transport onto an ASGI app, on a private event loop in the caller's thread.

httpx's own `ASGITransport` is async-only and our steps are synchronous; Starlette's `TestClient`
warns when only `httpx` (not `httpx2`) is installed. This bridge runs the app's lifespan once, then
serves each request by running the app on its own asyncio loop until the response is complete. The loop
runs in the thread that sends the request (no hand-over to another thread per request); between requests
it is idle, and the lifespan task waits on it for shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import Any

import anyio
import httpx
from anyio.abc import ObjectReceiveStream

__all__ = ["ASGIApp", "ASGIBridgeTransport", "BridgeClient"]

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Awaitable[None],
]
_CLIENT = ("127.0.0.1", 123)  # what httpx.ASGITransport reports as the peer
# A path and query httpx would send unchanged (nothing to percent-encode or decode): the fast path takes these.
_PLAIN_TARGET = re.compile(r"/[A-Za-z0-9/_.~-]*(\?[A-Za-z0-9=&_.~%-]*)?")
_Headers = list[tuple[bytes, bytes]]


class ASGIBridgeTransport(httpx.BaseTransport):
    """Sync transport: each request is run to completion on the bridge's event loop; responses are fully read."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        self._state: dict[str, Any] = {}  # lifespan state, handed to every request as ASGI requires
        self._loop: asyncio.AbstractEventLoop | None = None
        self._shutdown: asyncio.Event | None = None
        self._lifespan: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Create the event loop and run the app's lifespan startup (idempotent)."""
        if self._loop is not None:
            return
        loop = asyncio.new_event_loop()
        self._loop = loop
        started: asyncio.Future[None] = loop.create_future()
        self._lifespan = loop.create_task(self._run_lifespan(started))
        try:
            # Whichever ends first: a startup answer, or the lifespan task failing before it.
            loop.run_until_complete(asyncio.wait([started, self._lifespan], return_when=asyncio.FIRST_COMPLETED))
            if not started.done():
                self._lifespan.result()  # raises what made the startup fail
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Run the lifespan shutdown and close the event loop (idempotent)."""
        loop, lifespan = self._loop, self._lifespan
        self._loop = self._lifespan = None
        if loop is None:
            return
        try:
            if lifespan is not None and not lifespan.done() and self._shutdown is not None:
                self._shutdown.set()
                loop.run_until_complete(asyncio.wait_for(lifespan, timeout=30))
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

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
        url = request.url
        status, headers, content = self.call(
            method=request.method,
            scheme=url.scheme,
            server=(url.host, url.port),
            path=url.path,
            raw_path=url.raw_path.split(b"?")[0],
            query=url.query,
            headers=[(key.lower(), value) for key, value in request.headers.raw],
            body=request.read(),
        )
        return httpx.Response(status_code=status, headers=headers, content=content, request=request)

    def call(
        self,
        *,
        method: str,
        scheme: str,
        server: tuple[str, int | None],
        path: str,
        raw_path: bytes,
        query: bytes,
        headers: _Headers,
        body: bytes,
    ) -> tuple[int, _Headers, bytes]:
        """Run one HTTP request through the app; the status, headers and body of its answer."""
        self.start()
        assert self._loop is not None
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "headers": headers,
            "scheme": scheme,
            "path": path,
            "raw_path": raw_path,
            "query_string": query,
            "server": server,
            "client": _CLIENT,
            "root_path": "",
            "state": dict(self._state),
        }
        return self._loop.run_until_complete(self._call(scope, method, body))

    async def _call(self, scope: dict[str, Any], method: str, body: bytes) -> tuple[int, _Headers, bytes]:
        """One HTTP exchange as httpx.ASGITransport makes it; an app exception is a 500, as over HTTP."""
        status: int | None = None
        headers: _Headers = []
        parts: list[bytes] = []
        request_sent = False
        complete = asyncio.Event()

        async def receive() -> Message:
            nonlocal request_sent
            if request_sent:
                await complete.wait()
                return {"type": "http.disconnect"}
            request_sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                if method != "HEAD":
                    parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    complete.set()

        try:
            await self._app(scope, receive, send)
        except Exception:
            complete.set()
        return status if status is not None else 500, headers, b"".join(parts)

    async def _run_lifespan(self, started: asyncio.Future[None]) -> None:
        """Drive the ASGI lifespan protocol; an app without lifespan support is served anyway."""
        to_app, app_inbox = anyio.create_memory_object_stream[Message](2)
        from_app, app_outbox = anyio.create_memory_object_stream[Message](2)
        self._shutdown = asyncio.Event()
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self._state}

        async def run_app() -> None:
            # ASGI: an app that raises on the lifespan scope does not support it; serve it anyway.
            with from_app, contextlib.suppress(Exception):
                await self._app(scope, app_inbox.receive, from_app.send)

        async with to_app, app_inbox, from_app, app_outbox, anyio.create_task_group() as group:
            group.start_soon(run_app)
            await to_app.send({"type": "lifespan.startup"})
            answer = await _next_message(app_outbox)
            if answer is not None and answer["type"] == "lifespan.startup.failed":
                raise RuntimeError(f"the ASGI app failed to start: {answer.get('message', '')}")
            started.set_result(None)
            await self._shutdown.wait()
            if answer is not None:
                await to_app.send({"type": "lifespan.shutdown"})
                await _next_message(app_outbox)
            group.cancel_scope.cancel()


class BridgeClient(httpx.Client):
    """An httpx.Client onto a bridge. A plain request (a path, optional JSON body and headers) goes straight
    to the app with the headers httpx would have sent; anything else takes httpx's own path.

    httpx's request machinery (URL parsing, header and cookie merging) costs more than the app itself;
    an exchange pays it thousands of times per run.
    """

    def __init__(self, bridge: ASGIBridgeTransport, *, base_url: str, timeout: httpx.Timeout) -> None:
        super().__init__(transport=bridge, base_url=base_url, timeout=timeout)
        self._bridge = bridge
        self._host = self.base_url.netloc
        self._server = (self.base_url.host, self.base_url.port)

    def request(  # type: ignore[override]
        self, method: str, url: str, *, json: Any = None, headers: dict[str, str] | None = None, **options: Any
    ) -> httpx.Response:
        if options or self.base_url.raw_path != b"/" or not _PLAIN_TARGET.fullmatch(url):
            return super().request(method, url, json=json, headers=headers, **options)
        body = b"" if json is None else _encode_json(json)
        raw_path, _, query = url.encode("ascii").partition(b"?")
        status, answer_headers, content = self._bridge.call(
            method=method,
            scheme=self.base_url.scheme,
            server=self._server,
            path=raw_path.decode("ascii"),
            raw_path=raw_path,
            query=query,
            headers=self._request_headers(method, headers or {}, body, has_json=json is not None),
            body=body,
        )
        return httpx.Response(status_code=status, headers=answer_headers, content=content)

    def _request_headers(self, method: str, given: dict[str, str], body: bytes, *, has_json: bool) -> _Headers:
        """The headers httpx sends, in its order: Host (and an empty body's length), the client's headers less
        those the request sets, the request's, then the body's."""
        own = {key.lower().encode("ascii") for key in given}
        headers = [(b"host", self._host)]
        if not has_json and method in ("POST", "PUT", "PATCH"):
            headers.append((b"content-length", b"0"))
        headers += [(key.lower(), value) for key, value in self.headers.raw if key.lower() not in own]
        headers += [(key.lower().encode("ascii"), value.encode("ascii")) for key, value in given.items()]
        if has_json:
            headers += [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
        return headers


def _encode_json(document: Any) -> bytes:
    """A JSON body exactly as httpx encodes one."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


async def _next_message(stream: ObjectReceiveStream[Message]) -> Message | None:
    try:
        return await stream.receive()
    except anyio.EndOfStream:  # the app returned without answering: no lifespan support
        return None
