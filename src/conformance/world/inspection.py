"""Reading back what the NMF holds and sends: transactions, verification, settlement and inboxes."""

from typing import cast

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
    """Every notice an actor has received, oldest first."""
    return market.nmf.notifications(market.actor(label))


def of_type(notices: list[Json], message_type: str) -> list[Json]:
    """The notices of one message type."""
    return [notice for notice in notices if notice["messageType"] == message_type]


def about(notices: list[Json], correlation_id: str) -> list[Json]:
    """The notices that concern one requirement or transaction."""
    return [notice for notice in notices if notice.get("correlationId") == correlation_id]
