"""Targets: the ASGI bridge, the loopback server and remote URLs all give steps one working httpx.Client."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx
import pytest
import respx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from conformance import targets
from conformance.asgi_bridge import ASGIBridgeTransport, BridgeClient
from conformance.targets import ADMIN_TOKEN_ENV, TargetError, open_target

EVENTS: list[str] = []


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
    EVENTS.append("startup")
    yield {"greeting": "hello from the lifespan"}
    EVENTS.append("shutdown")


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "greeting": request.state.greeting})


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"body": await request.json(), "auth": request.headers.get("authorization")}, status_code=201)


async def crash(request: Request) -> JSONResponse:
    raise RuntimeError("boom")


def tiny_app() -> Starlette:
    routes = [Route("/health", health), Route("/echo", echo, methods=["POST"]), Route("/crash", crash)]
    return Starlette(routes=routes, lifespan=lifespan)


@pytest.fixture(autouse=True)
def _fresh_events() -> None:
    EVENTS.clear()


def test_the_bridge_serves_an_asgi_app_synchronously_with_its_lifespan() -> None:
    with httpx.Client(transport=ASGIBridgeTransport(tiny_app()), base_url="http://nmf.test") as client:
        assert EVENTS == ["startup"]
        health_response = client.get("/health")
        echoed = client.post("/echo", json={"a": 1}, headers={"Authorization": "Bearer t"})

    assert health_response.json() == {"status": "ok", "greeting": "hello from the lifespan"}
    assert (echoed.status_code, echoed.json()) == (201, {"body": {"a": 1}, "auth": "Bearer t"})
    assert echoed.headers["content-type"] == "application/json"
    assert EVENTS == ["startup", "shutdown"]


def test_an_app_exception_is_a_500_as_it_would_be_over_http() -> None:
    with httpx.Client(transport=ASGIBridgeTransport(tiny_app()), base_url="http://nmf.test") as client:
        assert client.get("/crash").status_code == 500


def test_the_bridge_serves_an_app_without_lifespan_support() -> None:
    async def bare_app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise RuntimeError("only http")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with httpx.Client(transport=ASGIBridgeTransport(bare_app), base_url="http://nmf.test") as client:
        assert client.get("/").status_code == 204


def test_the_reference_target_is_reached_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens: list[str] = []
    monkeypatch.setattr(targets, "reference_app", lambda admin_token: tokens.append(admin_token) or tiny_app())

    with open_target("reference", admin_token=None) as target:
        assert target.client.get("/health").json()["status"] == "ok"

    assert target.admin_token == tokens[0]
    assert len(target.admin_token) >= 20
    assert EVENTS == ["startup", "shutdown"]


def test_the_reference_http_target_is_served_on_loopback_and_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets, "reference_app", lambda admin_token: tiny_app())

    with open_target("reference-http", admin_token="given") as target:
        base_url = str(target.client.base_url)
        assert base_url.startswith("http://127.0.0.1:")
        assert target.client.get("/health").json()["greeting"] == "hello from the lifespan"
        assert target.admin_token == "given"

    assert EVENTS == ["startup", "shutdown"]
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/health", timeout=2)


@pytest.mark.parametrize("spec", ["ftp://nmf.example", "nmf.example", "", "reference-inproc"])
def test_an_unknown_target_is_a_clear_error(spec: str) -> None:
    with pytest.raises(ValueError, match="unknown NMF target"), open_target(spec, admin_token="t"):
        pass


def test_a_remote_target_without_an_admin_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ADMIN_TOKEN_ENV, raising=False)

    with (
        pytest.raises(TargetError, match=ADMIN_TOKEN_ENV),
        open_target("https://nmf.example", admin_token=None),
    ):
        pass


@respx.mock
def test_a_remote_target_is_its_base_url_with_the_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ADMIN_TOKEN_ENV, "from-env")
    route = respx.get("https://nmf.example/api/health").respond(200, json={"status": "ok"})

    with open_target("https://nmf.example/api/", admin_token=None) as target:
        assert target.client.get("health").json() == {"status": "ok"}
        assert target.admin_token == "from-env"
        assert target.client.timeout == httpx.Timeout(10.0)

    assert route.called


@pytest.mark.parametrize("spec", ["reference", "https://nmf.example"])
def test_the_request_timeout_applies_to_every_target(spec: str) -> None:
    with open_target(spec, admin_token="t", timeout=2.5) as target:
        assert target.client.timeout == httpx.Timeout(2.5)


def scope_recorder(seen: list[dict[str, Any]]) -> Any:
    async def app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise RuntimeError("only http")
        request = await receive()
        seen.append({**{k: v for k, v in scope.items() if k != "state"}, "body": request["body"]})
        await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"answer"})

    return app


@pytest.mark.parametrize(
    ("method", "path", "body", "headers"),
    [
        ("GET", "/clock", None, {"Accept": "application/json", "Authorization": "Bearer t"}),
        ("GET", "/notifications?limit=100&after=12%2F3", None, {"Accept": "application/json"}),
        ("POST", "/offers", {"a": "é", "n": [1, 2.5, None]}, {"Accept": "application/json", "X-Extra": "1"}),
        ("POST", "/admin/test-clocks/abc/advance", None, {}),
        ("POST", "/odd path/ü?q=a b", {"a": 1}, {"Authorization": "Bearer t"}),  # httpx's own path
    ],
)
def test_the_bridge_client_sends_what_httpx_sends(method: str, path: str, body: Any, headers: dict[str, str]) -> None:
    fast: list[dict[str, Any]] = []
    plain: list[dict[str, Any]] = []
    timeout = httpx.Timeout(5.0)
    with BridgeClient(ASGIBridgeTransport(scope_recorder(fast)), base_url="http://nmf.test", timeout=timeout) as client:
        answer = client.request(method, path, json=body, headers=headers)
    with httpx.Client(transport=ASGIBridgeTransport(scope_recorder(plain)), base_url="http://nmf.test") as client:
        expected = client.request(method, path, json=body, headers=headers)

    assert fast == plain
    assert len(fast) == 1
    assert (answer.status_code, answer.headers, answer.content) == (201, expected.headers, b"answer")
