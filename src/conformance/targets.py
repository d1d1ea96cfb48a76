"""Open the NMF under test as one `httpx.Client`: the reference in process, over loopback HTTP, or a URL.

Steps never know which target they talk to; only this module does.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

import httpx

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = [
    "ADMIN_TOKEN_ENV",
    "DEFAULT_TIMEOUT",
    "PYTHON_TRANSPORT",
    "REFERENCE",
    "REFERENCE_HTTP",
    "Target",
    "TargetError",
    "check_target_spec",
    "open_target",
    "reference_app",
    "serve_in_thread",
]

REFERENCE = "reference"
REFERENCE_HTTP = "reference-http"
# "python:module:factory": an httpx transport built in process by factory(admin_token); this is how the
# project's self-tests put deliberately broken NMFs in front of the suite.
PYTHON_TRANSPORT = "python:"
ADMIN_TOKEN_ENV = "CONFORMANCE_ADMIN_TOKEN"  # noqa: S105 - the name of a variable, not a secret
DEFAULT_TIMEOUT = 10.0  # seconds for each answer: a hung NMF fails fast, a busy one has ample time
_IN_PROCESS_BASE_URL = "http://nmf.test"  # any host: the bridge never opens a socket


class TargetError(ValueError):
    """The target specification or its credentials are unusable."""


@dataclass(frozen=True)
class Target:
    """The NMF under test: a client rooted at its base URL, and the administration token."""

    spec: str
    client: httpx.Client
    admin_token: str


def check_target_spec(spec: str, *, admin_token: str | None) -> None:
    """Raise `TargetError` unless `spec` names a built-in target or an http(s) URL with a token available."""
    if spec in (REFERENCE, REFERENCE_HTTP):
        return
    if spec.startswith(PYTHON_TRANSPORT):
        _python_factory(spec)
        return
    parts = urlsplit(spec)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TargetError(f"unknown NMF target {spec!r}: use {REFERENCE!r}, {REFERENCE_HTTP!r} or an http(s) base URL")
    if not (admin_token or os.environ.get(ADMIN_TOKEN_ENV)):
        raise TargetError(
            f"the NMF at {spec} needs an administration token: pass --admin-token / --nmf-admin-token "
            f"or set {ADMIN_TOKEN_ENV}"
        )


@contextlib.contextmanager
def open_target(spec: str, *, admin_token: str | None, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Target]:
    """Open the target named by `spec` for the `with` block, waiting up to `timeout` s for each answer."""
    check_target_spec(spec, admin_token=admin_token)
    request_timeout = httpx.Timeout(timeout)
    if spec == REFERENCE:
        # Imported here: anyio is also a pytest plugin, and importing it while pytest loads this plugin
        # would make pytest warn that it cannot rewrite anyio's asserts.
        from conformance.asgi_bridge import ASGIBridgeTransport, BridgeClient  # noqa: PLC0415

        token = admin_token or secrets.token_urlsafe(24)
        bridge = ASGIBridgeTransport(reference_app(admin_token=token))
        with BridgeClient(bridge, base_url=_IN_PROCESS_BASE_URL, timeout=request_timeout) as client:
            yield Target(spec=spec, client=client, admin_token=token)
    elif spec == REFERENCE_HTTP:
        token = admin_token or secrets.token_urlsafe(24)
        with (
            serve_in_thread(reference_app(admin_token=token)) as base_url,
            _remote_client(base_url, request_timeout) as client,
        ):
            yield Target(spec=spec, client=client, admin_token=token)
    elif spec.startswith(PYTHON_TRANSPORT):
        token = admin_token or secrets.token_urlsafe(24)
        module, attr = _python_factory(spec)
        transport = getattr(importlib.import_module(module), attr)(token)
        with httpx.Client(transport=transport, base_url=_IN_PROCESS_BASE_URL, timeout=request_timeout) as client:
            yield Target(spec=spec, client=client, admin_token=token)
    else:
        token = admin_token or os.environ[ADMIN_TOKEN_ENV]
        with _remote_client(spec, request_timeout) as client:
            yield Target(spec=spec, client=client, admin_token=token)


@contextlib.contextmanager
def serve_in_thread(app: Starlette, *, host: str = "127.0.0.1", startup_timeout: float = 20.0) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a background thread; yield its base URL."""
    import uvicorn  # noqa: PLC0415 - only the loopback target needs a server

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, each answer waits ~40 ms on a delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, 0))  # port 0: the OS picks a free port, and we keep the socket so no one takes it
    port = sock.getsockname()[1]
    # log_config=None: leave the test process's logging alone; ws="none": no websocket library needed.
    config = uvicorn.Config(app, log_config=None, access_log=False, ws="none", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="nmf-uvicorn", daemon=True)
    thread.start()
    base_url = f"http://{host}:{port}"
    try:
        _wait_until_healthy(base_url, server_thread=thread, timeout=startup_timeout)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _wait_until_healthy(base_url: str, *, server_thread: threading.Thread, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base_url, timeout=2.0) as probe:
        while time.monotonic() < deadline:
            if not server_thread.is_alive():
                raise TargetError(f"the reference NMF server at {base_url} stopped while starting")
            try:
                if probe.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.05)
    raise TargetError(f"the reference NMF at {base_url} did not answer GET /health within {timeout:.0f}s")


def _python_factory(spec: str) -> tuple[str, str]:
    module, _, attr = spec.removeprefix(PYTHON_TRANSPORT).partition(":")
    if not (module and attr):
        raise TargetError(f"a python target is 'python:<module>:<factory>', not {spec!r}")
    return module, attr


def _remote_client(base_url: str, timeout: httpx.Timeout) -> httpx.Client:
    return httpx.Client(base_url=base_url, timeout=timeout, transport=httpx.HTTPTransport(retries=1))


def reference_app(*, admin_token: str, database: str = ":memory:") -> Starlette:
    """The reference NMF with its test clock on."""
    # Imported by name, only here: the harness depends on the reference only to boot it as a target.
    create_app = importlib.import_module("reference_impl.app").create_app
    return cast("Starlette", create_app(database=database, admin_token=admin_token, test_clock=True))
