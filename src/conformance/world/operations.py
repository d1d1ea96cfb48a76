"""Using bought flexibility: dispatch, the ESO's overrule, unavailability notices and meter data."""

from conformance.exchange import Exchange
from conformance.world.labels import canonical_label
from conformance.world.market import Json, MarketWorld
from conformance.world.periods import period_starts

OVERRULE_REASON = "Using this flexibility would deepen a system shortfall."  # the reason every overrule gives


def dispatch_payload(market: MarketWorld, requirement: str, seller: str, kw: str, start: str, end: str) -> Json:
    """A DispatchInstruction payload for part of a transaction's window."""
    return {
        "transactionId": market.transaction(requirement, seller)["transactionId"],
        "start": start,
        "end": end,
        "capacityKw": kw,
    }


def dispatch(
    market: MarketWorld,
    requirement: str,
    seller: str,
    kw: str,
    start: str,
    end: str,
    *,
    as_actor: str | None = None,
    validate: bool = True,
) -> Exchange:
    """An actor (by default the requirement's buyer) dispatches a transaction; the dispatch is kept when taken."""
    payload = dispatch_payload(market, requirement, seller, kw, start, end)
    exchange = market.nmf.send(
        market.actor(as_actor or market.buyer_of(requirement)),
        "DispatchInstruction",
        payload,
        correlation_id=payload["transactionId"],
        validate_request=validate,
    )
    market.last_sent = exchange
    if exchange.status == 201:
        market.dispatches.setdefault((requirement, canonical_label(seller)), []).append(exchange.response_body)
        market.record_event(requirement, seller, "DISPATCHED", kw, start, end)
    return exchange


def latest_dispatch(market: MarketWorld, requirement: str, seller: str) -> Json:
    """The last dispatch of a seller's transaction the NMF took."""
    dispatches = market.dispatches_of(requirement, seller)
    if not dispatches:
        msg = f"the {seller} transaction on {requirement!r} has no dispatch to overrule"
        raise LookupError(msg)
    return dispatches[-1]


def overrule_payload(market: MarketWorld, requirement: str, seller: str, *, limit_kw: str | None = None) -> Json:
    """A DispatchOverrule payload for the latest dispatch of a seller's transaction: a block, or a limit."""
    latest = latest_dispatch(market, requirement, seller)
    payload = {"dispatchId": latest["dispatchId"], "reason": OVERRULE_REASON}
    if limit_kw is not None:
        payload["limitKw"] = limit_kw
    return payload


def overrule(
    market: MarketWorld, actor: str, requirement: str, seller: str, *, limit_kw: str | None = None
) -> Exchange:
    """An actor (the zone's other system operator, if the rules hold) blocks, or limits to `limit_kw`, a
    transaction's latest dispatch."""
    latest = latest_dispatch(market, requirement, seller)
    exchange = market.nmf.send(
        market.actor(actor),
        "DispatchOverrule",
        overrule_payload(market, requirement, seller, limit_kw=limit_kw),
        correlation_id=latest["transactionId"],
    )
    if exchange.status == 200:
        market.dispatches_of(requirement, seller)[-1] = exchange.response_body
        event, kw = ("OVERRULED", latest["capacityKw"]) if limit_kw is None else ("LIMITED", limit_kw)
        market.record_event(requirement, seller, event, kw, latest["start"], latest["end"])
    return exchange


def unavailability_payload(
    market: MarketWorld, requirement: str, seller: str, detected_at: str, available_kw: str, start: str, end: str
) -> Json:
    """An UnavailabilityNotice payload for a seller's transaction."""
    return {
        "transactionId": market.transaction(requirement, seller)["transactionId"],
        "detectedAt": detected_at,
        "from": start,
        "to": end,
        "availableKw": available_kw,
        "reason": "Unplanned plant trip.",
    }


def report_unavailability(
    market: MarketWorld,
    requirement: str,
    seller: str,
    detected_at: str,
    available_kw: str,
    start: str,
    end: str,
    *,
    validate: bool = True,
    as_actor: str | None = None,
) -> Exchange:
    """The seller (or `as_actor`) tells the NMF part of the transaction's flexibility is no longer there."""
    payload = unavailability_payload(market, requirement, seller, detected_at, available_kw, start, end)
    exchange = market.nmf.send(
        market.actor(as_actor or seller),
        "UnavailabilityNotice",
        payload,
        correlation_id=payload["transactionId"],
        validate_request=validate,
    )
    if exchange.status == 201:
        market.answers[("UnavailabilityNotice", (requirement, canonical_label(seller)))] = {
            **payload,
            "receivedAt": market.now,
        }
        market.unavailability.setdefault((requirement, canonical_label(seller)), []).append(exchange.response_body)
        market.record_event(requirement, seller, "UNAVAILABLE", available_kw, start, end)
    return exchange


def submit_readings(
    market: MarketWorld, actor: str, site: str, readings: list[Json], *, validate: bool = True
) -> Exchange:
    """Half-hourly readings of one site's meter, sent by `actor` (the DCC, if the rules hold)."""
    return submit_mpan_readings(market, actor, market.site(site).mpan, readings, validate=validate)


def submit_mpan_readings(
    market: MarketWorld, actor: str, mpan: str, readings: list[Json], *, validate: bool = True
) -> Exchange:
    """Half-hourly readings for an MPAN, whether or not a site has it."""
    return market.nmf.send(
        market.actor(actor), "MeterReadings", {"mpan": mpan, "readings": readings}, validate_request=validate
    )


def reading(row: Json) -> Json:
    """One half-hourly reading from a scenario table row."""
    return {
        "periodStart": row["period start"],
        "importKwh": row["import kWh"],
        "exportKwh": row["export kWh"],
    }


def resend_last(market: MarketWorld) -> Exchange:
    """Send the last dispatch message again, byte for byte the same envelope."""
    first = _last_dispatch(market)
    return market.nmf.send_raw(market.actor("DSO"), first.path, first.request_body)


def reuse_last_message_id(market: MarketWorld, kw: str, start: str, end: str) -> Exchange:
    """A different dispatch of the same transaction under the last dispatch message's id."""
    first = _last_dispatch(market)
    envelope = dict(first.request_body)
    envelope["payload"] = {**envelope["payload"], "capacityKw": kw, "start": start, "end": end}
    return market.nmf.send_raw(market.actor("DSO"), first.path, envelope)


def _last_dispatch(market: MarketWorld) -> Exchange:
    if market.last_sent is None:
        msg = "no dispatch message was sent in this scenario"
        raise LookupError(msg)
    return market.last_sent


def dispatch_periods(dispatch_resource: Json) -> list[str]:
    """The Settlement Periods a dispatch covers, unless the ESO overruled it."""
    if dispatch_resource.get("status") == "OVERRULED":
        return []
    return list(period_starts(dispatch_resource["start"], dispatch_resource["end"]))
