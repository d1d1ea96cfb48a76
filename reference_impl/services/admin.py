"""Administration: test clocks, actors, zones and sites (plain JSON bodies, admin token)."""

import uuid
from typing import Any

from reference_impl import repository, resources
from reference_impl.auth import hash_token, new_token
from reference_impl.db import Conn
from reference_impl.entities import Actor, Site, TestClock, Zone
from reference_impl.mpan import mpan_error
from reference_impl.params import ALL_ROLES, PROVIDER_ROLES
from reference_impl.problems import conflict, invalid, not_found
from reference_impl.services import fields as f
from reference_impl.services import offsetting_monitor


def create_clock(conn: Conn, body: dict[str, Any]) -> dict[str, Any]:
    """POST /admin/test-clocks."""
    clock = TestClock(id=str(uuid.uuid4()), now=f.instant(body, "now"))
    repository.insert(conn, "test_clocks", clock)
    return resources.test_clock(clock)


def advance_clock(conn: Conn, clock_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST /admin/test-clocks/{id}/advance: clocks only move forward."""
    clock = repository.clock(conn, clock_id, lock=True)
    if clock is None:
        raise not_found(f"no test clock {clock_id}")
    target = f.instant(body, "now")
    if target < clock.now:
        raise conflict("a test clock never moves backwards", pointer="/now")
    clock.now = target
    repository.update(conn, "test_clocks", "id", clock)
    offsetting_monitor.on_clock(conn, clock_id, target)
    return resources.test_clock(clock)


def create_actor(conn: Conn, body: dict[str, Any]) -> dict[str, Any]:
    """POST /admin/actors: the token is returned once and stored only as a hash."""
    name = f.text(body, "name")
    role = f.one_of(body, "role", ALL_ROLES)
    clock_id = f.optional_text(body, "testClockId")
    if clock_id is not None and repository.clock(conn, clock_id) is None:
        raise invalid("no such test clock", pointer="/testClockId")
    token = new_token()
    entity = Actor(id=str(uuid.uuid4()), name=name, role=role, test_clock_id=clock_id, token_hash=hash_token(token))
    repository.insert(conn, "actors", entity)
    return resources.actor(entity, token)


def _actor_with_role(conn: Conn, actor_id: str | None, roles: frozenset[str], pointer: str) -> None:
    if actor_id is None:
        return
    found = repository.actor(conn, actor_id)
    if found is None:
        raise invalid("no such actor", pointer=pointer)
    if found.role not in roles:
        raise invalid(f"the actor's role must be one of {', '.join(sorted(roles))}", pointer=pointer)


def create_zone(conn: Conn, body: dict[str, Any]) -> dict[str, Any]:
    """POST /admin/zones."""
    assets = f.items(body, "criticalAssets")
    for index, asset in enumerate(assets):
        if not isinstance(asset, str) or not asset.strip():
            raise invalid("must be a non-empty string", pointer=f"/criticalAssets/{index}")
    if len(set(assets)) != len(assets):
        raise invalid("critical assets must be unique", pointer="/criticalAssets")
    entity = Zone(
        id=str(uuid.uuid4()),
        name=f.text(body, "name"),
        dno_id=f.text(body, "dnoId"),
        dso_id=f.text(body, "dsoId"),
        eso_id=f.text(body, "esoId"),
        critical_assets=list(assets),
    )
    _actor_with_role(conn, entity.dno_id, frozenset({"DNO"}), "/dnoId")
    _actor_with_role(conn, entity.dso_id, frozenset({"DSO"}), "/dsoId")
    _actor_with_role(conn, entity.eso_id, frozenset({"ESO"}), "/esoId")
    repository.insert(conn, "zones", entity)
    return resources.zone(entity)


def create_site(conn: Conn, body: dict[str, Any]) -> dict[str, Any]:
    """POST /admin/sites: a valid, unregistered MPAN (BMR-02) in a zone, with its parties."""
    mpan = f.text(body, "mpan")
    problem = mpan_error(mpan)
    if problem is not None:
        raise invalid(problem, pointer="/mpan", rule="BMR-02")
    entity = Site(
        mpan=mpan,
        name=f.text(body, "name"),
        zone_id=f.text(body, "zoneId"),
        critical_asset=f.text(body, "criticalAsset"),
        mic_kva=f.quantity(body, "micKva"),
        mec_kva=f.quantity(body, "mecKva"),
        owner_id=f.text(body, "ownerId"),
        aggregator_id=f.optional_text(body, "aggregatorId"),
        supplier_id=f.text(body, "supplierId"),
        brp_id=f.text(body, "brpId"),
        trader_id=f.optional_text(body, "traderId"),
    )
    zone = repository.zone(conn, entity.zone_id)
    if zone is None:
        raise invalid("no such zone", pointer="/zoneId")
    if entity.critical_asset not in zone.critical_assets:
        raise invalid("not one of the zone's critical assets", pointer="/criticalAsset")
    _actor_with_role(conn, entity.owner_id, PROVIDER_ROLES, "/ownerId")
    _actor_with_role(conn, entity.aggregator_id, frozenset({"AGGREGATOR"}), "/aggregatorId")
    _actor_with_role(conn, entity.supplier_id, frozenset({"SUPPLIER"}), "/supplierId")
    _actor_with_role(conn, entity.brp_id, frozenset({"BRP"}), "/brpId")
    _actor_with_role(conn, entity.trader_id, frozenset({"TRADER"}), "/traderId")
    if repository.site(conn, mpan) is not None:
        raise conflict("this MPAN is already registered", rule="BMR-02", pointer="/mpan")
    repository.insert(conn, "sites", entity)
    return resources.site(entity)
