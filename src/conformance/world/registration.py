"""Setting up a scenario's market at the NMF: its test clock, actors, constraint zone and sites."""

import uuid

from conformance.exchange import Exchange, expect_success
from conformance.world.labels import REPORT_ACTOR_ROLES, canonical_label, role_of
from conformance.world.market import Json, MarketWorld, SiteRecord
from conformance.world.mpans import fresh_mpan

DEFAULT_SUPPLIER = "Electricity Supplier"
DEFAULT_BRP = "Balance Responsible Person"
DEFAULT_TRADER = "Energy Trader"


def start_clock(market: MarketWorld, now: str) -> None:
    """Give the scenario its own test clock, so it runs alone in time on a shared NMF.

    On a platform without test clocks (only scenarios that never move the clock run there) the scenario
    runs on the platform's own clock, and its instants are still laid out from `now`."""
    market.clock_id = market.nmf.create_test_clock(now) if market.nmf.test_clock else None
    market.now = now


def move_clock(market: MarketWorld, now: str) -> None:
    """Move the scenario's test clock forward."""
    if market.clock_id is None:
        msg = "the scenario has no test clock; start with 'the market clock reads ...'"
        raise LookupError(msg)
    market.nmf.advance_test_clock(market.clock_id, now)
    market.now = now


def register_report_actors(market: MarketWorld) -> None:
    """Register one actor for each market actor of the report, on the scenario's clock."""
    for label, role in REPORT_ACTOR_ROLES.items():
        market.actors[label] = market.nmf.register_actor(label, role, market.clock_id)


def register_actor(market: MarketWorld, label: str, report_actor: str) -> None:
    """Register one more actor, playing the role of a market actor of the report."""
    market.actors[label] = market.nmf.register_actor(label, role_of(report_actor), market.clock_id)


def zone_registration(market: MarketWorld, label: str, critical_assets: list[str]) -> Json:
    """The registration body of a zone on the DNO's network, operated by the DSO and watched by the ESO."""
    return {
        "name": f"{label} {market.clock_id}",
        "dnoId": market.actor("DNO").actor_id,
        "dsoId": market.actor("DSO").actor_id,
        "esoId": market.actor("ESO").actor_id,
        "criticalAssets": critical_assets,
    }


def register_zone(market: MarketWorld, label: str, critical_asset: str) -> None:
    """Register a constraint zone on the DNO's network, operated by the DSO and watched by the ESO."""
    market.zones[label] = market.nmf.register_zone(zone_registration(market, label, [critical_asset]))


def site_registration(market: MarketWorld, site: SiteRecord, zone: str, critical_asset: str, row: Json) -> Json:
    """The registration body of a site, with its actors' ids."""
    body: Json = {
        "mpan": site.mpan,
        "name": f"{site.label} {market.clock_id}",
        "zoneId": market.zones[zone]["zoneId"],
        "criticalAsset": critical_asset,
        "micKva": row.get("MIC kVA", "100"),
        "mecKva": row.get("MEC kVA", "0"),
        "ownerId": market.actor(site.owner).actor_id,
        "supplierId": market.actor(site.supplier).actor_id,
        "brpId": market.actor(site.brp).actor_id,
    }
    if site.aggregator:
        body["aggregatorId"] = market.actor(site.aggregator).actor_id
    if site.trader:
        body["traderId"] = market.actor(site.trader).actor_id
    return body


def register_sites(market: MarketWorld, zone: str, critical_asset: str, rows: list[Json]) -> None:
    """Register sites from a table (site, owner, aggregator, MIC kVA, MEC kVA, optional supplier)."""
    for row in rows:
        site = SiteRecord(
            label=row["site"],
            mpan=fresh_mpan(),
            zone=zone,
            owner=canonical_label(row["owner"]),
            aggregator=canonical_label(row["aggregator"]) if row.get("aggregator") else None,
            supplier=row.get("supplier") or DEFAULT_SUPPLIER,
            brp=row.get("BRP") or DEFAULT_BRP,
            trader=row.get("trader") or DEFAULT_TRADER,
        )
        body = site_registration(market, site, zone, critical_asset, row)
        expect_success(market.nmf.register_site(body), 201)
        market.sites[site.label] = site


def try_register_site(
    market: MarketWorld, zone: str, critical_asset: str, mpan: str, changes: Json | None = None
) -> Exchange:
    """Attempt to register a site of the Directly-Connected Storage with the given MPAN, `changes` made to its body."""
    site = SiteRecord(
        label="new site",
        mpan=mpan,
        zone=zone,
        owner="Directly-Connected Storage",
        aggregator=None,
        supplier=DEFAULT_SUPPLIER,
        brp=DEFAULT_BRP,
        trader=DEFAULT_TRADER,
    )
    body = site_registration(market, site, zone, critical_asset, {}) | (changes or {})
    return market.nmf.register_site(body, validate_request=False)


# -- set-up the NMF must refuse (docs/api.md, Administration): each attempt is judged by the next step --

NEVER_ISSUED = "an actor the NMF never issued"
ZONE_PARTIES = {"DNO": "dnoId", "DSO": "dsoId", "ESO": "esoId"}
SITE_PARTIES = {
    "owner": "ownerId",
    "aggregator": "aggregatorId",
    "supplier": "supplierId",
    "BRP": "brpId",
    "trader": "traderId",
}


def _actor_id(market: MarketWorld, actor: str) -> str:
    """A registered actor's id, or an id the NMF never issued."""
    return str(uuid.uuid4()) if actor == NEVER_ISSUED else market.actor(actor).actor_id


def _field(parties: dict[str, str], party: str) -> str:
    if party not in parties:
        msg = f"{party!r} is not one of {sorted(parties)}"
        raise ValueError(msg)
    return parties[party]


def try_register_zone(
    market: MarketWorld, critical_assets: list[str], *, party: str | None = None, actor: str = ""
) -> Exchange:
    """Attempt to register a zone; `party` (DNO, DSO or ESO) names `actor` instead of the actor of that role."""
    body = zone_registration(market, "Z9", critical_assets)
    if party is not None:
        body[_field(ZONE_PARTIES, party)] = _actor_id(market, actor)
    return market.nmf.admin(
        "POST",
        "/admin/zones",
        body,
        request_schema="zone-registration.schema.json",
        response_schema="zone.schema.json",
        validate_request=False,
    )


def try_register_party_site(market: MarketWorld, zone: str, critical_asset: str, party: str, actor: str) -> Exchange:
    """Attempt to register a site whose `party` (owner, aggregator, supplier, BRP, trader) is `actor`."""
    changes = {_field(SITE_PARTIES, party): _actor_id(market, actor)}
    return try_register_site(market, zone, critical_asset, fresh_mpan(), changes)


def try_register_site_in_unknown_zone(market: MarketWorld, zone: str, critical_asset: str) -> Exchange:
    """Attempt to register a site like one of `zone`, but naming a zone id the NMF never issued."""
    return try_register_site(market, zone, critical_asset, fresh_mpan(), {"zoneId": str(uuid.uuid4())})


def try_move_clock(market: MarketWorld, now: str, *, clock_id: str | None = None) -> Exchange:
    """Attempt to move the scenario's test clock (or a clock id the NMF never issued) to `now`."""
    target = clock_id or market.clock_id
    if target is None:
        msg = "the scenario has no test clock; start with 'the market clock reads ...'"
        raise LookupError(msg)
    return market.nmf.admin(
        "POST",
        f"/admin/test-clocks/{target}/advance",
        {"now": now},
        request_schema="test-clock-request.schema.json",
        response_schema="test-clock.schema.json",
        validate_request=False,
    )


def try_register_actor_on_unknown_clock(market: MarketWorld, report_actor: str) -> Exchange:
    """Attempt to register an actor on a test clock id the NMF never issued."""
    name = f"{report_actor} {uuid.uuid4().hex[:8]}"
    body = {"name": name, "role": role_of(report_actor), "testClockId": str(uuid.uuid4())}
    return market.nmf.admin(
        "POST",
        "/admin/actors",
        body,
        request_schema="actor-registration.schema.json",
        response_schema="actor.schema.json",
        validate_request=False,
    )
