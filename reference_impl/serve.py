"""Serve the reference NMF with uvicorn: one process, or N worker processes behind one port.

Worker processes are started fresh (spawned), so each builds its own app by importing the factory
`app_from_environment` by name; the settings reach them through the environment. Several workers
need one database they can all reach and lock: PostgreSQL.
"""

from __future__ import annotations

import gc
import os
import socket
from typing import TYPE_CHECKING

import uvicorn
from uvicorn.supervisors import Multiprocess

from reference_impl.app import create_app
from reference_impl.db import POSTGRES_SCHEMES

if TYPE_CHECKING:
    from starlette.applications import Starlette

DATABASE_ENV = "NMF_DATABASE"
ADMIN_TOKEN_ENV = "NMF_ADMIN_TOKEN"  # noqa: S105 - the name of a variable, not a secret
TEST_CLOCK_ENV = "NMF_TEST_CLOCK"
FACTORY = "reference_impl.serve:app_from_environment"
READY_PREFIX = "Serving the reference NMF on "


def app_from_environment() -> Starlette:
    """The app of one worker process, configured by `serve` through the environment."""
    app = create_app(
        database=os.environ.get(DATABASE_ENV, ":memory:"),
        admin_token=os.environ.get(ADMIN_TOKEN_ENV, ""),
        test_clock=os.environ.get(TEST_CLOCK_ENV, "1") == "1",
    )
    freeze_startup_heap()
    return app


def freeze_startup_heap() -> None:
    """Exclude everything built so far (modules, models, validators) from the garbage collector's scans.

    A full collection scanned these ~70,000 long-lived objects in 45-60 ms while holding the GIL, and
    every request queued behind it: under load that was the p99 (docs/operations.md, "Speed").
    """
    gc.collect()
    gc.freeze()


def check_workers(database: str, workers: int) -> None:
    """ValueError unless `workers` processes can share `database`."""
    if workers < 1:
        raise ValueError("--workers must be at least 1")
    if workers > 1 and not database.startswith(POSTGRES_SCHEMES):
        raise ValueError("several workers share one database only on PostgreSQL: pass --database postgresql://...")


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound socket (port 0: the OS picks a free one) whose connections skip Nagle's delay."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, each answer waits ~40 ms on a delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve(*, host: str, port: int, database: str, admin_token: str, workers: int = 1, test_clock: bool = True) -> None:
    """Serve until interrupted; print the base URL (with the port the OS chose) once bound."""
    check_workers(database, workers)
    os.environ[DATABASE_ENV] = database
    os.environ[ADMIN_TOKEN_ENV] = admin_token
    os.environ[TEST_CLOCK_ENV] = "1" if test_clock else "0"
    sock = listening_socket(host, port)
    config = uvicorn.Config(FACTORY, factory=True, workers=workers, ws="none", access_log=False, proxy_headers=False)
    server = uvicorn.Server(config)
    print(f"{READY_PREFIX}http://{host}:{sock.getsockname()[1]} ({workers} worker(s), {_kind(database)})", flush=True)
    try:
        if workers == 1:
            server.run(sockets=[sock])
        else:
            Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()


def _kind(database: str) -> str:
    if database.startswith(POSTGRES_SCHEMES):
        return "PostgreSQL"
    return "SQLite in memory" if database == ":memory:" else f"SQLite {database}"
