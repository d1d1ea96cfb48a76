"""Reading back what the NMF holds and sends: transactions, verification, settlement and inboxes."""

from decimal import Decimal
from typing import cast

from conformance.checks import expect_amount, expect_fields
from conformance.exchange import Exchange, expect_success
from conformance.world.labels import canonical_label
from conformance.world.market import Json, MarketWorld


def refresh_transaction(market: MarketWorld, requirement: str, seller: str, *, as_actor: str | None = None) -> Json:
    """The transaction as the NMF holds it now, read by the buyer (or `as_actor`)."""
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    exchange = market.nmf.get(
        market.actor(as_actor or market.buyer_of(requirement)),
        f"/transactions/{transaction_id}",
        "transaction.schema.json",
    )
    current = cast("Json", expect_success(exchange, 200))
    market.transactions[(requirement, canonical_label(seller))] = current
    return current


def verification(market: MarketWorld, requirement: str, seller: str) -> Json:
    """The NMF's delivery verification of a transaction, read by the buyer."""
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    path = f"/transactions/{transaction_id}/verification"
    buyer = market.actor(market.buyer_of(requirement))
    return cast("Json", expect_success(market.nmf.get(buyer, path, "verification.schema.json"), 200))


def settlement(market: MarketWorld, requirement: str, seller: str, *, as_actor: str | None = None) -> Exchange:
    """Ask for the settlement of a transaction (as the buyer by default); the caller judges the answer."""
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    path = f"/transactions/{transaction_id}/settlement"
    return market.nmf.get(market.actor(as_actor or market.buyer_of(requirement)), path, "settlement.schema.json")


def inbox(market: MarketWorld, label: str) -> list[Json]:
    """Every notice an actor has received, oldest first; read again only once a request may have changed it."""
    changed = _last_change(market)
    cached = market.inboxes.get(label)
    if cached is None or cached[0] != changed:
        cached = (changed, market.nmf.notifications(market.actor(label)))
        market.inboxes[label] = cached
    return cached[1]


def _last_change(market: MarketWorld) -> int:
    """The sequence number of the last request that was not a read (the NMF sends notices only on those)."""
    return next((e.sequence for e in reversed(market.nmf.log.exchanges) if e.method != "GET"), 0)


def of_type(notices: list[Json], message_type: str) -> list[Json]:
    """The notices of one message type."""
    return [notice for notice in notices if notice["messageType"] == message_type]


def about(notices: list[Json], correlation_id: str) -> list[Json]:
    """The notices that concern one requirement or transaction."""
    return [notice for notice in notices if notice.get("correlationId") == correlation_id]


def check_receipt(market: MarketWorld, site: str, readings: list[Json], receipt: Json) -> None:
    """The NMF's receipt names the site's MPAN, every period sent, and the instant they arrived (BMR-18)."""
    expected = {
        "mpan": market.site(site).mpan,
        "acceptedPeriods": [reading["periodStart"] for reading in readings],
        "receivedAt": market.now,
    }
    detail = f"the receipt for the readings of site {site}"
    expect_fields(receipt, expected, rule="BMR-18", message="meter-readings-receipt", prefix="", detail=detail)


def check_verification_totals(verified: Json) -> None:
    """The totals of a verification are the sums over its periods (delivered: over periods with readings)."""
    for field in ("instructedKwh", "deliveredKwh"):
        total = sum((Decimal(p[field]) for p in verified["periods"] if p.get(field) is not None), Decimal(0))
        expect_amount(
            verified[field],
            str(total),
            rule="BMR-19",
            message="verification",
            field=f"/{field}",
            detail="the total over the verified periods",
        )
