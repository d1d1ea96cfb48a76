"""The one middleware of the reference NMF: oversized bodies refused unread, refusals written as
problem documents, and defects kept contained.

It replaces Starlette's two default layers (the server-error and exception middleware), which cost
more than a tenth of an offer: a refusal (ProblemError) or a routing miss (HTTPException: 404, 405)
becomes its problem document here, and a defect answers 500 here and goes no further: an exception
that reaches the server makes it drop the keep-alive connection, and the client's next request on
it would fail.
"""

import logging
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reference_impl.json_text import JsonResponse
from reference_impl.problems import PROBLEM_CONTENT_TYPE, ProblemError
from reference_impl.web.bodies import declared_too_large, too_large

_LOG = logging.getLogger("reference_impl")


def _response(problem: ProblemError, headers: Mapping[str, str] | None = None) -> Response:
    return JsonResponse(problem.to_dict(), status_code=problem.status, media_type=PROBLEM_CONTENT_TYPE, headers=headers)


def _refusal(exc: ProblemError | HTTPException) -> Response:
    if isinstance(exc, ProblemError):
        return _response(exc)
    slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    detail = {404: "no such resource", 405: "method not allowed on this resource"}.get(exc.status_code, exc.detail)
    return _response(ProblemError(exc.status_code, slug, detail), headers=exc.headers)  # 405 keeps its Allow


class Guard:
    """ASGI middleware: 413 from Content-Length before the body is read; 500 for any escaped exception."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if declared_too_large(None if length is None else length.decode("latin-1")):
            await _response(too_large())(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except (ProblemError, HTTPException) as exc:
            if not started:
                await _refusal(exc)(scope, receive, send)
        except Exception as exc:
            _LOG.exception("defect in the reference NMF on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                problem = ProblemError(500, "internal-error", f"internal error ({type(exc).__name__})")
                await _response(problem)(scope, receive, send)
