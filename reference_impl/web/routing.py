"""Exact paths found in one dictionary lookup before Starlette's router tries each route in turn.

Starlette matches a request against every route in order (a regular expression each): an offer
passed sixteen routes before its own. A route without path parameters is found here by method and
path instead, and handed the same scope Starlette would give it; anything else (paths with
parameters, 404, 405) goes through the router unchanged.
"""

from starlette.routing import Route, Router
from starlette.types import Receive, Scope, Send


class ExactPaths:
    """ASGI app: `router`, with its parameterless routes looked up by (method, path) first."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.routes = {
            (method, route.path): route
            for route in router.routes
            if isinstance(route, Route) and not route.param_convertors
            for method in route.methods or ()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            route = self.routes.get((scope["method"], scope["path"]))
            if route is not None:
                scope["router"] = self.router
                scope["route"] = route
                scope["endpoint"] = route.endpoint
                scope["path_params"] = {}
                await route.handle(scope, receive, send)
                return
        await self.router(scope, receive, send)
