"""Fixtures for the reference NMF's own tests: an in-process app behind a synchronous httpx client."""

from collections.abc import Iterator

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, settings
from nmf_world import ADMIN_TOKEN, World
from starlette.applications import Starlette

from reference_impl.app import create_app


class SyncASGITransport(httpx.BaseTransport):
    """Drive an ASGI app from a synchronous httpx.Client, one event loop per request.

    The reference keeps no loop-bound state, so a fresh loop per request is safe, and it avoids
    Starlette's TestClient (which warns when only httpx, not httpx2, is installed).
    """

    def __init__(self, app: Starlette) -> None:
        self._transport = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def call() -> httpx.Response:
            forwarded = httpx.Request(request.method, request.url, headers=request.headers, content=body)
            response = await self._transport.handle_async_request(forwarded)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return anyio.run(call)


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings of the fuzzers: a fixed budget, reproducible draws, no example database."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )


def open_client(app: Starlette) -> httpx.Client:
    """A client on the in-process app."""
    return httpx.Client(transport=SyncASGITransport(app), base_url="http://nmf.test")


@pytest.fixture
def app() -> Iterator[Starlette]:
    application = create_app(admin_token=ADMIN_TOKEN)
    yield application
    application.state.database.close()


@pytest.fixture
def client(app: Starlette) -> Iterator[httpx.Client]:
    with open_client(app) as http:
        yield http


@pytest.fixture
def world(client: httpx.Client) -> World:
    """A zone with its operators, an aggregator selling two sites, their parties, and a DCC."""
    return World.build(client)
