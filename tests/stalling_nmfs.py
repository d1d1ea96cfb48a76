"""NMFs that stop answering partway through a run: the reference, until its Nth test clock.

`--nmf-target python:tests.stalling_nmfs:<factory>`. Every scenario creates one test clock first, so
"after N clocks" means "once N scenarios have started". When it stalls, the NMF touches the file named
by STALLED_FLAG_ENV (if set), so a test knows when to send its signal.
"""

import os
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from conformance.asgi_bridge import ASGIBridgeTransport
from conformance.targets import reference_app

STALLED_FLAG_ENV = "STALLING_NMF_FLAG"
CLOCKS_BEFORE_STALLING = 4


def _after_clocks(admin_token: str, stall: Callable[[httpx.Request], httpx.Response]) -> httpx.BaseTransport:
    reference = ASGIBridgeTransport(reference_app(admin_token=admin_token))
    clocks = 0

    def handle(request: httpx.Request) -> httpx.Response:
        nonlocal clocks
        if request.url.path == "/admin/test-clocks":
            clocks += 1
        if clocks > CLOCKS_BEFORE_STALLING:
            flag = os.environ.get(STALLED_FLAG_ENV)
            if flag:
                Path(flag).touch()
            return stall(request)
        return reference.handle_request(request)

    return httpx.MockTransport(handle)


def hangs(admin_token: str) -> httpx.BaseTransport:
    """Never answers once it stalls: the run waits until it is interrupted."""

    def hang(request: httpx.Request) -> httpx.Response:
        while True:
            time.sleep(0.05)

    return _after_clocks(admin_token, hang)


def goes_away(admin_token: str) -> httpx.BaseTransport:
    """Refuses every connection once it stalls, as a crashed NMF does."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    return _after_clocks(admin_token, refuse)
