"""What the zone's ESO and DNO are shown (BMR-14): every event of every deal, with its kW, span and instant."""

from conformance.checks import expect_amount, expect_equal
from conformance.world.inspection import inbox, of_type
from conformance.world.market import Json, MarketWorld


def visibility_notices(market: MarketWorld, label: str, transaction_id: str) -> list[Json]:
    """The VisibilityNotices an actor got for one transaction, in the order it was told."""
    return [
        notice
        for notice in of_type(inbox(market, label), "VisibilityNotice")
        if notice["payload"]["transactionId"] == transaction_id
    ]


def check_visibility(market: MarketWorld, label: str, requirement: str, seller: str, events: list[str]) -> None:
    """An actor was shown exactly these events of a deal, in this order, each as the harness caused it."""
    transaction = market.transaction(requirement, seller)
    caused = market.events_of(requirement, seller)
    expect_equal(
        [e["event"] for e in caused],
        events,
        rule=None,
        message="scenario",
        field="",
        detail="the events the scenario caused differ from the events it names (a scenario error)",
    )
    shown = visibility_notices(market, label, transaction["transactionId"])
    expect_equal(
        [n["payload"]["event"] for n in shown],
        events,
        rule="BMR-14",
        message="VisibilityNotice",
        field="/payload/event",
        detail=f"the events of the {seller} transaction on {requirement} shown to the {label}, in order",
    )
    for notice, event in zip(shown, caused, strict=True):
        _check_content(notice, event, transaction, f"the {event['event']} event shown to the {label}")


def _check_content(notice: Json, event: Json, transaction: Json, whose: str) -> None:
    payload = notice["payload"]
    exact = {
        "/correlationId": (notice["correlationId"], transaction["transactionId"]),
        "/createdAt": (notice["createdAt"], event["at"]),
        "/payload/zoneId": (payload["zoneId"], transaction["zoneId"]),
        "/payload/service": (payload["service"], transaction["service"]),
        "/payload/sellerId": (payload["sellerId"], transaction["sellerId"]),
        "/payload/start": (payload["start"], event["start"]),
        "/payload/end": (payload["end"], event["end"]),
    }
    for field, (actual, expected) in exact.items():
        expect_equal(actual, expected, rule="BMR-14", message="VisibilityNotice", field=field, detail=whose)
    expect_amount(
        payload["capacityKw"],
        event["capacityKw"],
        rule="BMR-14",
        message="VisibilityNotice",
        field="/payload/capacityKw",
        detail=whose,
    )
