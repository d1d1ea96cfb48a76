"""Preflight: a target that is not there, not an NMF, or refuses the admin token is one line and an exit code."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from conformance.exit_codes import RunExit
from conformance.preflight import PreflightError, preflight
from conformance.targets import Target, open_target
from tests.command import run_conformance

Handler = Callable[[httpx.Request], httpx.Response]


def nmf(health: httpx.Response, clock: int = 201, actor: int = 422) -> Handler:
    """An NMF answering GET /health with `health`, test clocks with `clock` and actors with `actor`."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/health":
            return health
        status = clock if request.url.path == "/admin/test-clocks" else actor
        return httpx.Response(status, json={"status": status})

    return handle


def checked(handler: Handler) -> None:
    client = httpx.Client(transport=httpx.MockTransport(handler), base_url="http://nmf.test")
    preflight(Target(spec="http://nmf.test", client=client, admin_token="the-token"))


HEALTHY = httpx.Response(200, json={"status": "ok"})


def refuse_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


@pytest.mark.parametrize(
    ("handler", "code", "message"),
    [
        (refuse_connection, RunExit.UNREACHABLE, "does not answer GET /health: [Errno 111] Connection refused"),
        (nmf(httpx.Response(200, html="<html>")), RunExit.NOT_AN_NMF, "GET /health answered HTTP 200 (text/html)"),
        (nmf(httpx.Response(503, json={})), RunExit.NOT_AN_NMF, "GET /health answered HTTP 503 (application/json)"),
        (
            nmf(httpx.Response(200, text="{", headers={"content-type": "application/json"})),
            RunExit.NOT_AN_NMF,
            "expected 200 with a JSON body",
        ),
        (nmf(HEALTHY, clock=401), RunExit.ADMIN_TOKEN_REFUSED, "POST /admin/test-clocks answered 401"),
        (nmf(HEALTHY, clock=403), RunExit.ADMIN_TOKEN_REFUSED, "refuses the administration token"),
        (nmf(HEALTHY, clock=500), RunExit.NOT_AN_NMF, "POST /admin/test-clocks answered HTTP 500"),
        (nmf(HEALTHY, clock=404, actor=401), RunExit.ADMIN_TOKEN_REFUSED, "POST /admin/actors answered 401"),
        (nmf(HEALTHY, clock=501, actor=201), RunExit.NOT_AN_NMF, "expected 400 or 422"),
    ],
)
def test_each_failed_check_has_its_exit_code(handler: Handler, code: RunExit, message: str) -> None:
    with pytest.raises(PreflightError) as failure:
        checked(handler)

    assert failure.value.code == code
    assert message in str(failure.value)
    assert "\n" not in str(failure.value)


@pytest.mark.parametrize("no_clock", [404, 405, 501])
def test_an_nmf_without_test_clocks_proves_the_token_by_refusing_an_empty_actor(no_clock: int) -> None:
    seen: list[tuple[str, str | None]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("authorization")))
        return nmf(HEALTHY, clock=no_clock)(request)

    checked(handle)

    assert seen == [
        ("/health", None),
        ("/admin/test-clocks", "Bearer the-token"),
        ("/admin/actors", "Bearer the-token"),
    ]


def test_the_reference_passes() -> None:
    with open_target("reference", admin_token=None) as target:
        preflight(target)


# -- the command, against real sockets ------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed on leaving: nothing listens there


class _HtmlPage(BaseHTTPRequestHandler):
    def _page(self) -> None:
        body = b"<!doctype html><title>Welcome</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _page  # noqa: N815 - http.server's naming

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def html_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HtmlPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_against(base_url: str, report: Path, token: str = "a-token") -> subprocess.CompletedProcess[str]:  # noqa: S107
    return run_conformance("run", "--target", base_url, "--admin-token", token, "--report", str(report))


def assert_one_line_and_no_report(result: subprocess.CompletedProcess[str], report: Path, code: RunExit) -> str:
    assert result.returncode == code, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("conformance: ")
    assert result.stderr.endswith(f"(exit {int(code)}; no report written)\n")
    assert not (report / "report.json").exists()
    assert "PASS" not in result.stdout + result.stderr
    return result.stderr


def test_nothing_listening_is_unreachable(tmp_path: Path) -> None:
    base_url = f"http://127.0.0.1:{closed_port()}"

    line = assert_one_line_and_no_report(run_against(base_url, tmp_path), tmp_path, RunExit.UNREACHABLE)

    assert f"the target {base_url} does not answer GET /health" in line


def test_an_html_server_is_not_an_nmf(html_server: str, tmp_path: Path) -> None:
    line = assert_one_line_and_no_report(run_against(html_server, tmp_path), tmp_path, RunExit.NOT_AN_NMF)

    assert "is not an NMF: GET /health answered HTTP 200 (text/html)" in line
