"""Buying flexibility: requirements, offers, acceptance, arming and unwinding, as the actors send them."""

from dataclasses import replace
from decimal import Decimal
from itertools import groupby

from conformance.exchange import Exchange, expect_success
from conformance.world.labelled import site_mpan
from conformance.world.labels import buyer_for, canonical_label
from conformance.world.market import Json, MarketWorld, OfferRecord
from conformance.world.periods import period_starts


def requirement_payload(market: MarketWorld, service: str, row: Json) -> Json:
    """A FlexibilityRequirement payload from a scenario table row."""
    return {
        "zoneId": market.zones[row["zone"]]["zoneId"],
        "criticalAsset": row["critical asset"],
        "service": service,
        "window": {"start": row["start"], "end": row["end"]},
        "capacityKw": row["kW"],
        "armingDeadline": row["arming deadline"],
        "priceCeiling": {
            "utilisationGbpPerMwh": row["utilisation ceiling"],
            "availabilityGbpPerMwPerH": row["availability ceiling"],
        },
    }


def post_requirement(
    market: MarketWorld, service: str, row: Json, *, validate: bool = True, as_actor: str = "DSO"
) -> Exchange:
    """An actor (the DSO, if the rules hold) posts a requirement; kept under its label when the NMF takes it."""
    payload = requirement_payload(market, service, row)
    exchange = market.nmf.send(market.actor(as_actor), "FlexibilityRequirement", payload, validate_request=validate)
    if exchange.status == 201:
        market.requirements[row["requirement"]] = exchange.response_body
        market.sent[("FlexibilityRequirement", row["requirement"], "")] = {**payload, "at": market.now}
    return exchange


def offer_payload(market: MarketWorld, requirement: str, rows: list[Json]) -> Json:
    """A FlexibilityOffer payload: one site per row, a flat baseline over the requirement's window.

    A row with a `baseline periods` cell (comma-separated) declares exactly those periods instead; `none`, none.
    """
    window = market.requirement(requirement)["window"]
    sites = [
        {
            "mpan": site_mpan(market, row["site"]),
            "capacityKw": row["kW"],
            "baseline": [
                {
                    "periodStart": start,
                    "importKw": row["baseline import kW"],
                    "exportKw": row["baseline export kW"],
                }
                for start in _baseline_periods(row, window)
            ],
        }
        for row in rows
    ]
    return {
        "requirementId": market.requirement(requirement)["requirementId"],
        "sites": sites,
        "utilisationGbpPerMwh": rows[0]["utilisation GBP/MWh"],
        "availabilityGbpPerMwPerH": rows[0]["availability GBP/MW/h"],
    }


def _baseline_periods(row: Json, window: Json) -> list[str]:
    if row.get("baseline periods") == "none":
        return []
    if row.get("baseline periods"):
        return [start.strip() for start in row["baseline periods"].split(",")]
    return list(period_starts(window["start"], window["end"]))


def make_offer(
    market: MarketWorld, requirement: str, seller: str, rows: list[Json], *, validate: bool = True
) -> Exchange:
    """A seller offers the sites of `rows` against a requirement."""
    payload = offer_payload(market, requirement, rows)
    exchange = market.nmf.send(
        market.actor(seller),
        "FlexibilityOffer",
        payload,
        correlation_id=market.requirement(requirement)["requirementId"],
        validate_request=validate,
    )
    if exchange.status == 201:
        market.sent[("FlexibilityOffer", requirement, canonical_label(seller))] = {**payload, "at": market.now}
        market.offers[(requirement, canonical_label(seller))] = OfferRecord(
            requirement=requirement,
            seller=canonical_label(seller),
            resource=exchange.response_body,
            site_kw={row["site"]: Decimal(row["kW"]) for row in rows},
        )
    return exchange


def make_offers(market: MarketWorld, requirement: str, rows: list[Json]) -> None:
    """Every seller in the table offers its rows (one offer per seller); each must be taken."""
    for seller, seller_rows in groupby(rows, key=lambda row: row["seller"]):
        expect_success(make_offer(market, requirement, seller, list(seller_rows)), 201)


def accept(market: MarketWorld, requirement: str, seller: str, *, as_actor: str | None = None) -> Exchange:
    """An actor (by default the requirement's buyer) accepts a seller's offer; the NMF's transaction is kept."""
    offer = market.offer(requirement, seller)
    exchange = market.nmf.send(
        market.actor(as_actor or market.buyer_of(requirement)),
        "OfferAcceptance",
        {"offerId": offer.resource["offerId"]},
        correlation_id=market.requirement(requirement)["requirementId"],
    )
    if exchange.status == 201:
        market.transactions[(requirement, offer.seller)] = exchange.response_body
        market.answers[("OfferAccepted", (requirement, offer.seller))] = exchange.response_body
        _record(market, requirement, offer.seller, "ACCEPTED")
    return exchange


def accept_all(market: MarketWorld, requirement: str, buyer: str) -> None:
    """The buyer accepts every offer made against a requirement."""
    for key in [key for key in market.offers if key[0] == requirement]:
        expect_success(accept(market, requirement, key[1], as_actor=buyer), 201)


def arming_payload(market: MarketWorld, requirement: str, seller: str) -> Json:
    """An ArmingInstruction payload for a seller's transaction."""
    return {"transactionId": market.transaction(requirement, seller)["transactionId"]}


def arm(
    market: MarketWorld, requirement: str, seller: str, *, as_actor: str | None = None, sender: str | None = None
) -> Exchange:
    """Arm a transaction; `as_actor` (default the buyer) holds the credential, `sender` (default the same) signs."""
    as_actor = as_actor or market.buyer_of(requirement)
    actor = market.actor(as_actor)
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    envelope = market.nmf.envelope(
        actor, "ArmingInstruction", arming_payload(market, requirement, seller), correlation_id=transaction_id
    )
    envelope["sender"] = market.actor(sender or as_actor).actor_id
    exchange = market.nmf.send_raw(actor, "/arming-instructions", envelope)
    if exchange.status == 200:
        market.transactions[(requirement, canonical_label(seller))] = exchange.response_body
        market.answers[("ArmingConfirmed", (requirement, canonical_label(seller)))] = exchange.response_body
        _record(market, requirement, seller, "ARMED")
    return exchange


def arm_without_credential(market: MarketWorld, requirement: str, seller: str) -> Exchange:
    """The DSO's arming instruction, sent with a credential the NMF never issued."""
    dso = market.actor("DSO")
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    envelope = market.nmf.envelope(
        dso, "ArmingInstruction", arming_payload(market, requirement, seller), correlation_id=transaction_id
    )
    intruder = replace(dso, token="not-a-credential")  # noqa: S106 - a deliberately wrong credential
    return market.nmf.send_raw(intruder, "/arming-instructions", envelope)


def arm_all(market: MarketWorld, requirement: str, buyer: str) -> None:
    """The buyer arms every transaction on a requirement."""
    for _, seller in market.deals_on(requirement):
        expect_success(arm(market, requirement, seller, as_actor=buyer), 200)


def unwind_payload(market: MarketWorld, requirement: str, seller: str) -> Json:
    """An UnwindRequest payload for a seller's transaction."""
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    return {"transactionId": transaction_id, "reason": "The need for the flexibility changed."}


def unwind(market: MarketWorld, requirement: str, seller: str, *, as_actor: str | None = None) -> Exchange:
    """An actor (by default the requirement's buyer) unwinds a transaction because its need has changed."""
    payload = unwind_payload(market, requirement, seller)
    exchange = market.nmf.send(
        market.actor(as_actor or market.buyer_of(requirement)),
        "UnwindRequest",
        payload,
        correlation_id=payload["transactionId"],
    )
    if exchange.status == 200:
        market.transactions[(requirement, canonical_label(seller))] = exchange.response_body
        market.answers[("TransactionUnwound", (requirement, canonical_label(seller)))] = exchange.response_body
        _record(market, requirement, seller, "UNWOUND")
    return exchange


def _record(market: MarketWorld, requirement: str, seller: str, event: str) -> None:
    """A transaction event: all the kW the seller offered, over the requirement's whole window (BMR-08, BMR-14)."""
    offered = sum(market.offer(requirement, seller).site_kw.values(), Decimal(0))
    window = market.requirement(requirement)["window"]
    market.record_event(requirement, seller, event, str(offered), window["start"], window["end"])


def hold_transaction(
    market: MarketWorld, seller: str, service: str, requirement: str, site: str, row: Json, *, armed: bool
) -> None:
    """Give a seller a transaction for one site through the whole flow, priced at the buyer's ceiling.

    The requirement is posted for the site's zone and the zone's first critical asset, by the ESO for
    STOR and by the DSO otherwise.
    """
    zone = market.site(site).zone
    requirement_row = {
        "requirement": requirement,
        "zone": zone,
        "critical asset": market.zones[zone]["criticalAssets"][0],
        "start": row["start"],
        "end": row["end"],
        "kW": row["kW"],
        "arming deadline": row["arming deadline"],
        "utilisation ceiling": row["utilisation GBP/MWh"],
        "availability ceiling": row["availability GBP/MW/h"],
    }
    expect_success(post_requirement(market, service, requirement_row, as_actor=buyer_for(service)), 201)
    expect_success(make_offer(market, requirement, seller, [{**row, "site": site}]), 201)
    expect_success(accept(market, requirement, seller), 201)
    if armed:
        expect_success(arm(market, requirement, seller), 200)
