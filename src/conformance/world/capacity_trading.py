"""Bilateral MIC/MEC trades (UC4, UC5) as the harness plays them: proposal, agreement, decision, revocation."""

from typing import cast

from conformance.exchange import Exchange, expect_success
from conformance.world.labelled import act_on, create, kept, reread, site_mpan
from conformance.world.market import Json, MarketWorld
from conformance.world.periods import PERIOD, format_instant, parse_instant

CAPACITY_COLUMN = {"IMPORT": "MIC kVA", "EXPORT": "MEC kVA"}


def proposal(market: MarketWorld, row: Json) -> Json:
    """A CapacityTradeProposal payload from a table row (direction, seller site, buyer site, window, kVA, price)."""

    return {
        "direction": row["direction"],
        "sellerMpan": site_mpan(market, row["seller site"]),
        "buyerMpan": site_mpan(market, row["buyer site"]),
        "window": {"start": row["start"], "end": row["end"]},
        "transferKva": row["kVA"],
        "priceGbp": row["price GBP"],
    }


def propose(market: MarketWorld, seller: str, row: Json, *, validate: bool = True) -> Exchange:
    """The owner of the selling site registers a trade; the trade is kept under its label when taken."""
    payload = proposal(market, row)
    return create(
        market, seller, "CapacityTradeProposal", payload, market.capacity_trades, row["trade"], validate=validate
    )


def trade(market: MarketWorld, label: str) -> Json:
    """A trade the NMF took, as it last returned it."""
    return kept(market.capacity_trades, label, "capacity trade")


def party_label(market: MarketWorld, label: str, side: str) -> str:
    """The scenario label of a trade's seller or buyer."""
    return market.label_of(trade(market, label)[f"{side}Id"])


def _send(market: MarketWorld, actor: str, message_type: str, label: str, payload: Json) -> Exchange:
    return act_on(market, actor, message_type, (market.capacity_trades, label, "capacity trade", "tradeId"), payload)


def agree(market: MarketWorld, label: str, *, as_actor: str | None = None) -> Exchange:
    """An actor (by default the owner of the buying site) agrees."""
    actor = as_actor or party_label(market, label, "buyer")
    return _send(market, actor, "CapacityTradeAgreement", label, {})


def decide(
    market: MarketWorld,
    label: str,
    decision: str,
    conditions: list[str],
    limit: str | None = None,
    *,
    as_actor: str = "DNO",
) -> Exchange:
    """An actor (the DNO, if the rules hold) decides; the conditions it attaches are remembered for the positions."""
    payload: Json = {"decision": decision, "conditions": conditions}
    if limit is not None:
        payload["limitKva"] = limit
    exchange = _send(market, as_actor, "CapacityTradeDecision", label, payload)
    if exchange.status == 200:
        market.capacity_conditions[label] = conditions
    return exchange


def revoke(
    market: MarketWorld,
    label: str,
    start: str,
    *,
    as_actor: str = "DNO",
    reason: str = "A circuit in the zone is out of service.",
) -> Exchange:
    """An actor (the DNO, if the rules hold) revokes an approved trade from a Settlement Period on."""
    payload = {"from": start, "reason": reason}
    return _send(market, as_actor, "CapacityTradeRevocation", label, payload)


def refresh(market: MarketWorld, label: str, *, as_actor: str = "DNO") -> Json:
    """The trade as the NMF holds it now."""
    path = f"/capacity-trades/{trade(market, label)['tradeId']}"
    return reread(market, market.capacity_trades, label, path, "capacity-trade.schema.json", as_actor)


def read_site_capacity(market: MarketWorld, site: str, start: str, end: str, *, as_actor: str = "DNO") -> Exchange:
    """Ask for the effective capacity of a site (a label, or an MPAN as given) per Settlement Period of [start, end)."""
    path = f"/sites/{site_mpan(market, site)}/capacity?start={start}&end={end}"
    return market.nmf.get(market.actor(as_actor), path, "site-capacity.schema.json")


def site_capacity(market: MarketWorld, site: str, start: str, end: str, *, as_actor: str = "DNO") -> Json:
    """The effective capacity of a site per Settlement Period of [start, end)."""
    return cast("Json", expect_success(read_site_capacity(market, site, start, end, as_actor=as_actor), 200))


def next_period(start: str) -> str:
    """The start of the Settlement Period after the one starting at `start`."""
    return format_instant(parse_instant(start) + PERIOD)
