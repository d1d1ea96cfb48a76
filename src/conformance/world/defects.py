"""Market messages with one deliberate defect: a reason of white space only, or a wrong `correlationId`.

Each is the message an actor would send on an existing deal, built by the same code as the
well-formed one, with just that one part changed (docs/api.md, "Conventions" and "Market messages").
"""

from collections.abc import Callable

from conformance.exchange import Exchange
from conformance.world import operations, trading
from conformance.world.labels import canonical_label
from conformance.world.market import Json, MarketWorld

BLANK_REASON = " \t "
_WITH_REASON = ("UnavailabilityNotice", "UnwindRequest", "DispatchOverrule")


def send_blank_reason(market: MarketWorld, message_type: str, requirement: str, seller: str) -> Exchange:
    """The message of `message_type` about a seller's transaction, its `reason` white space only."""
    if message_type not in _WITH_REASON:
        msg = f"{message_type} carries no reason; one of {', '.join(_WITH_REASON)}"
        raise ValueError(msg)
    payload = _message(message_type)[1](market, requirement, seller) | {"reason": BLANK_REASON}
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    return _send(market, message_type, seller, payload, transaction_id)


def send_wrong_correlation(market: MarketWorld, message_type: str, requirement: str, seller: str) -> Exchange:
    """The message of `message_type` on a seller's deal, its `correlationId` the deal's other id.

    A message about the requirement carries the transaction's id; one about the transaction, or
    one that must carry no `correlationId`, carries the requirement's id.
    """
    payload = _message(message_type)[1](market, requirement, seller)
    about_requirement = message_type in ("FlexibilityOffer", "OfferAcceptance")
    wrong = (
        market.transaction(requirement, seller)["transactionId"]
        if about_requirement
        else market.requirement(requirement)["requirementId"]
    )
    return _send(market, message_type, seller, payload, wrong)


def _send(market: MarketWorld, message_type: str, seller: str, payload: Json, correlation_id: str) -> Exchange:
    sender = _message(message_type)[0] or seller
    return market.nmf.send(
        market.actor(sender), message_type, payload, correlation_id=correlation_id, validate_request=False
    )


def _message(message_type: str) -> tuple[str | None, Callable[[MarketWorld, str, str], Json]]:
    if message_type not in _MESSAGES:
        msg = f"no such market message {message_type!r}; one of {', '.join(_MESSAGES)}"
        raise ValueError(msg)
    return _MESSAGES[message_type]


def _requirement(market: MarketWorld, requirement: str, _: str) -> Json:
    posted = market.requirement(requirement)
    fields = ("zoneId", "criticalAsset", "service", "window", "capacityKw", "armingDeadline", "priceCeiling")
    return {name: posted[name] for name in fields}


def _offer(market: MarketWorld, requirement: str, seller: str) -> Json:
    sent = market.sent[("FlexibilityOffer", requirement, canonical_label(seller))]
    return {name: value for name, value in sent.items() if name != "at"}


def _acceptance(market: MarketWorld, requirement: str, seller: str) -> Json:
    return {"offerId": market.offer(requirement, seller).resource["offerId"]}


def _dispatch(market: MarketWorld, requirement: str, seller: str) -> Json:
    transaction = market.transaction(requirement, seller)
    window = transaction["window"]
    return operations.dispatch_payload(
        market, requirement, seller, transaction["acceptedKw"], window["start"], window["end"]
    )


def _unavailability(market: MarketWorld, requirement: str, seller: str) -> Json:
    window = market.transaction(requirement, seller)["window"]
    if market.now is None:
        msg = "the scenario has no market clock; start with 'the market clock reads ...'"
        raise LookupError(msg)
    return operations.unavailability_payload(
        market, requirement, seller, market.now, "0", window["start"], window["end"]
    )


def _readings(market: MarketWorld, requirement: str, seller: str) -> Json:
    transaction = market.transaction(requirement, seller)
    reading = {"periodStart": transaction["window"]["start"], "importKwh": "0", "exportKwh": "0"}
    return {"mpan": transaction["sites"][0]["mpan"], "readings": [reading]}


# By message type: who sends it when the rules hold (None: the seller), and its payload on the deal.
_MESSAGES: dict[str, tuple[str | None, Callable[[MarketWorld, str, str], Json]]] = {
    "FlexibilityRequirement": ("DSO", _requirement),
    "FlexibilityOffer": (None, _offer),
    "OfferAcceptance": ("DSO", _acceptance),
    "ArmingInstruction": ("DSO", trading.arming_payload),
    "DispatchInstruction": ("DSO", _dispatch),
    "UnavailabilityNotice": (None, _unavailability),
    "UnwindRequest": ("DSO", trading.unwind_payload),
    "DispatchOverrule": ("ESO", operations.overrule_payload),
    "MeterReadings": ("DCC", _readings),
}
