"""How the NMF records a seller's unplanned unavailability (BMR-17) and tells the buyer of it."""

from datetime import timedelta

from conformance.checks import expect_amount, expect_count, expect_equal, expect_fields
from conformance.world.inspection import about, inbox, of_type
from conformance.world.labels import canonical_label
from conformance.world.market import MarketWorld
from conformance.world.periods import parse_instant

# rules.md, Parameters: `promptNoticeMinutes`.
PROMPT_NOTICE = timedelta(minutes=15)
_AS_SENT = ("transactionId", "detectedAt", "from", "to", "receivedAt")


def check_recorded(market: MarketWorld, requirement: str, seller: str, promptness: str) -> None:
    """The seller's latest notice is recorded as sent, received now, prompt or not; the buyer is told the same."""
    key = (requirement, canonical_label(seller))
    sent = market.answers.get(("UnavailabilityNotice", key))
    if sent is None or not market.unavailability.get(key):
        msg = f"the {seller} reported no unavailability on {requirement!r} that the NMF took"
        raise LookupError(msg)
    recorded = market.unavailability[key][-1]
    late = parse_instant(sent["receivedAt"]) - parse_instant(sent["detectedAt"]) > PROMPT_NOTICE
    if promptness not in {"prompt", "not prompt"} or (promptness == "prompt") == late:
        msg = f"the scenario calls a notice {promptness!r} that the rules call {'not prompt' if late else 'prompt'}"
        raise ValueError(msg)
    expect_equal(
        recorded["prompt"],
        promptness == "prompt",
        rule="BMR-17",
        message="unavailability",
        field="/prompt",
        detail=f"detected at {sent['detectedAt']}, received at {sent['receivedAt']}: "
        f"prompt when received within {PROMPT_NOTICE} of detection",
    )
    for field in _AS_SENT:
        expect_equal(
            recorded[field],
            sent[field],
            rule="BMR-17",
            message="unavailability",
            field=f"/{field}",
            detail=f"the {seller}'s notice as recorded, against what it sent and when",
        )
    expect_amount(
        recorded["availableKw"],
        sent["availableKw"],
        rule="BMR-17",
        message="unavailability",
        field="/availableKw",
        detail=f"the kW the {seller} declared still available",
    )
    told = [
        n
        for n in about(
            of_type(inbox(market, market.buyer_of(requirement)), "UnavailabilityReported"), sent["transactionId"]
        )
        if n["payload"]["unavailability"]["noticeId"] == recorded["noticeId"]
    ]
    expect_count(
        told,
        1,
        rule="BMR-17",
        message="UnavailabilityReported",
        counted=f"UnavailabilityReported of the {seller}'s notice to the DSO",
    )
    expect_fields(
        told[0]["payload"]["unavailability"],
        recorded,
        rule="BMR-17",
        message="UnavailabilityReported",
        prefix="/payload/unavailability",
        detail="the notice as told to the DSO, against the NMF's answer to the seller",
    )
