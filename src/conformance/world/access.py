"""Who may read what and name what: a resource read back by one actor, a message naming an unknown id."""

import uuid

from conformance.checks import expect_equal
from conformance.exchange import Exchange, expect_success
from conformance.failures import ConformanceFailure
from conformance.world.market import Json, MarketWorld
from conformance.world.mpans import fresh_mpan


def read_requirement(market: MarketWorld, label: str, requirement: str) -> Exchange:
    """An actor asks the NMF for a requirement by its id."""
    requirement_id = market.requirement(requirement)["requirementId"]
    return market.nmf.get(market.actor(label), f"/requirements/{requirement_id}", "requirement.schema.json")


def check_can_read_requirement(market: MarketWorld, label: str, requirement: str) -> None:
    """The actor is answered 200 with the requirement it asked for."""
    body = expect_success(read_requirement(market, label, requirement), 200)
    expect_equal(
        body["requirementId"],
        market.requirement(requirement)["requirementId"],
        rule=None,
        message="requirement",
        field="/requirementId",
        detail=f"the requirement the {label} asked for",
    )


def check_cannot_read_requirement(market: MarketWorld, label: str, requirement: str) -> None:
    """The actor is answered 404, or 403 citing BMR-15: it is not told the requirement exists."""
    check_not_shown(read_requirement(market, label, requirement), f"the {label} has no site in the zone", requirement)


def check_not_shown(answer: Exchange, why: str, what: str) -> None:
    """A read answered 404, or 403 citing BMR-15: the reader is not told `what` exists (`why` says why not)."""
    named = answer.response_body.get("rule") if isinstance(answer.response_body, dict) else None
    if answer.status == 404 or (answer.status == 403 and named == "BMR-15"):
        return
    raise ConformanceFailure(
        rule="BMR-15",
        message=answer.endpoint,
        field="",
        detail=f"{why}, yet reading {what} was answered {answer.status}"
        f" (rule {named}); expected 404, or 403 citing BMR-15",
    )


# What a message names, by message type: the field, and who sends such a message when the rules hold.
_NAMED = {
    "FlexibilityRequirement": ("zoneId", "DSO"),
    "FlexibilityOffer": ("requirementId", "Directly-Connected Storage"),
    "OfferAcceptance": ("offerId", "DSO"),
    "ArmingInstruction": ("transactionId", "DSO"),
    "DispatchInstruction": ("transactionId", "DSO"),
    "UnwindRequest": ("transactionId", "DSO"),
    "DispatchOverrule": ("dispatchId", "ESO"),
    "CapacityTradeAgreement": ("tradeId", "Consumer (Non-Domestic)"),
    "OffsettingSchemeDecision": ("schemeId", "DNO"),
    "OffsettingAgreement": ("transactionId", "Community Energy Scheme"),
}


def name_the_unknown(market: MarketWorld, message_type: str) -> Exchange:
    """Send a message whose zone, requirement, offer, transaction, dispatch, capacity trade or scheme id the NMF
    never issued."""
    field, sender = _NAMED[message_type]
    unknown = str(uuid.uuid4())
    payload: Json = {field: unknown}
    if message_type == "FlexibilityRequirement":
        window = {"start": "2030-01-15T16:30:00Z", "end": "2030-01-15T17:00:00Z"}
        ceiling = {"utilisationGbpPerMwh": "300.00", "availabilityGbpPerMwPerH": "2.00"}
        payload |= {"service": "CONSTRAINT_MANAGEMENT", "criticalAsset": "T1", "window": window, "capacityKw": "10"}
        payload |= {"armingDeadline": "2030-01-15T16:15:00Z", "priceCeiling": ceiling}
    if message_type == "DispatchInstruction":
        payload |= {"start": "2030-01-15T16:30:00Z", "end": "2030-01-15T17:00:00Z", "capacityKw": "10"}
    if message_type == "FlexibilityOffer":
        baseline = [{"periodStart": "2030-01-15T16:30:00Z", "importKw": "0", "exportKw": "0"}]
        payload |= {
            "sites": [{"mpan": fresh_mpan(), "capacityKw": "10", "baseline": baseline}],
            "utilisationGbpPerMwh": "300.00",
            "availabilityGbpPerMwPerH": "2.00",
        }
    if message_type in ("UnwindRequest", "DispatchOverrule"):
        payload["reason"] = "No longer needed."
    if message_type == "OffsettingSchemeDecision":
        payload |= {"decision": "APPROVED", "conditions": []}
    # Whatever the message names, it is its correlationId too: nothing else could be. A requirement opens
    # a thread of its own and carries none.
    correlation = None if message_type == "FlexibilityRequirement" else unknown
    return market.nmf.send(market.actor(sender), message_type, payload, correlation_id=correlation)
