"""The exact-path lookup sends each request where Starlette's router would, and leaves the rest to it."""

from typing import Any

from starlette.routing import Match

from reference_impl.app import create_app
from reference_impl.web.routing import ExactPaths


def http_scope(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def test_every_exact_path_is_the_route_the_router_would_choose() -> None:
    app = create_app(database=":memory:", admin_token="admin")
    exact = ExactPaths(app.router)
    assert ("POST", "/offers") in exact.routes
    assert ("POST", "/admin/actors") in exact.routes
    assert len(exact.routes) >= 30  # 20 message endpoints, 4 admin POSTs, GET and HEAD of 4 plain reads
    for (method, path), route in exact.routes.items():
        chosen = next(r for r in app.router.routes if r.matches(http_scope(method, path))[0] is Match.FULL)
        assert chosen is route, (method, path)
    assert all(not r.param_convertors for r in exact.routes.values())  # /transactions/{id} stays with the router
    app.state.database.close()
