"""NMFs whose refusals differ from the reference's only in their problem documents.

Each factory takes the administration token and returns the httpx transport of a target
(`--nmf-target python:tests.problem_nmfs:<factory>`), as tests/faulty_nmfs.py does for answers.
"""

from collections.abc import Callable
from typing import Any

import httpx

from conformance.asgi_bridge import ASGIBridgeTransport
from conformance.targets import reference_app

Rewrite = Callable[[httpx.Request, int, dict[str, Any]], tuple[int, dict[str, Any]]]


class _ProblemRewriting(httpx.BaseTransport):
    """The reference NMF, with every problem document (status >= 400) passed through `rewrite`."""

    def __init__(self, admin_token: str, rewrite: Rewrite) -> None:
        self._reference = ASGIBridgeTransport(reference_app(admin_token=admin_token))
        self._rewrite = rewrite

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._reference.handle_request(request)
        if response.status_code < 400:
            return response
        response.read()
        status, problem = self._rewrite(request, response.status_code, response.json())
        return httpx.Response(status, json={**problem, "status": status}, headers=dict(response.headers))


def rule_dropped(admin_token: str) -> httpx.BaseTransport:
    """Refusals for the state of the market (409) name no rule; everything else is the reference's."""

    def rewrite(_: httpx.Request, status: int, problem: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return status, {k: v for k, v in problem.items() if k != "rule" or status != 409}

    return _ProblemRewriting(admin_token, rewrite)


def unknown_ids_cited_under_a_rule(admin_token: str) -> httpx.BaseTransport:
    """A message naming an id the NMF never issued is refused 404 as it should be, but citing BMR-07."""

    def rewrite(request: httpx.Request, status: int, problem: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if request.method == "POST" and status == 404:
            return status, {**problem, "rule": "BMR-07"}
        return status, problem

    return _ProblemRewriting(admin_token, rewrite)


def lapse_cited_as_dispatch(admin_token: str) -> httpx.BaseTransport:
    """A dispatch of a lapsed transaction is refused citing BMR-11 (the dispatch rule) instead of BMR-09."""

    def rewrite(request: httpx.Request, status: int, problem: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if request.url.path == "/dispatches" and problem.get("rule") == "BMR-09":
            return status, {**problem, "rule": "BMR-11"}
        return status, problem

    return _ProblemRewriting(admin_token, rewrite)


def _non_party_reads_forbidden(admin_token: str, rule: str) -> httpx.BaseTransport:
    def rewrite(request: httpx.Request, status: int, problem: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if request.method == "GET" and request.url.path.startswith("/transactions/") and status == 404:
            return 403, {**problem, "title": "Forbidden", "rule": rule}
        return status, problem

    return _ProblemRewriting(admin_token, rewrite)


def non_party_reads_forbidden(admin_token: str) -> httpx.BaseTransport:
    """A transaction read by anyone but its parties is answered 403 citing BMR-15 instead of 404."""
    return _non_party_reads_forbidden(admin_token, "BMR-15")


def non_party_reads_forbidden_citing_visibility(admin_token: str) -> httpx.BaseTransport:
    """As `non_party_reads_forbidden`, but the 403 cites BMR-14, which says nothing about reads."""
    return _non_party_reads_forbidden(admin_token, "BMR-14")
