"""The reference NMF without a settable test clock: `POST /admin/test-clocks` answers 404, as docs/api.md allows."""

import httpx
import respx

from conformance.asgi_bridge import ASGIBridgeTransport
from conformance.targets import reference_app


def no_test_clock(admin_token: str) -> httpx.BaseTransport:
    reference = ASGIBridgeTransport(reference_app(admin_token=admin_token))
    problem = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no test clocks here"}
    router = respx.Router(assert_all_called=False)
    router.post(path="/admin/test-clocks").mock(
        return_value=httpx.Response(404, json=problem, headers={"content-type": "application/problem+json"})
    )
    router.route().mock(side_effect=reference.handle_request)
    return httpx.MockTransport(router.handler)
