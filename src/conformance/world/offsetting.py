"""Offsetting (UC6) as the harness plays it: schemes, transactions, the DNO's decisions, reads, leg readings."""

from typing import cast

from conformance.exchange import Exchange, expect_success
from conformance.world.labelled import act_on, create, kept, reread, site_mpan
from conformance.world.market import Json, MarketWorld
from conformance.world.operations import submit_readings

DECISION = {"approves": "APPROVED", "rejects": "REJECTED"}


def register(market: MarketWorld, actor: str, label: str, direction: str, buyer: str, seller: str) -> Exchange:
    """The owner of the buyer's site registers a scheme; kept under its label when taken."""
    payload = {"direction": direction, "buyerMpan": site_mpan(market, buyer), "sellerMpan": site_mpan(market, seller)}
    return create(
        market, actor, "OffsettingSchemeRegistration", payload, market.offsetting_schemes, label, validate=False
    )


def scheme(market: MarketWorld, label: str) -> Json:
    """A scheme the NMF took, as it last returned it."""
    return kept(market.offsetting_schemes, label, "offsetting scheme")


def decide_scheme(market: MarketWorld, label: str, decision: str, *, as_actor: str = "DNO") -> Exchange:
    """A DNO (by default the zone's) approves (or verifies again) or rejects a scheme."""
    kept_as = (market.offsetting_schemes, label, "offsetting scheme", "schemeId")
    return act_on(market, as_actor, "OffsettingSchemeDecision", kept_as, {"decision": decision, "conditions": []})


def proposal(market: MarketWorld, row: Json) -> Json:
    """An OffsettingProposal payload from a table row."""
    return {
        "schemeId": scheme(market, row["scheme"])["schemeId"],
        "window": {"start": row["start"], "end": row["end"]},
        "volumeKw": row["kW"],
        "firstLegBaselineKw": row["first baseline kW"],
        "secondLegBaselineKw": row["second baseline kW"],
        "priceGbpPerMwh": row["price GBP/MWh"],
    }


def propose(market: MarketWorld, actor: str, row: Json, *, validate: bool = True) -> Exchange:
    """A buyer proposes a transaction under a scheme; kept under its label when taken."""
    payload = proposal(market, row)
    return create(
        market, actor, "OffsettingProposal", payload, market.offsetting, row["transaction"], validate=validate
    )


def transaction(market: MarketWorld, label: str) -> Json:
    """A transaction the NMF took, as it last returned it."""
    return kept(market.offsetting, label, "offsetting transaction")


def party(market: MarketWorld, label: str, side: str) -> str:
    """The scenario label of a transaction's buyer or seller."""
    return market.label_of(transaction(market, label)[f"{side}Id"])


def _send(market: MarketWorld, actor: str, message_type: str, label: str, payload: Json) -> Exchange:
    kept_as = (market.offsetting, label, "offsetting transaction", "transactionId")
    return act_on(market, actor, message_type, kept_as, payload)


def agree(market: MarketWorld, label: str, *, as_actor: str | None = None) -> Exchange:
    """An actor (by default the transaction's seller) agrees to it."""
    return _send(market, as_actor or party(market, label, "seller"), "OffsettingAgreement", label, {})


def decide(market: MarketWorld, label: str, decision: str, conditions: list[str], *, as_actor: str = "DNO") -> Exchange:
    """A DNO (by default the zone's) decides on a transaction; the conditions are kept for the buyer's position."""
    exchange = _send(market, as_actor, "OffsettingDecision", label, {"decision": decision, "conditions": conditions})
    if exchange.status == 200:
        market.offsetting_conditions[label] = conditions
    return exchange


def unwind(
    market: MarketWorld, label: str, start: str, *, as_actor: str = "DNO", reason: str = "A circuit is out of service."
) -> Exchange:
    """A DNO (by default the zone's) unwinds an approved transaction from a Settlement Period on."""
    return _send(market, as_actor, "OffsettingRevocation", label, {"from": start, "reason": reason})


def approved(market: MarketWorld, label: str, row: Json) -> None:
    """The whole path to an approved transaction: a scheme of the same label, approved; proposed, agreed, approved."""
    buyer = market.site(row["buyer site"]).owner
    expect_success(register(market, buyer, label, row["direction"], row["buyer site"], row["seller site"]), 201)
    expect_success(decide_scheme(market, label, "APPROVED"), 200)
    expect_success(propose(market, buyer, {**row, "transaction": label, "scheme": label}), 201)
    expect_success(agree(market, label), 200)
    expect_success(decide(market, label, "APPROVED", []), 200)


def refresh(market: MarketWorld, label: str, *, as_actor: str = "DNO") -> Json:
    """The transaction as the NMF holds it now."""
    path = f"/offsetting-transactions/{transaction(market, label)['transactionId']}"
    return reread(market, market.offsetting, label, path, "offsetting-transaction.schema.json", as_actor)


def read_scheme(market: MarketWorld, scheme_id: str, as_actor: str) -> Exchange:
    """An actor asks for a scheme by its id."""
    return market.nmf.get(market.actor(as_actor), f"/offsetting-schemes/{scheme_id}", "offsetting-scheme.schema.json")


def refresh_scheme(market: MarketWorld, label: str, *, as_actor: str = "DNO") -> Json:
    """The scheme as the NMF holds it now."""
    path = f"/offsetting-schemes/{scheme(market, label)['schemeId']}"
    return reread(market, market.offsetting_schemes, label, path, "offsetting-scheme.schema.json", as_actor)


def read_settlement(market: MarketWorld, label: str, *, as_actor: str = "DNO") -> Exchange:
    """An actor asks for the settlement of a transaction."""
    path = f"/offsetting-transactions/{transaction(market, label)['transactionId']}/settlement"
    return market.nmf.get(market.actor(as_actor), path, "offsetting-settlement.schema.json")


def settlement(market: MarketWorld, label: str, *, as_actor: str = "DNO") -> Json:
    """The settlement of a transaction whose window has ended."""
    return cast("Json", expect_success(read_settlement(market, label, as_actor=as_actor), 200))


def report_first_leg(market: MarketWorld, label: str, kwh: str, period: str) -> None:
    """The DCC reads the first leg's site: `kwh` on the leg's flow, nothing on the other."""
    leg = transaction(market, label)["firstLeg"]
    site = market.site_by_mpan(leg["mpan"])
    assert site is not None, f"the first leg of {label} is on no site of this scenario"
    importing = leg["flow"] == "IMPORT"
    reading = {"periodStart": period, "importKwh": kwh if importing else "0", "exportKwh": "0" if importing else kwh}
    expect_success(submit_readings(market, "Data Communications Company", site.label, [reading]), 201)
