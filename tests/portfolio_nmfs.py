"""Broken NMFs for wholesale portfolio optimisation (UC7, UC8): one per rule BMR-38 to BMR-44.

Each factory is a target for `--nmf-target python:tests.portfolio_nmfs:<name>`: the reference with one
answer corrupted through respx, or with one piece of its portfolio logic changed (a mutant), in the
suite's own (sub)process only.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.faulty_nmfs import _corrupting
from tests.mutant_nmfs import mutant

PORTFOLIO = "reference_impl.services.portfolio"


def _without_breaches(body: Any) -> Any:
    if isinstance(body, dict):
        return {k: ([] if k == "limitBreaches" else _without_breaches(v)) for k, v in body.items()}
    if isinstance(body, list):
        return [_without_breaches(item) for item in body]
    return body


def breaches_unflagged(admin_token: str) -> httpx.BaseTransport:
    """Accepts an action under way that passes a MIC or MEC, and flags it to nobody (BMR-39)."""
    return _corrupting(
        admin_token, [("GET", r"^/(notifications|portfolio-actions/.*)$", lambda _, b: _without_breaches(b))]
    )


def _never_breached(site: Any, period_start: datetime, net_kw: Any) -> None:
    del site, period_start, net_kw


limits_ignored = mutant(PORTFOLIO, "breach_of", _never_breached)
"""Takes an action reported ahead that passes a MIC or MEC (BMR-39)."""


def trader_swapped(admin_token: str) -> httpx.BaseTransport:
    """Reads an action back as if another actor had reported it (BMR-38)."""

    def mutate(_: httpx.Request, body: Any) -> Any:
        return {**body, "traderId": "00000000-0000-4000-8000-000000000000"}

    return _corrupting(admin_token, [("GET", r"^/portfolio-actions/[^/]+$", mutate)])


late_after_20_minutes = mutant(PORTFOLIO, "ACTION_REPORT", timedelta(minutes=20))
"""Counts a report 15 minutes and 1 second after the start as prompt (BMR-40)."""


def dno_dso_not_told(admin_token: str) -> httpx.BaseTransport:
    """Never shows anyone a PortfolioActionReported notice (BMR-41)."""

    def mutate(_: httpx.Request, body: Any) -> Any:
        return {**body, "items": [n for n in body["items"] if n["messageType"] != "PortfolioActionReported"]}

    return _corrupting(admin_token, [("GET", r"^/notifications$", mutate)])


def volumes_without_direction(admin_token: str) -> httpx.BaseTransport:
    """Tells suppliers and BRPs the volumes of an action but not whether they reduce or increase demand (BMR-42)."""

    def strip(notice: Any) -> Any:
        if notice["messageType"] != "VolumeNotice":
            return notice
        payload = {k: v for k, v in notice["payload"].items() if k != "direction"}
        return {**notice, "payload": payload}

    return _corrupting(
        admin_token, [("GET", r"^/notifications$", lambda _, b: {**b, "items": [strip(n) for n in b["items"]]})]
    )


def _gate_closure_strict(reported_at: datetime, period_start: datetime) -> bool:
    return reported_at > period_start - timedelta(minutes=60)


gate_closure_strict = mutant(PORTFOLIO, "after_gate_closure", _gate_closure_strict)
"""Prices a report made exactly at Gate Closure at the wholesale price (BMR-43)."""


def paid_as_scheduled(admin_token: str) -> httpx.BaseTransport:
    """Pays every seller for what was scheduled, whatever the meters say (BMR-44)."""

    def mutate(_: httpx.Request, body: Any) -> Any:
        return {**body, "lines": [{**line, "deliveredKwh": line["scheduledKwh"]} for line in body["lines"]]}

    return _corrupting(admin_token, [("GET", r"^/portfolio-actions/[^/]+/payments$", mutate)])


BROKEN: dict[str, tuple[Callable[[str], httpx.BaseTransport], str, str]] = {
    # name: (target factory, the scenarios that must catch it, the failure they must name)
    "breaches_unflagged": (breaches_unflagged, "UC7 and under_way", "[BMR-39] portfolio action /limitBreaches"),
    "limits_ignored": (limits_ignored, "UC8 and BMR-39 and reported_ahead", "BMR-39"),
    "trader_swapped": (trader_swapped, "UC7 and before_and_within", "[BMR-38] portfolio action /traderId"),
    "late_after_20_minutes": (late_after_20_minutes, "UC8 and 17:15:01", "[BMR-40] portfolio action /reportTiming"),
    "dno_dso_not_told": (dno_dso_not_told, "UC7 and 17:15:00", "[BMR-41] PortfolioActionReported"),
    "volumes_without_direction": (
        volumes_without_direction,
        "UC8 and before_and_within",
        "[BMR-42] VolumeNotice /payload/direction",
    ),
    "gate_closure_strict": (
        gate_closure_strict,
        "UC7 and 16:00:00",
        "[BMR-43] portfolio action /periods/0/afterGateClosure",
    ),
    "paid_as_scheduled": (
        paid_as_scheduled,
        "UC8 and paid_only_once",
        "[BMR-44] portfolio payments /lines/deliveredKwh",
    ),
}


def __getattr__(name: str) -> Callable[[str], httpx.BaseTransport]:
    """`python:tests.portfolio_nmfs:<name>` resolves a broken NMF by name."""
    if name in BROKEN:
        return BROKEN[name][0]
    raise AttributeError(name)
