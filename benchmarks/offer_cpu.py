"""Print the reference's CPU time per offer in process: the ASGI app called directly, no sockets, no load generator.

    .venv/bin/python benchmarks/offer_cpu.py [--offers N] [--concurrency C] [--repeat R] [--profile]

The same market and offer as offer_load.py (`POST /offers`, authenticated, validated, stored), sent C at a
time, on a SQLite file (group commit, pipelined flush) and in memory. CPU time is the process's (every
thread), per offer, the lowest of R runs: the steadiest figure on a shared machine, and the one the HTTP
benchmark's throughput is bounded by. `--profile` prints a pyinstrument tree of one more run in memory.
Figures only, never a verdict.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx

from conformance.asgi_bridge import ASGIBridgeTransport, BridgeClient
from reference_impl.app import create_app
from reference_impl.serve import freeze_startup_heap

sys.path.insert(0, str(Path(__file__).resolve().parent))
from offer_load import MESSAGE_ID, offer_template

Message = MutableMapping[str, Any]
App = Callable[[MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Any]


def prepared(database: str) -> tuple[App, str, str]:
    """A reference app on `database` with a market set up through its API; the app, an offer body and a token."""
    admin_token = secrets.token_urlsafe(24)
    app = create_app(database=database, admin_token=admin_token)
    with (
        ASGIBridgeTransport(app) as bridge,
        BridgeClient(bridge, base_url="http://nmf", timeout=httpx.Timeout(30)) as c,
    ):
        body, token = offer_template(c, admin_token)
    freeze_startup_heap()  # as `conformance serve` does once its app is built
    return app, body, token


async def post_offer(app: App, body: str, token: str) -> None:
    raw = body.replace(MESSAGE_ID, str(uuid.uuid4())).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/offers",
        "raw_path": b"/offers",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"nmf"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(raw)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    delivered = False
    statuses: list[int] = []

    async def receive() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    if statuses != [201]:
        sys.exit(f"an offer was answered {statuses}, not 201: the benchmark measures nothing")


async def load(app: App, body: str, token: str, offers: int, concurrency: int) -> float:
    """Send `offers` offers, `concurrency` at a time; the process's CPU seconds per offer."""

    async def sender(count: int) -> None:
        for _ in range(count):
            await post_offer(app, body, token)

    each = max(1, offers // concurrency)
    started = time.process_time()
    await asyncio.gather(*(sender(each) for _ in range(concurrency)))
    return (time.process_time() - started) / (each * concurrency)


def measure(database: str, args: argparse.Namespace) -> float:
    app, body, token = prepared(database)
    asyncio.run(load(app, body, token, args.offers // 4, args.concurrency))  # warm up
    best = min(asyncio.run(load(app, body, token, args.offers, args.concurrency)) for _ in range(args.repeat))
    app.state.database.close()
    return best


def profile(args: argparse.Namespace) -> None:
    from pyinstrument import Profiler  # noqa: PLC0415 - a development dependency, only for --profile

    app, body, token = prepared(":memory:")
    asyncio.run(load(app, body, token, args.offers // 4, args.concurrency))
    profiler = Profiler(interval=0.0005)
    with profiler:
        asyncio.run(load(app, body, token, args.offers, args.concurrency))
    print(profiler.output_text(unicode=True, color=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print a pyinstrument profile (in memory)")
    args = parser.parse_args()
    print(
        f"CPU per offer in process (POST /offers through the ASGI app, {args.concurrency} at a time, best of "
        f"{args.repeat} x {args.offers})",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, database in (("SQLite file", str(Path(tmp) / "nmf.sqlite3")), ("SQLite :memory:", ":memory:")):
            print(f"  {name:16} {measure(database, args) * 1e6:6.0f} us", flush=True)
    if args.profile:
        with contextlib.suppress(KeyboardInterrupt):
            profile(args)


if __name__ == "__main__":
    main()
