"""Deliberately broken NMFs: the reference, with one answer corrupted on its way back through respx.

Each factory takes the administration token and returns the httpx transport of a target
(`--nmf-target python:tests.faulty_nmfs:<factory>`). The suite must fail against every one of them.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import respx

from conformance.asgi_bridge import ASGIBridgeTransport
from conformance.targets import reference_app

Mutation = Callable[[httpx.Request, Any], Any]


def _corrupting(admin_token: str, method: str, path_regex: str, mutate: Mutation) -> httpx.BaseTransport:
    """The reference NMF, except that answers to `method path_regex` pass through `mutate`."""
    reference = ASGIBridgeTransport(reference_app(admin_token=admin_token))

    def forward(request: httpx.Request) -> httpx.Response:
        return reference.handle_request(request)

    def corrupt(request: httpx.Request) -> httpx.Response:
        response = forward(request)
        if response.status_code >= 300:
            return response
        body = mutate(request, response.json())
        headers = {"content-type": response.headers["content-type"]}
        return httpx.Response(response.status_code, json=body, headers=headers)

    router = respx.Router(assert_all_called=False)
    router.route(method=method, path__regex=path_regex).mock(side_effect=corrupt)
    router.route().mock(side_effect=forward)
    return httpx.MockTransport(router.handler)


def dispatch_off_the_half_hour(admin_token: str) -> httpx.BaseTransport:
    """Every dispatch comes back starting a quarter past, breaking the dispatch schema."""

    def mutate(_: httpx.Request, body: Any) -> Any:
        return {**body, "start": body["start"].replace(":00:00Z", ":15:00Z").replace(":30:00Z", ":45:00Z")}

    return _corrupting(admin_token, "POST", r"^/dispatches$", mutate)


def brp_never_told(admin_token: str) -> httpx.BaseTransport:
    """Volume notices addressed to BRPs are dropped from their inbox."""

    def mutate(_: httpx.Request, body: Any) -> Any:
        kept = [n for n in body["items"] if n["messageType"] != "VolumeNotice" or n["payload"]["capacity"] != "BRP"]
        return {**body, "items": kept}

    return _corrupting(admin_token, "GET", r"^/notifications$", mutate)


def penalty_waived(admin_token: str) -> httpx.BaseTransport:
    """Settlements never carry a penalty: net is paid as if everything had been delivered."""

    def mutate(_: httpx.Request, body: Any) -> Any:
        lines = [{**line, "penaltyGbp": "0.00"} for line in body["lines"]]
        net = sum(Decimal(body[k]) for k in ("availabilityGbp", "utilisationGbp", "compensationGbp"))
        return {**body, "lines": lines, "penaltyGbp": "0.00", "netGbp": str(net)}

    return _corrupting(admin_token, "GET", r"^/transactions/[^/]+/settlement$", mutate)
