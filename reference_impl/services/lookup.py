"""Loading what a message refers to, with the 404/403/409 answers shared by every service."""

from reference_impl import repository
from reference_impl.clock import require_same_clock
from reference_impl.db import Conn
from reference_impl.entities import Actor, Requirement, Site, Transaction, Zone
from reference_impl.mpan import mpan_error
from reference_impl.problems import forbidden, invalid, not_found
from reference_impl.services.context import Context


def zone(conn: Conn, zone_id: str, pointer: str = "/payload/zoneId") -> Zone:
    """A zone, or 404."""
    found = repository.zone(conn, zone_id)
    if found is None:
        raise not_found(f"no zone {zone_id}", pointer=pointer)
    return found


def requirement(
    conn: Conn, requirement_id: str, pointer: str = "/payload/requirementId", *, lock: bool = False
) -> Requirement:
    """A requirement, or 404; `lock`: held until the transaction ends (see repository)."""
    found = repository.requirement(conn, requirement_id, lock=lock)
    if found is None:
        raise not_found(f"no requirement {requirement_id}", pointer=pointer)
    return found


def transaction(
    conn: Conn, transaction_id: str, pointer: str = "/payload/transactionId", *, lock: bool = False
) -> Transaction:
    """A transaction, or 404; `lock`: held until the transaction ends (see repository)."""
    found = repository.transaction(conn, transaction_id, lock=lock)
    if found is None:
        raise not_found(f"no transaction {transaction_id}", pointer=pointer)
    return found


def buyers_transaction(ctx: Context, transaction_id: str, rule: str) -> Transaction:
    """A transaction the acting actor bought (403 under `rule` otherwise), on its clock (409), locked."""
    tx = transaction(ctx.conn, transaction_id, lock=True)
    if tx.buyer_id != ctx.actor.id:
        raise forbidden("only the transaction's buyer may do this", rule=rule)
    require_same_clock(ctx.clock, tx.clock_id, "the transaction")
    return tx


def visible_transaction(conn: Conn, actor: Actor, transaction_id: str) -> Transaction:
    """A transaction for a read: only its buyer and seller see it (404 for everyone else)."""
    found = repository.transaction(conn, transaction_id)
    if found is None or actor.id not in (found.buyer_id, found.seller_id):
        raise not_found(f"no transaction {transaction_id}")
    return found


def sellers_for(conn: Conn, zone_id: str) -> list[str]:
    """Who may sell each site of a zone: its aggregator, else its owner (BMR-07)."""
    return list(dict.fromkeys(s.aggregator_id or s.owner_id for s in repository.sites_in_zone(conn, zone_id)))


def can_see_requirement(conn: Conn, actor: Actor, req: Requirement) -> bool:
    """The buyer, and the owners and aggregators of sites in the zone."""
    if actor.id == req.buyer_id:
        return True
    sites = repository.sites_in_zone(conn, req.zone_id)
    return any(actor.id in (s.owner_id, s.aggregator_id) for s in sites)


def affected(conn: Conn, first: list[str], mpans: list[str]) -> list[str]:
    """`first`, then the supplier, BRP and trader (if any) of each MPAN: who hears of a P2P transaction."""
    recipients = list(first)
    for mpan in mpans:
        site = repository.site(conn, mpan)
        if site is not None:
            recipients += [site.supplier_id, site.brp_id] + ([site.trader_id] if site.trader_id else [])
    return recipients


def site(conn: Conn, mpan: str, pointer: str) -> Site:
    """A registered site named in a message, or 422 BMR-02."""
    problem = mpan_error(mpan)
    if problem is not None:
        raise invalid(problem, pointer=pointer, rule="BMR-02")
    found = repository.site(conn, mpan)
    if found is None:
        raise invalid("no site is registered with this MPAN", pointer=pointer, rule="BMR-02")
    return found
