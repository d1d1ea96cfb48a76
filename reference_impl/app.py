"""The reference NMF as an ASGI application: routes → thin handlers → services.

State (the database) is created here, in the factory, not in a lifespan, so that a caller that runs
no lifespan (httpx.ASGITransport) sees it too. The lifespan only runs the real clock's timed checks
(reference_impl/web/real_clock.py).
"""

import functools
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from reference_impl.db import Store, open_store
from reference_impl.json_text import JsonResponse
from reference_impl.models.actor_registration_schema import ActorRegistration
from reference_impl.models.arming_instruction_schema import ArmingInstruction
from reference_impl.models.capacity_trade_agreement_schema import CapacityTradeAgreement
from reference_impl.models.capacity_trade_decision_schema import CapacityTradeDecision
from reference_impl.models.capacity_trade_proposal_schema import CapacityTradeProposal
from reference_impl.models.capacity_trade_revocation_schema import CapacityTradeRevocation
from reference_impl.models.dispatch_instruction_schema import DispatchInstruction
from reference_impl.models.dispatch_overrule_schema import DispatchOverrule
from reference_impl.models.flexibility_offer_schema import FlexibilityOffer
from reference_impl.models.flexibility_requirement_schema import FlexibilityRequirement
from reference_impl.models.meter_readings_schema import MeterReadings
from reference_impl.models.offer_acceptance_schema import OfferAcceptance
from reference_impl.models.offsetting_agreement_schema import OffsettingAgreement
from reference_impl.models.offsetting_decision_schema import OffsettingDecision
from reference_impl.models.offsetting_proposal_schema import OffsettingProposal
from reference_impl.models.offsetting_revocation_schema import OffsettingRevocation
from reference_impl.models.offsetting_scheme_decision_schema import OffsettingSchemeDecision
from reference_impl.models.offsetting_scheme_registration_schema import OffsettingSchemeRegistration
from reference_impl.models.portfolio_action_schema import PortfolioAction
from reference_impl.models.site_registration_schema import SiteRegistration
from reference_impl.models.test_clock_request_schema import TestClockRequest
from reference_impl.models.unavailability_notice_schema import UnavailabilityNotice
from reference_impl.models.unwind_request_schema import UnwindRequest
from reference_impl.models.zone_registration_schema import ZoneRegistration
from reference_impl.params import PROVIDER_ROLES, SELLER_ROLES
from reference_impl.services import (
    admin,
    capacity_trades,
    dispatches,
    metering,
    offers,
    offsetting,
    offsetting_schemes,
    portfolio,
    requirements,
    transactions,
    unavailability,
)
from reference_impl.web import admin as admin_web
from reference_impl.web import market, reads, real_clock, threads
from reference_impl.web.guard import Guard
from reference_impl.web.routing import ExactPaths

Handler = Callable[[Request], Awaitable[Response]]
_OPENAPI = Path(__file__).resolve().parent.parent / "schemas" / "nmf.openapi.json"
_BUYERS = frozenset({"DSO", "ESO"})  # the DSO buys its services, the ESO buys STOR (BMR-23)
_DNO = frozenset({"DNO"})

MESSAGES: dict[str, market.MessageSpec] = {
    "/requirements": market.MessageSpec(
        "FlexibilityRequirement", FlexibilityRequirement, _BUYERS, requirements.post_requirement, ""
    ),
    "/offers": market.MessageSpec(
        "FlexibilityOffer", FlexibilityOffer, SELLER_ROLES, offers.post_offer, "requirementId"
    ),
    "/acceptances": market.MessageSpec(
        "OfferAcceptance", OfferAcceptance, _BUYERS, transactions.accept_offer, thread=threads.offer_requirement
    ),
    "/arming-instructions": market.MessageSpec(
        "ArmingInstruction", ArmingInstruction, _BUYERS, transactions.arm, "transactionId"
    ),
    "/dispatches": market.MessageSpec(
        "DispatchInstruction", DispatchInstruction, _BUYERS, dispatches.dispatch, "transactionId"
    ),
    "/overrules": market.MessageSpec(
        "DispatchOverrule",
        DispatchOverrule,
        _BUYERS,
        dispatches.overrule,
        thread=threads.dispatch_transaction,
    ),
    "/unavailability-notices": market.MessageSpec(
        "UnavailabilityNotice", UnavailabilityNotice, SELLER_ROLES, unavailability.report, "transactionId"
    ),
    "/meter-readings": market.MessageSpec("MeterReadings", MeterReadings, frozenset({"DCC"}), metering.submit, ""),
    "/unwinds": market.MessageSpec("UnwindRequest", UnwindRequest, _BUYERS, transactions.unwind, "transactionId"),
    "/capacity-trades": market.MessageSpec(
        "CapacityTradeProposal", CapacityTradeProposal, PROVIDER_ROLES, capacity_trades.propose, ""
    ),
    "/capacity-trade-agreements": market.MessageSpec(
        "CapacityTradeAgreement", CapacityTradeAgreement, PROVIDER_ROLES, capacity_trades.agree, "tradeId"
    ),
    "/capacity-trade-decisions": market.MessageSpec(
        "CapacityTradeDecision", CapacityTradeDecision, _DNO, capacity_trades.decide, "tradeId"
    ),
    "/capacity-trade-revocations": market.MessageSpec(
        "CapacityTradeRevocation", CapacityTradeRevocation, _DNO, capacity_trades.revoke, "tradeId"
    ),
    "/portfolio-actions": market.MessageSpec(
        "PortfolioAction", PortfolioAction, frozenset({"TRADER"}), portfolio.report, ""
    ),
    "/offsetting-schemes": market.MessageSpec(
        "OffsettingSchemeRegistration", OffsettingSchemeRegistration, PROVIDER_ROLES, offsetting_schemes.register, ""
    ),
    "/offsetting-scheme-decisions": market.MessageSpec(
        "OffsettingSchemeDecision", OffsettingSchemeDecision, _DNO, offsetting_schemes.decide, "schemeId"
    ),
    "/offsetting-transactions": market.MessageSpec(
        "OffsettingProposal", OffsettingProposal, PROVIDER_ROLES, offsetting.propose, ""
    ),
    "/offsetting-agreements": market.MessageSpec(
        "OffsettingAgreement", OffsettingAgreement, PROVIDER_ROLES, offsetting.agree, "transactionId"
    ),
    "/offsetting-decisions": market.MessageSpec(
        "OffsettingDecision", OffsettingDecision, _DNO, offsetting.decide, "transactionId"
    ),
    "/offsetting-revocations": market.MessageSpec(
        "OffsettingRevocation", OffsettingRevocation, _DNO, offsetting.unwind, "transactionId"
    ),
}


class _Nmf(Starlette):
    """Starlette with one middleware, the guard, in place of its default stack (web/guard.py), and exact
    paths looked up directly (web/routing.py)."""

    def build_middleware_stack(self) -> ASGIApp:
        return Guard(ExactPaths(self.router))


def create_app(*, database: str = ":memory:", admin_token: str, test_clock: bool = True) -> Starlette:
    """Build the reference NMF on a store: a SQLite file path, ":memory:", or a postgresql:// URL."""
    if not admin_token:
        raise ValueError("an administration token is required")
    db = open_store(database)

    def on(handler: Callable[[Request, Store], Awaitable[Response]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            return await handler(request, db)

        return endpoint

    def message(spec: market.MessageSpec) -> Handler:
        return functools.partial(market.handle, db=db, spec=spec)

    def administer(model: Any, service: Any, status: int) -> Handler:
        return functools.partial(
            admin_web.handle, db=db, admin_token=admin_token, model=model, service=service, status=status
        )

    async def advance(request: Request) -> Response:
        clock_id = request.path_params["id"]
        return await admin_web.handle(
            request,
            db,
            admin_token=admin_token,
            model=TestClockRequest,
            service=lambda conn, body: admin.advance_clock(conn, clock_id, body),
            status=200,
        )

    async def health(_: Request) -> Response:
        return JsonResponse({"status": "ok"})

    async def openapi(_: Request) -> Response:
        if not _OPENAPI.is_file():
            raise HTTPException(404)
        return JsonResponse(json.loads(_OPENAPI.read_text(encoding="utf-8")))

    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/clock", on(reads.clock), methods=["GET"]),
        Route("/notifications", on(reads.notifications), methods=["GET"]),
        Route("/requirements/{id}", on(reads.requirement), methods=["GET"]),
        Route("/transactions/{id}", on(reads.transaction), methods=["GET"]),
        Route("/transactions/{id}/verification", on(reads.transaction_verification), methods=["GET"]),
        Route("/transactions/{id}/settlement", on(reads.transaction_settlement), methods=["GET"]),
        Route("/capacity-trades/{id}", on(reads.capacity_trade), methods=["GET"]),
        Route("/sites/{mpan}/capacity", on(reads.site_capacity), methods=["GET"]),
        Route("/offsetting-schemes/{id}", on(reads.offsetting_scheme), methods=["GET"]),
        Route("/offsetting-transactions/{id}", on(reads.offsetting_transaction), methods=["GET"]),
        Route("/offsetting-transactions/{id}/settlement", on(reads.offsetting_transaction_settlement), methods=["GET"]),
        Route("/portfolio-actions/{id}", on(reads.portfolio_action), methods=["GET"]),
        Route("/portfolio-actions/{id}/payments", on(reads.portfolio_payments_of), methods=["GET"]),
        *(Route(path, message(spec), methods=["POST"]) for path, spec in MESSAGES.items()),
        Route("/admin/actors", administer(ActorRegistration, admin.create_actor, 201), methods=["POST"]),
        Route("/admin/zones", administer(ZoneRegistration, admin.create_zone, 201), methods=["POST"]),
        Route("/admin/sites", administer(SiteRegistration, admin.create_site, 201), methods=["POST"]),
    ]
    if test_clock:
        routes += [
            Route("/admin/test-clocks", administer(TestClockRequest, admin.create_clock, 201), methods=["POST"]),
            Route("/admin/test-clocks/{id}/advance", advance, methods=["POST"]),
        ]
    app = _Nmf(routes=routes, lifespan=real_clock.lifespan(db))
    app.state.database = db
    return app
