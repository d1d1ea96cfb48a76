"""The harness playing every market actor: administration, market messages, reads and the inbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote

import httpx

from conformance import provenance
from conformance.exchange import Exchange, ExchangeLog, expect_success, send, validate_message
from conformance.failures import ConformanceFailure
from conformance.schemas import schema_name_for_message_type

__all__ = [
    "ADMIN",
    "MESSAGE_ROUTES",
    "NO_TEST_CLOCK",
    "Actor",
    "NmfClient",
    "Route",
    "TestClockUnsupported",
    "expect_success",
]

ADMIN: Final = "admin"  # the actor label of administration requests in the exchange log
SCHEMA_VERSION: Final = "1.0"
NO_TEST_CLOCK: Final = "not tested: the NMF offers no test clock"
_CLOCK_UNSUPPORTED_STATUSES: Final = frozenset({404, 405, 501})
_PAGE_SIZE: Final = 100
_MAX_PAGES: Final = 1000  # an inbox that never stops paging is a failure, not a hang


class TestClockUnsupported(Exception):  # noqa: N818 - reads as the condition it reports
    """The NMF has no test clock; the plugin reports the scenario as not tested."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, reason: str = NO_TEST_CLOCK) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Actor:
    """A market actor registered at the NMF and played by the harness."""

    label: str  # the scenario's name for it, e.g. "the DSO"
    actor_id: str
    role: str
    token: str


@dataclass(frozen=True)
class Route:
    """Where a market message type goes and what a success looks like."""

    path: str
    response_schema: str
    success: int


MESSAGE_ROUTES: Final[dict[str, Route]] = {
    "FlexibilityRequirement": Route("/requirements", "requirement.schema.json", 201),
    "FlexibilityOffer": Route("/offers", "offer.schema.json", 201),
    "OfferAcceptance": Route("/acceptances", "transaction.schema.json", 201),
    "ArmingInstruction": Route("/arming-instructions", "transaction.schema.json", 200),
    "DispatchInstruction": Route("/dispatches", "dispatch.schema.json", 201),
    "DispatchOverrule": Route("/overrules", "dispatch.schema.json", 200),
    "UnavailabilityNotice": Route("/unavailability-notices", "unavailability.schema.json", 201),
    "MeterReadings": Route("/meter-readings", "meter-readings-receipt.schema.json", 201),
    "UnwindRequest": Route("/unwinds", "transaction.schema.json", 200),
    "CapacityTradeProposal": Route("/capacity-trades", "capacity-trade.schema.json", 201),
    "CapacityTradeAgreement": Route("/capacity-trade-agreements", "capacity-trade.schema.json", 200),
    "CapacityTradeDecision": Route("/capacity-trade-decisions", "capacity-trade.schema.json", 200),
    "CapacityTradeRevocation": Route("/capacity-trade-revocations", "capacity-trade.schema.json", 200),
    "PortfolioAction": Route("/portfolio-actions", "portfolio-action-record.schema.json", 201),
    "OffsettingSchemeRegistration": Route("/offsetting-schemes", "offsetting-scheme.schema.json", 201),
    "OffsettingSchemeDecision": Route("/offsetting-scheme-decisions", "offsetting-scheme.schema.json", 200),
    "OffsettingProposal": Route("/offsetting-transactions", "offsetting-transaction.schema.json", 201),
    "OffsettingAgreement": Route("/offsetting-agreements", "offsetting-transaction.schema.json", 200),
    "OffsettingDecision": Route("/offsetting-decisions", "offsetting-transaction.schema.json", 200),
    "OffsettingRevocation": Route("/offsetting-revocations", "offsetting-transaction.schema.json", 200),
}


class NmfClient:
    """Every request of a scenario, made as the actor it belongs to, through `exchange.send`."""

    def __init__(self, client: httpx.Client, admin_token: str, log: ExchangeLog, *, test_clock: bool = True) -> None:
        self.client = client
        self.admin_token = admin_token
        self.log = log
        self.test_clock = test_clock  # False: the platform has none, scenarios run on its own clock

    # -- administration -------------------------------------------------------------------------

    def admin(
        self,
        method: str,
        path: str,
        body: object | None = None,
        *,
        request_schema: str | None = None,
        response_schema: str | None = None,
        validate_request: bool = True,
    ) -> Exchange:
        """An administration request with the admin token."""
        return send(
            self.client,
            self.log,
            actor=ADMIN,
            method=method,
            path=path,
            token=self.admin_token,
            body=body,
            request_schema=request_schema,
            response_schema=response_schema,
            validate_request=validate_request,
        )

    def create_test_clock(self, now: str) -> str:
        """Create a test clock set to `now`; return its id. Raises `TestClockUnsupported` if there is none."""
        exchange = send(
            self.client,
            self.log,
            actor=ADMIN,
            method="POST",
            path="/admin/test-clocks",
            token=self.admin_token,
            body={"now": now},
            request_schema="test-clock-request.schema.json",
            response_schema="test-clock.schema.json",
            tolerate=_CLOCK_UNSUPPORTED_STATUSES,
        )
        if exchange.status in _CLOCK_UNSUPPORTED_STATUSES:
            raise TestClockUnsupported
        return str(expect_success(exchange, 201)["testClockId"])

    def advance_test_clock(self, clock_id: str, now: str) -> dict[str, Any]:
        """Move a test clock forward to `now`; return the `test-clock` resource."""
        exchange = self.admin(
            "POST",
            f"/admin/test-clocks/{quote(clock_id, safe='')}/advance",
            {"now": now},
            request_schema="test-clock-request.schema.json",
            response_schema="test-clock.schema.json",
        )
        return dict(expect_success(exchange, 200))

    def register_actor(self, label: str, role: str, clock_id: str | None) -> Actor:
        """Register a market actor (on the test clock, if any) and keep its one-time token."""
        body: dict[str, Any] = {"name": f"{label} {uuid.uuid4().hex[:8]}", "role": role}
        if clock_id is not None:
            body["testClockId"] = clock_id
        exchange = self.admin(
            "POST",
            "/admin/actors",
            body,
            request_schema="actor-registration.schema.json",
            response_schema="actor.schema.json",
        )
        actor = expect_success(exchange, 201)
        return Actor(label, str(actor["actorId"]), str(actor["role"]), str(actor["token"]))

    def register_zone(self, body: dict[str, Any]) -> dict[str, Any]:
        """Register a zone; return the `zone` resource."""
        exchange = self.admin(
            "POST",
            "/admin/zones",
            body,
            request_schema="zone-registration.schema.json",
            response_schema="zone.schema.json",
        )
        return dict(expect_success(exchange, 201))

    def register_site(self, body: dict[str, Any], *, validate_request: bool = True) -> Exchange:
        """Register a site; the caller checks the answer (negative scenarios register bad sites)."""
        return self.admin(
            "POST",
            "/admin/sites",
            body,
            request_schema="site-registration.schema.json",
            response_schema="site.schema.json",
            validate_request=validate_request,
        )

    # -- market messages ------------------------------------------------------------------------

    def envelope(
        self,
        actor: Actor,
        message_type: str,
        payload: dict[str, Any],
        *,
        correlation_id: str | None = None,
        message_id: str | None = None,
        created_at: str | None = None,
    ) -> dict[str, Any]:
        """Wrap `payload` in an envelope from `actor` to the NMF, stamped with the actor's NMF clock."""
        envelope: dict[str, Any] = {
            "messageId": message_id or str(uuid.uuid4()),
            "messageType": message_type,
            "schemaVersion": SCHEMA_VERSION,
            "sender": actor.actor_id,
            "recipient": "NMF",
        }
        if correlation_id is not None:
            envelope["correlationId"] = correlation_id
        envelope["createdAt"] = created_at or self.clock(actor)
        envelope["payload"] = payload
        return envelope

    def send(
        self,
        actor: Actor,
        message_type: str,
        payload: dict[str, Any],
        *,
        correlation_id: str | None = None,
        message_id: str | None = None,
        created_at: str | None = None,
        validate_request: bool = True,
    ) -> Exchange:
        """Send a market message as `actor` to the endpoint its type routes to."""
        route = _route(message_type)
        envelope = self.envelope(
            actor,
            message_type,
            payload,
            correlation_id=correlation_id,
            message_id=message_id,
            created_at=created_at,
        )
        return self._post_message(actor, route.path, envelope, validate_request=validate_request)

    def send_raw(self, actor: Actor, path: str, envelope: object, validate_request: bool = False) -> Exchange:
        """Post an envelope exactly as given (replays, idempotency, deliberately broken messages)."""
        return self._post_message(actor, path, envelope, validate_request=validate_request)

    def _post_message(self, actor: Actor, path: str, envelope: object, *, validate_request: bool) -> Exchange:
        message_type = envelope.get("messageType") if isinstance(envelope, dict) else None
        route = MESSAGE_ROUTES.get(message_type) if isinstance(message_type, str) else None
        route = route or next((r for r in MESSAGE_ROUTES.values() if r.path == path), None)
        return send(
            self.client,
            self.log,
            actor=actor.label,
            method="POST",
            path=path,
            token=actor.token,
            body=envelope,
            request_schema=(schema_name_for_message_type(message_type) if validate_request and message_type else None),
            response_schema=route.response_schema if route else None,
            validate_request=validate_request,
        )

    # -- reads ----------------------------------------------------------------------------------

    def get(self, actor: Actor, path: str, response_schema: str | None) -> Exchange:
        """A read as `actor`."""
        return send(
            self.client,
            self.log,
            actor=actor.label,
            method="GET",
            path=path,
            token=actor.token,
            request_schema=None,
            response_schema=response_schema,
        )

    def clock(self, actor: Actor) -> str:
        """The NMF's "now" for `actor` (its test clock, if it has one)."""
        return str(expect_success(self.get(actor, "/clock", "clock.schema.json"), 200)["now"])

    def notifications(self, actor: Actor) -> list[dict[str, Any]]:
        """Every notice in `actor`'s inbox, oldest first, each validated against its message schema."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        for _ in range(_MAX_PAGES):
            query = f"limit={_PAGE_SIZE}" + (f"&after={quote(cursor, safe='')}" if cursor else "")
            exchange = self.get(actor, f"/notifications?{query}", "notification-page.schema.json")
            page = expect_success(exchange, 200)
            for index, notice in enumerate(page["items"]):
                self._check_notice(actor, notice, len(items) + index)
            items.extend(page["items"])
            next_cursor = page.get("nextCursor")
            if not page["items"] or not next_cursor or next_cursor == cursor:
                return provenance.traced_as(items, page)  # a count over the inbox read its last page
            cursor = str(next_cursor)
        raise ConformanceFailure(
            rule="contract",
            message="GET /notifications",
            field="/nextCursor",
            detail=f"the inbox of {actor.label} kept paging after {_MAX_PAGES} pages",
        )

    @staticmethod
    def _check_notice(actor: Actor, notice: Any, index: int) -> None:
        validate_message(notice, context=f"notice #{index} to {actor.label}")
        if notice.get("recipient") != actor.actor_id:
            raise ConformanceFailure(
                rule="BMR-15",
                message=str(notice.get("messageType")),
                field="/recipient",
                detail=f"a notice in the inbox of {actor.label} is addressed to someone else",
                expected=actor.actor_id,
                actual=notice.get("recipient"),
            )


def _route(message_type: str) -> Route:
    try:
        return MESSAGE_ROUTES[message_type]
    except KeyError:
        raise ValueError(f"no endpoint for message type {message_type!r}; known: {', '.join(MESSAGE_ROUTES)}") from None
