"""Setting up a scenario's market at the NMF: its test clock, actors, constraint zone and sites."""

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


def register_zone(market: MarketWorld, label: str, critical_asset: str) -> None:
    """Register a constraint zone on the DNO's network, operated by the DSO and watched by the ESO."""
    market.zones[label] = market.nmf.register_zone(
        {
            "name": f"{label} {market.clock_id}",
            "dnoId": market.actor("DNO").actor_id,
            "dsoId": market.actor("DSO").actor_id,
            "esoId": market.actor("ESO").actor_id,
            "criticalAssets": [critical_asset],
        }
    )


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


def try_register_site(market: MarketWorld, zone: str, critical_asset: str, mpan: str) -> Exchange:
    """Attempt to register a site of the Directly-Connected Storage with the given MPAN."""
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
    body = site_registration(market, site, zone, critical_asset, {})
    return market.nmf.register_site(body, validate_request=False)
