"""One valid request per endpoint of the reference NMF, on a live market: for the matrix and the fuzzers."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nmf_world import T0, World


@dataclass(frozen=True)
class Call:
    """A valid request for one endpoint, built for the caller: its credential, and its id as the sender."""

    method: str
    path: str
    body: Callable[[str], dict[str, Any]] | None = None


def _market(message_type: str, payload: dict[str, Any], correlation: str | None) -> Callable[[str], Any]:
    def body(sender_id: str) -> dict[str, Any]:
        envelope = {
            "messageId": str(uuid.uuid4()),
            "messageType": message_type,
            "schemaVersion": "1.0",
            "sender": sender_id,
            "recipient": "NMF",
            "createdAt": T0,
            "payload": payload,
        }
        if correlation is not None:
            envelope["correlationId"] = correlation
        return envelope

    return body


def live_calls(world: World) -> dict[tuple[str, str], Call]:
    """A live market (requirement, offer, armed transaction, dispatch) and one valid request per endpoint."""
    requirement = world.post_requirement()
    tx = world.armed_transaction()
    dispatch = world.ok(world.dispatch(tx, "2030-01-15T17:00:00Z", "2030-01-15T17:30:00Z", "50"), 201)
    open_offer = world.post_offer(world.post_requirement())
    tx_id, req_id = tx["transactionId"], requirement["requirementId"]
    unavailability = {
        "transactionId": tx_id,
        "detectedAt": T0,
        "from": "2030-01-15T17:30:00Z",
        "to": "2030-01-15T18:00:00Z",
        "availableKw": "10",
        "reason": "Plant trip.",
    }
    readings = {
        "mpan": world.mpans[0],
        "readings": [{"periodStart": "2030-01-15T11:00:00Z", "importKwh": "1", "exportKwh": "0"}],
    }
    action = {
        "direction": "REDUCE_DEMAND",
        "start": "2030-01-15T17:00:00Z",
        "end": "2030-01-15T17:30:00Z",
        "utilisationGbpPerMwh": "80.00",
        "sites": [
            {
                "mpan": world.mpans[0],
                "capacityKw": "10",
                "baseline": [{"periodStart": "2030-01-15T17:00:00Z", "importKw": "20", "exportKw": "0"}],
            }
        ],
        "periods": [
            {
                "periodStart": "2030-01-15T17:00:00Z",
                "positionKwh": "-5",
                "wholesaleGbpPerMwh": "95.00",
                "imbalanceGbpPerMwh": "160.00",
            }
        ],
    }
    action_id = world.ok(world.send(world["trader"], "/portfolio-actions", "PortfolioAction", action), 201)["actionId"]
    messages = {
        "/portfolio-actions": _market("PortfolioAction", action, None),
        "/requirements": _market("FlexibilityRequirement", world.requirement_payload(), None),
        "/offers": _market("FlexibilityOffer", world.offer_payload(requirement), req_id),
        "/acceptances": _market("OfferAcceptance", {"offerId": open_offer["offerId"]}, open_offer["requirementId"]),
        "/arming-instructions": _market("ArmingInstruction", {"transactionId": tx_id}, tx_id),
        "/dispatches": _market(
            "DispatchInstruction",
            {
                "transactionId": tx_id,
                "start": "2030-01-15T17:30:00Z",
                "end": "2030-01-15T18:00:00Z",
                "capacityKw": "10",
            },
            tx_id,
        ),
        "/overrules": _market(
            "DispatchOverrule", {"dispatchId": dispatch["dispatchId"], "reason": "Shortfall."}, tx_id
        ),
        "/unavailability-notices": _market("UnavailabilityNotice", unavailability, tx_id),
        "/meter-readings": _market("MeterReadings", readings, None),
        "/unwinds": _market("UnwindRequest", {"transactionId": tx_id, "reason": "Need changed."}, tx_id),
    }
    trades = [_capacity_trade(world, stage) for stage in (0, 1, 2)]
    messages |= {
        "/capacity-trades": _market("CapacityTradeProposal", _proposal(world), None),
        "/capacity-trade-agreements": _market("CapacityTradeAgreement", {"tradeId": trades[0]}, trades[0]),
        "/capacity-trade-decisions": _market(
            "CapacityTradeDecision", {"tradeId": trades[1], "decision": "APPROVED", "conditions": []}, trades[1]
        ),
        "/capacity-trade-revocations": _market(
            "CapacityTradeRevocation",
            {"tradeId": trades[2], "from": "2030-01-15T17:30:00Z", "reason": "The network changed."},
            trades[2],
        ),
    }
    scheme_id = _offsetting_scheme(world, approved=True)
    offsets = [_offsetting(world, scheme_id, stage) for stage in (0, 1, 2)]
    messages |= {
        "/offsetting-schemes": _market("OffsettingSchemeRegistration", _scheme_registration(world), None),
        "/offsetting-scheme-decisions": _market(
            "OffsettingSchemeDecision", {"schemeId": scheme_id, "decision": "APPROVED", "conditions": []}, scheme_id
        ),
        "/offsetting-transactions": _market("OffsettingProposal", _offset_proposal(scheme_id, 2), None),
        "/offsetting-agreements": _market("OffsettingAgreement", {"transactionId": offsets[0]}, offsets[0]),
        "/offsetting-decisions": _market(
            "OffsettingDecision", {"transactionId": offsets[1], "decision": "APPROVED", "conditions": []}, offsets[1]
        ),
        "/offsetting-revocations": _market(
            "OffsettingRevocation",
            {"transactionId": offsets[2], "from": "2030-01-15T20:00:00Z", "reason": "The network changed."},
            offsets[2],
        ),
    }
    admin = {
        "/admin/actors": {"name": "New actor", "role": "DSO", "testClockId": world.clock_id},
        "/admin/zones": world.zone_body("Zone Z", ["T9"]),
        "/admin/sites": world.site_body("1200000000990", "owner"),
        "/admin/test-clocks": {"now": T0},
        "/admin/test-clocks/{id}/advance": {"now": T0},
    }
    calls = {("POST", path): Call("POST", path, body) for path, body in messages.items()}
    calls |= {("POST", path): Call("POST", path, lambda _sender, b=body: b) for path, body in admin.items()}
    reads = {
        "/health": "/health",
        "/openapi.json": "/openapi.json",
        "/clock": "/clock",
        "/notifications": "/notifications",
        "/requirements/{id}": f"/requirements/{req_id}",
        "/transactions/{id}": f"/transactions/{tx_id}",
        "/transactions/{id}/verification": f"/transactions/{tx_id}/verification",
        "/transactions/{id}/settlement": f"/transactions/{tx_id}/settlement",
        "/capacity-trades/{id}": f"/capacity-trades/{trades[0]}",
        "/offsetting-schemes/{id}": f"/offsetting-schemes/{scheme_id}",
        "/offsetting-transactions/{id}": f"/offsetting-transactions/{offsets[0]}",
        "/offsetting-transactions/{id}/settlement": f"/offsetting-transactions/{offsets[1]}/settlement",
        "/sites/{id}/capacity": f"/sites/{world.mpans[0]}/capacity?start=2030-01-15T17:00:00Z&end=2030-01-15T18:00:00Z",
        "/portfolio-actions/{id}": f"/portfolio-actions/{action_id}",
        "/portfolio-actions/{id}/payments": f"/portfolio-actions/{action_id}/payments",
    }
    calls |= {("GET", path): Call("GET", concrete) for path, concrete in reads.items()}
    advance = calls[("POST", "/admin/test-clocks/{id}/advance")]
    calls[("POST", "/admin/test-clocks/{id}/advance")] = Call(
        "POST", f"/admin/test-clocks/{world.clock_id}/advance", advance.body
    )
    return calls


def _proposal(world: World) -> dict[str, Any]:
    """A MIC trade of 10 kVA from the first site to the second, in the hour after 17:00."""
    return {
        "direction": "IMPORT",
        "sellerMpan": world.mpans[0],
        "buyerMpan": world.mpans[1],
        "window": {"start": "2030-01-15T17:00:00Z", "end": "2030-01-15T18:00:00Z"},
        "transferKva": "10",
        "priceGbp": "5.00",
    }


def _capacity_trade(world: World, stage: int) -> str:
    """A trade proposed (stage 0), also agreed by the buyer (1), and also approved by the DNO (2)."""
    proposal = world.send(world["owner"], "/capacity-trades", "CapacityTradeProposal", _proposal(world))
    trade_id = str(world.ok(proposal, 201)["tradeId"])
    if stage == 0:
        return trade_id
    agreement = {"tradeId": trade_id}
    world.ok(
        world.send(
            world["owner2"], "/capacity-trade-agreements", "CapacityTradeAgreement", agreement, correlation_id=trade_id
        ),
        200,
    )
    if stage == 2:
        decision = {"tradeId": trade_id, "decision": "APPROVED", "conditions": []}
        world.ok(
            world.send(
                world["dno"], "/capacity-trade-decisions", "CapacityTradeDecision", decision, correlation_id=trade_id
            ),
            200,
        )
    return trade_id


def _scheme_registration(world: World) -> dict[str, Any]:
    """The second site's owner asks to go above its MEC once the first site's demand has risen."""
    return {"direction": "DEMAND_FIRST", "buyerMpan": world.mpans[1], "sellerMpan": world.mpans[0]}


def _offsetting_scheme(world: World, *, approved: bool) -> str:
    registration = world.send(
        world["owner2"], "/offsetting-schemes", "OffsettingSchemeRegistration", _scheme_registration(world)
    )
    scheme_id = str(world.ok(registration, 201)["schemeId"])
    if approved:
        decision = {"schemeId": scheme_id, "decision": "APPROVED", "conditions": []}
        world.ok(
            world.send(
                world["dno"],
                "/offsetting-scheme-decisions",
                "OffsettingSchemeDecision",
                decision,
                correlation_id=scheme_id,
            ),
            200,
        )
    return scheme_id


def _offset_proposal(scheme_id: str, slot: int) -> dict[str, Any]:
    """1 kW offset over three periods; each slot its own 90 minutes from 17:00, so no two overlap."""
    hours = [("17:00", "18:30"), ("18:30", "20:00"), ("20:00", "21:30")][slot]
    return {
        "schemeId": scheme_id,
        "window": {"start": f"2030-01-15T{hours[0]}:00Z", "end": f"2030-01-15T{hours[1]}:00Z"},
        "volumeKw": "1",
        "firstLegBaselineKw": "0",
        "secondLegBaselineKw": "0",
        "priceGbpPerMwh": "40.00",
    }


def _offsetting(world: World, scheme_id: str, stage: int) -> str:
    """A transaction proposed (0), also agreed by the seller (1), also approved by the DNO (2); each in its own slot."""
    proposal = world.send(
        world["owner2"], "/offsetting-transactions", "OffsettingProposal", _offset_proposal(scheme_id, stage)
    )
    tx_id = str(world.ok(proposal, 201)["transactionId"])
    if stage >= 1:
        agreement = {"transactionId": tx_id}
        world.ok(
            world.send(
                world["owner"], "/offsetting-agreements", "OffsettingAgreement", agreement, correlation_id=tx_id
            ),
            200,
        )
    if stage == 2:
        decision = {"transactionId": tx_id, "decision": "APPROVED", "conditions": []}
        world.ok(
            world.send(world["dno"], "/offsetting-decisions", "OffsettingDecision", decision, correlation_id=tx_id), 200
        )
    return tx_id
