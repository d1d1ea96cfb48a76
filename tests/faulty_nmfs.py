"""Deliberately broken NMFs: the reference, with one answer corrupted on its way back through respx.

Each factory takes the administration token and returns the httpx transport of a target
(`--nmf-target python:tests.faulty_nmfs:<factory>`). The suite must fail against every one of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import respx

from conformance.asgi_bridge import ASGIBridgeTransport
from conformance.targets import reference_app

Mutation = Callable[[httpx.Request, Any], Any]


@dataclass
class Registry:
    """The actors the harness registered, as the faulty NMF saw them: by id and by token."""

    roles: dict[str, str] = field(default_factory=dict)  # actorId -> role
    ids: dict[str, str] = field(default_factory=dict)  # token -> actorId

    def caller(self, request: httpx.Request) -> str | None:
        """The actor id behind a request's bearer token."""
        return self.ids.get(request.headers.get("authorization", "").removeprefix("Bearer "))

    def role_of_caller(self, request: httpx.Request) -> str | None:
        caller = self.caller(request)
        return None if caller is None else self.roles.get(caller)


def _registering(reference: httpx.BaseTransport, registry: Registry) -> Callable[[httpx.Request], httpx.Response]:
    """Actor registration passed to the reference, noting each actor's id, role and token in `registry`."""

    def register(request: httpx.Request) -> httpx.Response:
        response = reference.handle_request(request)
        if response.status_code == 201:
            actor = response.json()
            registry.roles[actor["actorId"]] = actor["role"]
            registry.ids[actor["token"]] = actor["actorId"]
        return response

    return register


def _corrupting(
    admin_token: str, routes: list[tuple[str, str, Mutation]], registry: Registry | None = None
) -> httpx.BaseTransport:
    """The reference NMF, except that successful answers to each `(method, path_regex)` pass through its mutation."""
    reference = ASGIBridgeTransport(reference_app(admin_token=admin_token))

    def forward(request: httpx.Request) -> httpx.Response:
        return reference.handle_request(request)

    def corrupting(mutate: Mutation) -> Callable[[httpx.Request], httpx.Response]:
        def corrupt(request: httpx.Request) -> httpx.Response:
            response = forward(request)
            if response.status_code >= 300:
                return response
            body = mutate(request, response.json())
            headers = {"content-type": response.headers["content-type"]}
            return httpx.Response(response.status_code, json=body, headers=headers)

        return corrupt

    router = respx.Router(assert_all_called=False)
    router.route(method="POST", path="/admin/actors").mock(side_effect=_registering(reference, registry or Registry()))
    for method, path_regex, mutate in routes:
        router.route(method=method, path__regex=path_regex).mock(side_effect=corrupting(mutate))
    router.route().mock(side_effect=forward)
    return httpx.MockTransport(router.handler)


NOTIFICATIONS = r"^/notifications$"
SETTLEMENT = r"^/transactions/[^/]+/settlement$"


def _notices(mutate: Callable[[dict[str, Any]], dict[str, Any] | None]) -> Mutation:
    """A mutation of each notice in an inbox page; a notice mapped to None is dropped."""

    def page(_: httpx.Request, body: Any) -> Any:
        items = [changed for notice in body["items"] if (changed := mutate(notice)) is not None]
        return {**body, "items": items}

    return page


def _waive_penalty(body: Any) -> Any:
    lines = [{**line, "penaltyGbp": "0.00"} for line in body["lines"]]
    net = sum(Decimal(body[k]) for k in ("availabilityGbp", "utilisationGbp", "compensationGbp"))
    return {**body, "lines": lines, "penaltyGbp": "0.00", "netGbp": str(net)}


def dispatch_off_the_half_hour(admin_token: str) -> httpx.BaseTransport:
    """Every dispatch comes back starting a quarter past, breaking the dispatch schema."""

    def mutate(_: httpx.Request, body: Any) -> Any:
        return {**body, "start": body["start"].replace(":00:00Z", ":15:00Z").replace(":30:00Z", ":45:00Z")}

    return _corrupting(admin_token, [("POST", r"^/dispatches$", mutate)])


def brp_never_told(admin_token: str) -> httpx.BaseTransport:
    """Volume notices addressed to BRPs are dropped from their inbox."""

    def drop(notice: dict[str, Any]) -> dict[str, Any] | None:
        brp = notice["messageType"] == "VolumeNotice" and notice["payload"]["capacity"] == "BRP"
        return None if brp else notice

    return _corrupting(admin_token, [("GET", NOTIFICATIONS, _notices(drop))])


def penalty_waived(admin_token: str) -> httpx.BaseTransport:
    """Settlements never carry a penalty: net is paid as if everything had been delivered."""
    return _corrupting(admin_token, [("GET", SETTLEMENT, lambda _, body: _waive_penalty(body))])


def arming_never_confirmed(admin_token: str) -> httpx.BaseTransport:
    """The seller is never told its transaction was armed."""
    drop = _notices(lambda notice: None if notice["messageType"] == "ArmingConfirmed" else notice)
    return _corrupting(admin_token, [("GET", NOTIFICATIONS, drop)])


def acceptance_filed_under_the_requirement(admin_token: str) -> httpx.BaseTransport:
    """OfferAccepted carries the requirement's id as its correlationId instead of the transaction's."""

    def refile(notice: dict[str, Any]) -> dict[str, Any]:
        if notice["messageType"] != "OfferAccepted":
            return notice
        return {**notice, "correlationId": notice["payload"]["transaction"]["requirementId"]}

    return _corrupting(admin_token, [("GET", NOTIFICATIONS, _notices(refile))])


def _visibility(event: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Mutation:
    def mutate(notice: dict[str, Any]) -> dict[str, Any]:
        if notice["messageType"] != "VisibilityNotice" or notice["payload"]["event"] != event:
            return notice
        return {**notice, "payload": change(notice["payload"])}

    return _notices(mutate)


def unavailability_shown_with_wrong_kw(admin_token: str) -> httpx.BaseTransport:
    """The ESO and DNO are shown an unavailability with 1 kW more available than the seller declared."""
    change = _visibility("UNAVAILABLE", lambda p: {**p, "capacityKw": str(Decimal(p["capacityKw"]) + 1)})
    return _corrupting(admin_token, [("GET", NOTIFICATIONS, change)])


def dispatch_shown_running_too_long(admin_token: str) -> httpx.BaseTransport:
    """The ESO and DNO are shown each dispatch ending half an hour after it does."""

    def later(payload: dict[str, Any]) -> dict[str, Any]:
        end = datetime.strptime(payload["end"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) + timedelta(minutes=30)
        return {**payload, "end": end.strftime("%Y-%m-%dT%H:%M:%SZ")}

    return _corrupting(admin_token, [("GET", NOTIFICATIONS, _visibility("DISPATCHED", later))])


def dno_never_told(admin_token: str) -> httpx.BaseTransport:
    """The DNO's inbox is always empty; the ESO is still told."""
    registry = Registry()

    def empty(request: httpx.Request, body: Any) -> Any:
        return {**body, "items": []} if registry.role_of_caller(request) == "DNO" else body

    return _corrupting(admin_token, [("GET", NOTIFICATIONS, empty)], registry)


def aggregator_penalty_waived(admin_token: str) -> httpx.BaseTransport:
    """Transactions sold by an aggregator are never penalised; every other seller is."""
    registry = Registry()

    def waive(_: httpx.Request, body: Any) -> Any:
        return _waive_penalty(body) if registry.roles.get(body["sellerId"]) == "AGGREGATOR" else body

    return _corrupting(admin_token, [("GET", SETTLEMENT, waive)], registry)


def seller_shown_no_penalty(admin_token: str) -> httpx.BaseTransport:
    """A seller reading its own settlement sees no penalty; the buyer sees the right one."""
    registry = Registry()

    def waive(request: httpx.Request, body: Any) -> Any:
        return _waive_penalty(body) if registry.caller(request) == body["sellerId"] else body

    return _corrupting(admin_token, [("GET", SETTLEMENT, waive)], registry)


def partial_unwind_left_armed(admin_token: str) -> httpx.BaseTransport:
    """A transaction with a dispatched period left in force still reads ARMED after the rest is unwound."""

    def armed(_: httpx.Request, body: Any) -> Any:
        window = (
            datetime.strptime(body["window"]["end"], "%Y-%m-%dT%H:%M:%SZ")
            - datetime.strptime(body["window"]["start"], "%Y-%m-%dT%H:%M:%SZ")
        ) // timedelta(minutes=30)
        partial = body["status"] == "UNWOUND" and 0 < len(body["unwoundPeriods"]) < window
        return {**body, "status": "ARMED"} if partial else body

    routes = [("POST", r"^/unwinds$", armed), ("GET", r"^/transactions/[^/]+$", armed)]
    return _corrupting(admin_token, routes)


def cancelled_volumes_zeroed(admin_token: str) -> httpx.BaseTransport:
    """A cancelled volume notice carries 0 kWh instead of the volume the dispatch had moved."""

    def zero(notice: dict[str, Any]) -> dict[str, Any]:
        payload = notice["payload"]
        if notice["messageType"] != "VolumeNotice" or payload["status"] != "CANCELLED":
            return notice
        periods = [{**period, "volumeKwh": "0.000"} for period in payload["periods"]]
        return {**notice, "payload": {**payload, "periods": periods}}

    return _corrupting(admin_token, [("GET", NOTIFICATIONS, _notices(zero))])


def unavailability_promptness_flipped(admin_token: str) -> httpx.BaseTransport:
    """The answer to an unavailability notice calls a prompt notice late and a late one prompt."""

    def flip(_: httpx.Request, body: Any) -> Any:
        return {**body, "prompt": not body["prompt"]}

    return _corrupting(admin_token, [("POST", r"^/unavailability-notices$", flip)])


def _notice_member(message_type: str, member: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Mutation:
    """A mutation of the resource carried by every notice of one type."""

    def mutate(notice: dict[str, Any]) -> dict[str, Any]:
        if notice["messageType"] != message_type:
            return notice
        return {**notice, "payload": {**notice["payload"], member: change(notice["payload"][member])}}

    return _notices(mutate)


def overrule_told_without_reason(admin_token: str) -> httpx.BaseTransport:
    """DispatchOverruled tells the buyer and seller the dispatch was overruled, but not why."""
    change = _notice_member("DispatchOverruled", "dispatch", lambda d: {**d, "overruleReason": None})
    return _corrupting(admin_token, [("GET", NOTIFICATIONS, change)])


def unwind_told_as_still_armed(admin_token: str) -> httpx.BaseTransport:
    """TransactionUnwound carries the transaction as it was before the unwind."""
    change = _notice_member(
        "TransactionUnwound", "transaction", lambda t: {**t, "status": "ARMED", "unwoundPeriods": []}
    )
    return _corrupting(admin_token, [("GET", NOTIFICATIONS, change)])


def offer_told_at_double_kw(admin_token: str) -> httpx.BaseTransport:
    """OfferReceived tells the DSO each offer is for twice the kW the seller offered."""
    change = _notice_member("OfferReceived", "offer", lambda o: {**o, "offeredKw": str(Decimal(o["offeredKw"]) * 2)})
    return _corrupting(admin_token, [("GET", NOTIFICATIONS, change)])


def requirement_published_with_another_deadline(admin_token: str) -> httpx.BaseTransport:
    """RequirementPublished tells the sellers an arming deadline an hour later than the DSO set."""

    def later(requirement: dict[str, Any]) -> dict[str, Any]:
        deadline = datetime.strptime(requirement["armingDeadline"], "%Y-%m-%dT%H:%M:%SZ") + timedelta(hours=1)
        return {**requirement, "armingDeadline": deadline.strftime("%Y-%m-%dT%H:%M:%SZ")}

    return _corrupting(
        admin_token, [("GET", NOTIFICATIONS, _notice_member("RequirementPublished", "requirement", later))]
    )


def receipt_without_periods(admin_token: str) -> httpx.BaseTransport:
    """The receipt for meter readings lists no period taken."""
    return _corrupting(admin_token, [("POST", r"^/meter-readings$", lambda _, body: {**body, "acceptedPeriods": []})])


def verification_total_not_summed(admin_token: str) -> httpx.BaseTransport:
    """The verification's delivered total is always 0, whatever its periods say."""
    route = ("GET", r"^/transactions/[^/]+/verification$", lambda _, body: {**body, "deliveredKwh": "0"})
    return _corrupting(admin_token, [route])


def outsiders_read_as_the_buyer(admin_token: str) -> httpx.BaseTransport:
    """Anyone but the DSO reading a transaction someone else sold is answered as if they were the buyer."""
    reference = ASGIBridgeTransport(reference_app(admin_token=admin_token))
    registry = Registry()

    def read(request: httpx.Request) -> httpx.Response:
        response = reference.handle_request(request)
        if response.status_code != 404:
            return response
        for token in [token for token, actor in registry.ids.items() if registry.roles[actor] == "DSO"]:
            headers = {**request.headers, "authorization": f"Bearer {token}"}
            as_buyer = reference.handle_request(httpx.Request(request.method, request.url, headers=headers))
            if as_buyer.status_code == 200:  # the DSO of this scenario's market
                return as_buyer
        return response

    router = respx.Router(assert_all_called=False)
    router.route(method="POST", path="/admin/actors").mock(side_effect=_registering(reference, registry))
    router.route(method="GET", path__regex=r"^/transactions/").mock(side_effect=read)
    router.route().mock(side_effect=reference.handle_request)
    return httpx.MockTransport(router.handler)


def dispatch_told_at_half_kw(admin_token: str) -> httpx.BaseTransport:
    """DispatchInstructed tells the seller to deliver half the kW the DSO dispatched."""
    change = _notice_member(
        "DispatchInstructed", "dispatch", lambda d: {**d, "capacityKw": str(Decimal(d["capacityKw"]) / 2)}
    )
    return _corrupting(admin_token, [("GET", NOTIFICATIONS, change)])


def unavailability_told_to_buyer_at_full_kw(admin_token: str) -> httpx.BaseTransport:
    """UnavailabilityReported tells the DSO 1 kW more is still available than the seller declared."""

    def more(record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "availableKw": str(Decimal(record["availableKw"]) + 1)}

    return _corrupting(
        admin_token, [("GET", NOTIFICATIONS, _notice_member("UnavailabilityReported", "unavailability", more))]
    )


def settlement_without_its_last_line(admin_token: str) -> httpx.BaseTransport:
    """A settlement of more than one period drops its last line but keeps its totals."""

    def drop(_: httpx.Request, body: Any) -> Any:
        return {**body, "lines": body["lines"][:-1]} if len(body["lines"]) > 1 else body

    return _corrupting(admin_token, [("GET", SETTLEMENT, drop)])


def transaction_priced_above_the_offer(admin_token: str) -> httpx.BaseTransport:
    """The transaction the DSO is answered with carries a utilisation price 1 GBP/MWh above the offer's."""

    def dearer(_: httpx.Request, body: Any) -> Any:
        return {**body, "utilisationGbpPerMwh": f"{Decimal(body['utilisationGbpPerMwh']) + 1:.2f}"}

    return _corrupting(admin_token, [("POST", r"^/acceptances$", dearer)])
