"""What the parties are told of their own deal: acceptance, arming, dispatch, overrule, unwind; to them alone."""

from dataclasses import dataclass
from typing import Final

from conformance.checks import expect_amount, expect_count, expect_equal, expect_fields
from conformance.world.inspection import inbox, of_type
from conformance.world.labels import buyer_for, canonical_label
from conformance.world.market import Json, MarketWorld
from conformance.world.notices import RULE_OF_NOTICE
from conformance.world.operations import OVERRULE_REASON


@dataclass(frozen=True)
class Told:
    """One notice to the parties: what it carries, what names it, who gets it and which event it follows."""

    member: str  # the payload member: transaction or dispatch
    id_field: str
    recipients: str  # "seller" or "buyer and seller"
    event: str  # the event of the deal, as the harness caused it
    instant: str | None  # the resource field holding the instant it is sent at; None: the event's instant


TOLD: Final = {
    "OfferAccepted": Told("transaction", "transactionId", "seller", "ACCEPTED", "createdAt"),
    "ArmingConfirmed": Told("transaction", "transactionId", "seller", "ARMED", "armedAt"),
    "DispatchInstructed": Told("dispatch", "dispatchId", "seller", "DISPATCHED", "instructedAt"),
    "DispatchOverruled": Told("dispatch", "dispatchId", "buyer and seller", "OVERRULED", "overruledAt"),
    "TransactionUnwound": Told("transaction", "transactionId", "seller", "UNWOUND", None),
}
RULE_OF_EVENT: Final = {
    "ACCEPTED": "BMR-08",
    "ARMED": "BMR-09",
    "DISPATCHED": "BMR-11",
    "OVERRULED": "BMR-16",
    "UNWOUND": "BMR-21",
}
# The resource fields a party relies on; each must be what the buyer's request was answered with.
_FIELDS: Final = {
    "transaction": (
        "transactionId",
        "requirementId",
        "offerId",
        "buyerId",
        "sellerId",
        "service",
        "zoneId",
        "window",
        "acceptedKw",
        "sites",
        "utilisationGbpPerMwh",
        "availabilityGbpPerMwPerH",
        "armingDeadline",
        "status",
        "armedAt",
        "unwoundPeriods",
        "createdAt",
    ),
    "dispatch": (
        "dispatchId",
        "transactionId",
        "start",
        "end",
        "capacityKw",
        "instructedAt",
        "status",
        "overruledAt",
        "overruleReason",
    ),
}
_AS_INSTRUCTED: Final = {"status": "INSTRUCTED", "overruledAt": None, "overruleReason": None}


def _expected(market: MarketWorld, requirement: str, seller: str, message_type: str) -> list[Json]:
    """The resources the parties must be told of, as the NMF answered the request."""
    dispatches = market.dispatches_of(requirement, seller)
    if message_type == "DispatchInstructed":
        return [{**d, **_AS_INSTRUCTED} for d in dispatches]
    if message_type == "DispatchOverruled":
        return [d for d in dispatches if d["status"] == "OVERRULED"]
    key = (message_type, (requirement, canonical_label(seller)))
    return [market.answers[key]] if key in market.answers else []


def check_told_alone(market: MarketWorld, requirement: str, message_type: str) -> None:
    """Each seller on the requirement got one `message_type` per resource, as answered, and nobody else did."""
    if message_type not in TOLD or TOLD[message_type].recipients != "seller":
        msg = f"{message_type!r} is not told to the seller alone"
        raise ValueError(msg)
    for _, seller in market.deals_on(requirement):
        check_told(market, requirement, seller, message_type, "seller")


def check_told(market: MarketWorld, requirement: str, seller: str, message_type: str, recipients: str) -> None:
    """The deal's `recipients` each got one `message_type` per resource, as answered, and nobody else did."""
    told = TOLD.get(message_type)
    if told is None or told.recipients != recipients:
        msg = f"{message_type!r} goes to the {told.recipients if told else 'nobody'}, not the {recipients}"
        raise ValueError(msg)
    expected = _expected(market, requirement, seller, message_type)
    caused = [e for e in market.events_of(requirement, seller) if e["event"] == told.event]
    if not expected or len(expected) != len(caused):
        msg = f"the {seller} transaction on {requirement!r} has no answered {message_type} to compare with"
        raise LookupError(msg)
    transaction = market.transaction(requirement, seller)
    buyer = buyer_for(market.sent[("FlexibilityRequirement", requirement, "")]["service"])
    parties = {seller} | ({buyer} if recipients == "buyer and seller" else set())
    rule = RULE_OF_NOTICE[message_type]
    inboxes = {label: of_type(inbox(market, label), message_type) for label in sorted(market.actors)}
    for resource, event in zip(expected, caused, strict=True):
        _check_answer(resource, event, told, seller)
        if told.member == "transaction":
            _check_terms(market, requirement, seller, resource, RULE_OF_EVENT[event["event"]])
        for label, notices in inboxes.items():
            about = [n for n in notices if _names(n, told, resource)]
            party = canonical_label(label) in {canonical_label(p) for p in parties}
            expect_count(
                about,
                1 if party else 0,
                rule=rule if party else "BMR-15",
                message=message_type,
                counted=f"{message_type} about the {seller} transaction on {requirement} to the {label}",
            )
            if party:
                instant = event["at"] if told.instant is None else resource[told.instant]
                _check_content(about[0], resource, transaction["transactionId"], told, instant, label)


def _check_answer(resource: Json, event: Json, told: Told, seller: str) -> None:
    """The NMF's answer carries the instant it acted at and, for a dispatch, what was asked."""
    rule = RULE_OF_EVENT[event["event"]]
    asked = {} if told.instant is None else {told.instant: event["at"]}
    if told.member == "dispatch":
        asked |= {"start": event["start"], "end": event["end"]}
    if event["event"] == "OVERRULED":
        asked["overruleReason"] = OVERRULE_REASON
    for name, value in asked.items():
        expect_equal(
            resource[name],
            value,
            rule=rule,
            message=told.member,
            field=f"/{name}",
            detail=f"the {told.member} of the {seller} as the NMF answered the request",
        )
    kw_field = "capacityKw" if told.member == "dispatch" else "acceptedKw"
    expect_amount(
        resource[kw_field],
        event["capacityKw"],
        rule=rule,
        message=told.member,
        field=f"/{kw_field}",
        detail=f"the kW of the {told.member} of the {seller}",
    )


def _check_terms(market: MarketWorld, requirement: str, seller: str, resource: Json, rule: str) -> None:
    """A transaction holds the offer's sites and prices and the requirement's window and deadline (BMR-08)."""
    offer = market.sent[("FlexibilityOffer", requirement, canonical_label(seller))]
    posted = market.sent[("FlexibilityRequirement", requirement, "")]
    expected = {
        "requirementId": market.requirement(requirement)["requirementId"],
        "offerId": market.offer(requirement, seller).resource["offerId"],
        "buyerId": market.actor(buyer_for(posted["service"])).actor_id,
        "sellerId": market.actor(seller).actor_id,
        "service": posted["service"],
        "zoneId": posted["zoneId"],
        "window": posted["window"],
        "armingDeadline": posted["armingDeadline"],
    }
    prices = {name: offer[name] for name in ("utilisationGbpPerMwh", "availabilityGbpPerMwPerH")}
    detail = f"the terms of the {seller} transaction, against its offer and the requirement"
    expect_fields(resource, expected, rule=rule, message="transaction", prefix="", detail=detail)
    expect_fields(resource, prices, amounts=tuple(prices), rule=rule, message="transaction", prefix="", detail=detail)
    sites = resource.get("sites", [])
    expect_equal(
        [site.get("mpan") for site in sites],
        [site["mpan"] for site in offer["sites"]],
        rule=rule,
        message="transaction",
        field="/sites",
        detail=detail,
    )
    for index, (site, sent) in enumerate(zip(sites, offer["sites"], strict=True)):
        expect_amount(
            site.get("capacityKw"),
            sent["capacityKw"],
            rule=rule,
            message="transaction",
            field=f"/sites/{index}/capacityKw",
            detail=detail,
        )


def _names(notice: Json, told: Told, resource: Json) -> bool:
    carried = notice["payload"].get(told.member)
    return isinstance(carried, dict) and carried.get(told.id_field) == resource[told.id_field]


def _check_content(notice: Json, resource: Json, transaction_id: str, told: Told, instant: str, label: str) -> None:
    message_type = notice["messageType"]
    rule = RULE_OF_NOTICE[message_type]
    envelope = {"correlationId": transaction_id, "createdAt": instant}
    detail = f"the envelope of the notice to the {label}: about the transaction, at the {told.event} event"
    expect_fields(notice, envelope, rule=rule, message=message_type, prefix="", detail=detail)
    for name in _FIELDS[told.member]:
        expect_equal(
            notice["payload"][told.member].get(name),
            resource.get(name),
            rule=rule,
            message=message_type,
            field=f"/payload/{told.member}/{name}",
            detail=f"the {told.member} told to the {label}, against the NMF's answer to the request",
        )
