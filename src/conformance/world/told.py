"""What the seller is told of its own deal: acceptance, arming and each dispatch, to it alone."""

from typing import Final

from conformance.checks import expect_amount, expect_count, expect_equal
from conformance.world.inspection import inbox, of_type
from conformance.world.market import Json, MarketWorld
from conformance.world.notices import RULE_OF_NOTICE

# The payload member each notice carries, the id that names it, and the instant it is sent at.
_CARRIES: Final = {
    "OfferAccepted": ("transaction", "transactionId", "createdAt"),
    "ArmingConfirmed": ("transaction", "transactionId", "armedAt"),
    "DispatchInstructed": ("dispatch", "dispatchId", "instructedAt"),
}
# The event of the deal (as the harness caused it) each notice follows.
_EVENT: Final = {"OfferAccepted": "ACCEPTED", "ArmingConfirmed": "ARMED", "DispatchInstructed": "DISPATCHED"}
RULE_OF_EVENT: Final = {"ACCEPTED": "BMR-08", "ARMED": "BMR-09", "DISPATCHED": "BMR-11"}
# The resource fields a seller relies on; each must be what the buyer's request was answered with.
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
        "createdAt",
    ),
    "dispatch": ("dispatchId", "transactionId", "start", "end", "capacityKw", "instructedAt", "status"),
}


def _expected(market: MarketWorld, requirement: str, seller: str, message_type: str) -> list[Json]:
    """The resources the seller must be told of: as the NMF answered the buyer's request."""
    if message_type == "DispatchInstructed":
        return [{**d, "status": "INSTRUCTED"} for d in market.dispatches_of(requirement, seller)]
    key = (message_type, (requirement, seller))
    return [market.answers[key]] if key in market.answers else []


def check_told_alone(market: MarketWorld, requirement: str, message_type: str) -> None:
    """Each seller on the requirement got one `message_type` per resource, as answered, and nobody else did."""
    if message_type not in _CARRIES:
        msg = f"sellers are told {sorted(_CARRIES)}, not {message_type!r}"
        raise ValueError(msg)
    member, id_field, instant = _CARRIES[message_type]
    rule = RULE_OF_NOTICE[message_type]
    inboxes = {label: of_type(inbox(market, label), message_type) for label in sorted(market.actors)}
    for _, seller in market.deals_on(requirement):
        expected = _expected(market, requirement, seller, message_type)
        if not expected:
            msg = f"the {seller} transaction on {requirement!r} has no answered {message_type} to compare with"
            raise LookupError(msg)
        transaction_id = market.transaction(requirement, seller)["transactionId"]
        caused = [e for e in market.events_of(requirement, seller) if e["event"] == _EVENT[message_type]]
        for resource, event in zip(expected, caused, strict=True):
            _check_answer(resource, event, member, instant, seller)
            for label, notices in inboxes.items():
                told = [n for n in notices if _names(n, member, id_field, resource)]
                alone = label == seller
                expect_count(
                    told,
                    1 if alone else 0,
                    rule=rule if alone else "BMR-15",
                    message=message_type,
                    counted=f"{message_type} about the {seller} transaction on {requirement} to the {label}",
                )
                if alone:
                    _check_content(told[0], resource, transaction_id, member, instant, rule, seller)


def _check_answer(resource: Json, event: Json, member: str, instant: str, seller: str) -> None:
    """The NMF's answer to the buyer carries the instant it acted at and, for a dispatch, what was asked."""
    rule = RULE_OF_EVENT[event["event"]]
    asked = {instant: event["at"]}
    if member == "dispatch":
        asked |= {"start": event["start"], "end": event["end"]}
    for name, value in asked.items():
        expect_equal(
            resource[name],
            value,
            rule=rule,
            message=member,
            field=f"/{name}",
            detail=f"the {member} of the {seller} as the NMF answered the DSO's request",
        )
    expect_amount(
        resource["capacityKw" if member == "dispatch" else "acceptedKw"],
        event["capacityKw"],
        rule=rule,
        message=member,
        field="/capacityKw" if member == "dispatch" else "/acceptedKw",
        detail=f"the kW of the {member} of the {seller}",
    )


def _names(notice: Json, member: str, id_field: str, resource: Json) -> bool:
    carried = notice["payload"].get(member)
    return isinstance(carried, dict) and carried.get(id_field) == resource[id_field]


def _check_content(
    notice: Json, resource: Json, transaction_id: str, member: str, instant: str, rule: str, seller: str
) -> None:
    message_type = notice["messageType"]
    expect_equal(
        notice["correlationId"],
        transaction_id,
        rule=rule,
        message=message_type,
        field="/correlationId",
        detail=f"the {seller} transaction the notice is about",
    )
    expect_equal(
        notice["createdAt"],
        resource[instant],
        rule=rule,
        message=message_type,
        field="/createdAt",
        detail=f"when the {seller} was told: at the {instant} of the {member}",
    )
    for name in _FIELDS[member]:
        expect_equal(
            notice["payload"][member].get(name),
            resource.get(name),
            rule=rule,
            message=message_type,
            field=f"/payload/{member}/{name}",
            detail=f"the {member} told to the {seller}, against the answer to the DSO's request",
        )
