"""Before any scenario: is the target an NMF that answers, speaks JSON and takes the administration token?

Without this, a wrong URL or token makes every scenario fail with a message that reads as a broken
market rule. Each check that fails is one line and its own exit code, and no report is written.
"""

from __future__ import annotations

from typing import Any, Final

import httpx

from conformance.exit_codes import RunExit
from conformance.targets import Target

__all__ = ["PreflightError", "preflight"]

# The token is proven by an administration request that changes nothing a scenario relies on: a test
# clock no actor uses. An NMF without test clocks (404, 405 or 501, docs/api.md) is asked instead to
# register an actor from an empty body, which it must refuse as invalid (400 or 422), not as unauthorised.
_CLOCK_START: Final = "2030-01-01T00:00:00Z"
_NO_TEST_CLOCK: Final = frozenset({404, 405, 501})
_REFUSED: Final = frozenset({401, 403})
_INVALID_BODY: Final = frozenset({400, 422})


class PreflightError(Exception):
    """The target cannot be tested; `code` is the exit code of `conformance run`."""

    def __init__(self, code: RunExit, message: str) -> None:
        super().__init__(message)
        self.code = code


def preflight(target: Target) -> Any:
    """Raise `PreflightError` unless the target answers `GET /health` with JSON and accepts the admin token.

    Returns the /health body: where a platform may name itself (docs/api.md)."""
    where = f"the target {target.spec}"
    try:
        health = target.client.get("/health")
    except httpx.HTTPError as exc:
        raise PreflightError(RunExit.UNREACHABLE, f"{where} does not answer GET /health: {_reason(exc)}") from None
    if health.status_code != 200 or not _is_json(health):
        raise PreflightError(
            RunExit.NOT_AN_NMF,
            f"{where} is not an NMF: GET /health answered {_describe(health)}, expected 200 with a JSON body",
        )
    headers = {"Authorization": f"Bearer {target.admin_token}", "Accept": "application/json"}
    clock = _admin(target, "/admin/test-clocks", {"now": _CLOCK_START}, headers)
    if clock.status_code == 201:
        return health.json()
    if clock.status_code in _NO_TEST_CLOCK:
        actor = _admin(target, "/admin/actors", {}, headers)
        if actor.status_code in _INVALID_BODY:
            return health.json()
        _refuse(where, actor, expected="400 or 422 (an empty body, sent with the administration token)")
    _refuse(where, clock, expected="201")


def _admin(target: Target, path: str, body: object, headers: dict[str, str]) -> httpx.Response:
    try:
        return target.client.post(path, json=body, headers=headers)
    except httpx.HTTPError as exc:
        raise PreflightError(
            RunExit.UNREACHABLE, f"the target {target.spec} does not answer POST {path}: {_reason(exc)}"
        ) from None


def _refuse(where: str, response: httpx.Response, *, expected: str) -> None:
    endpoint = f"{response.request.method} {response.request.url.path}"
    if response.status_code in _REFUSED:
        raise PreflightError(
            RunExit.ADMIN_TOKEN_REFUSED,
            f"{where} refuses the administration token: {endpoint} answered {response.status_code}; "
            "check --admin-token",
        )
    raise PreflightError(
        RunExit.NOT_AN_NMF, f"{where} is not an NMF: {endpoint} answered {_describe(response)}, expected {expected}"
    )


def _is_json(response: httpx.Response) -> bool:
    media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    if not (media_type == "application/json" or media_type.endswith("+json")):
        return False
    try:
        response.json()
    except ValueError:
        return False
    return True


def _describe(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "no content type").partition(";")[0]
    return f"HTTP {response.status_code} ({content_type})"


def _reason(exc: httpx.HTTPError) -> str:
    return str(exc) or type(exc).__name__
