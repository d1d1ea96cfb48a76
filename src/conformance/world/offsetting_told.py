"""What the NMF must tell whom about offsetting (BMR-51), and when (BMR-49, BMR-50), checked from each inbox."""

from datetime import datetime, timedelta

from conformance.checks import expect_equal
from conformance.failures import ConformanceFailure
from conformance.world.inspection import about, inbox, of_type
from conformance.world.market import Json, MarketWorld
from conformance.world.notices import recipients_of
from conformance.world.offsetting import refresh, scheme, transaction

FAILSAFE_REACTION = timedelta(minutes=5)


def notices(market: MarketWorld, correlation_id: str, actor: str) -> list[Json]:
    """The OffsettingNotices an actor got about one scheme or transaction, oldest first."""
    return about(of_type(inbox(market, actor), "OffsettingNotice"), correlation_id)


def told(market: MarketWorld, label: str) -> dict[str, str]:
    """Everyone told of a transaction (BMR-51), by label: its role in the transaction."""
    current = transaction(market, label)
    who = {market.label_of(current["buyerId"]): "buyer", market.label_of(current["sellerId"]): "seller", "DNO": "DNO"}
    for leg in ("firstLeg", "secondLeg"):
        site = market.site_by_mpan(current[leg]["mpan"])
        if site is not None:
            for label_of_holder in recipients_of(site).values():
                who.setdefault(label_of_holder, "exposed")
    return who


def check_told(market: MarketWorld, correlation_id: str, what: str, actor: str, events: list[str]) -> list[Json]:
    """An actor was told exactly these events of a scheme or transaction (`what` names it), in order."""
    found = notices(market, correlation_id, actor)
    expect_equal(
        [n["payload"]["event"] for n in found],
        events,
        rule="BMR-51",
        message="OffsettingNotice",
        field="/payload/event",
        detail=f"the events of {what} told to the {actor}",
    )
    return found


def check_events(market: MarketWorld, label: str, actor: str, events: list[str]) -> list[Json]:
    """An actor was told exactly these events of a transaction, in order."""
    tx_id = transaction(market, label)["transactionId"]
    return check_told(market, tx_id, f"offsetting transaction {label}", actor, events)


def check_scheme_told(market: MarketWorld, label: str, side: str, events: list[str]) -> None:
    """The scheme's buyer or seller was told exactly these events of it, in order (BMR-45, BMR-46)."""
    current = scheme(market, label)
    check_told(market, current["schemeId"], f"offsetting scheme {label}", market.label_of(current[f"{side}Id"]), events)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def check_timing(notice: Json, label: str, actor: str) -> None:
    """A release reaches the actor no later than the second leg may rise (BMR-49); a trip within the reaction time."""
    payload = notice["payload"]
    event, told_at = payload["event"], _instant(notice["createdAt"])
    if event == "SECOND_LEG_RELEASED":
        start = payload["transaction"]["secondLeg"]["start"]
        if start is None or told_at > _instant(start):
            raise ConformanceFailure(
                rule="BMR-49",
                message="OffsettingNotice",
                field="/payload/transaction/secondLeg/start",
                detail=f"the release of the second leg of {label} told to the {actor} after it may rise, or with none",
                expected=f"a start at or after {notice['createdAt']}",
                actual=start,
            )
    if event == "FAILSAFE_TRIPPED":
        tripped = payload["transaction"]["failSafe"]["trippedAt"]
        if tripped is None or told_at > _instant(tripped) + FAILSAFE_REACTION:
            raise ConformanceFailure(
                rule="BMR-50",
                message="OffsettingNotice",
                field="/createdAt",
                detail=f"the trip of {label} told to the {actor} later than the reaction time after it tripped",
                expected=f"at most {FAILSAFE_REACTION} after {tripped}",
                actual=notice["createdAt"],
            )


def check_everyone_told(market: MarketWorld, label: str, events: list[str]) -> None:
    """Both parties, the DNO and the supplier, BRP and trader of both sites heard these events (the seller
    its proposal first), each notice carrying the transaction as it was then and arriving in time."""
    refresh(market, label)
    for actor, role in told(market, label).items():
        expected = ["PROPOSED", *events] if role == "seller" else events
        for notice in check_events(market, label, actor, expected):
            check_timing(notice, label, actor)
