"""Queries over the stored entities. No rules here: only reads and writes.

`lock=True` marks a read that a rule checks before it writes: the row stays locked against other
writers until the transaction ends (one winner per race across worker processes).
"""

from reference_impl.db import Conn
from reference_impl.entities import (
    Actor,
    Dispatch,
    MeterReading,
    Offer,
    Requirement,
    Site,
    TestClock,
    Transaction,
    Unavailability,
    Zone,
)
from reference_impl.instants import format_instant
from reference_impl.rows import fetch_all, fetch_one, insert, to_columns, update

__all__ = ["fetch_all", "fetch_one", "insert", "update"]


def _by_id(conn: Conn, table: str, *, lock: bool) -> str:
    suffix = conn.for_update if lock else ""
    return f"SELECT * FROM {table} WHERE id = ?{suffix}"  # noqa: S608 - table names and suffix are ours


def clock(conn: Conn, clock_id: str, *, lock: bool = False) -> TestClock | None:
    """A test clock by id."""
    return fetch_one(conn, TestClock, _by_id(conn, "test_clocks", lock=lock), (clock_id,))


def actor(conn: Conn, actor_id: str) -> Actor | None:
    """An actor by id."""
    return fetch_one(conn, Actor, "SELECT * FROM actors WHERE id = ?", (actor_id,))


def actor_by_token_hash(conn: Conn, token_hash: str) -> Actor | None:
    """The actor holding a token (looked up by the token's hash)."""
    return fetch_one(conn, Actor, "SELECT * FROM actors WHERE token_hash = ?", (token_hash,))


def zone(conn: Conn, zone_id: str) -> Zone | None:
    """A zone by id."""
    return fetch_one(conn, Zone, "SELECT * FROM zones WHERE id = ?", (zone_id,))


def site(conn: Conn, mpan: str) -> Site | None:
    """A site by MPAN."""
    return fetch_one(conn, Site, "SELECT * FROM sites WHERE mpan = ?", (mpan,))


def sites_in_zone(conn: Conn, zone_id: str) -> list[Site]:
    """Every site of a zone, in MPAN order."""
    return fetch_all(conn, Site, "SELECT * FROM sites WHERE zone_id = ? ORDER BY mpan", (zone_id,))


def requirement(conn: Conn, requirement_id: str, *, lock: bool = False) -> Requirement | None:
    """A requirement by id."""
    return fetch_one(conn, Requirement, _by_id(conn, "requirements", lock=lock), (requirement_id,))


def offer(conn: Conn, offer_id: str, *, lock: bool = False) -> Offer | None:
    """An offer by id."""
    return fetch_one(conn, Offer, _by_id(conn, "offers", lock=lock), (offer_id,))


def transaction(conn: Conn, transaction_id: str, *, lock: bool = False) -> Transaction | None:
    """A transaction by id."""
    return fetch_one(conn, Transaction, _by_id(conn, "transactions", lock=lock), (transaction_id,))


def insert_transaction(conn: Conn, tx: Transaction) -> None:
    """Store a transaction and index its MPANs for the stacking check (BMR-10)."""
    insert(conn, "transactions", tx)
    conn.executemany(
        "INSERT INTO transaction_sites (transaction_id, mpan) VALUES (?, ?)",
        [(tx.id, s["mpan"]) for s in tx.sites],
    )


def lock_sites(conn: Conn, mpans: list[str]) -> None:
    """Hold the rows of these sites (in MPAN order, so two lockers never wait on each other in a cycle)."""
    for mpan in sorted(set(mpans)):
        conn.one(f"SELECT mpan FROM sites WHERE mpan = ?{conn.for_update}", (mpan,))  # noqa: S608 - a constant


def transactions_holding(conn: Conn, mpan: str, clock_id: str) -> list[Transaction]:
    """Every transaction on a clock that commits a given MPAN."""
    sql = (
        "SELECT t.* FROM transactions t JOIN transaction_sites s ON s.transaction_id = t.id "
        "WHERE s.mpan = ? AND t.clock_id = ? ORDER BY t.created_at, t.id"
    )
    return fetch_all(conn, Transaction, sql, (mpan, clock_id))


def dispatch(conn: Conn, dispatch_id: str, *, lock: bool = False) -> Dispatch | None:
    """A dispatch by id."""
    return fetch_one(conn, Dispatch, _by_id(conn, "dispatches", lock=lock), (dispatch_id,))


def dispatches_of(conn: Conn, transaction_id: str) -> list[Dispatch]:
    """Every dispatch of a transaction, oldest instruction first."""
    sql = "SELECT * FROM dispatches WHERE transaction_id = ? ORDER BY start_at, instructed_at, id"
    return fetch_all(conn, Dispatch, sql, (transaction_id,))


def unavailabilities_of(conn: Conn, transaction_id: str) -> list[Unavailability]:
    """Every unavailability notice of a transaction, in the order received."""
    sql = "SELECT * FROM unavailabilities WHERE transaction_id = ? ORDER BY received_at, seq"
    return fetch_all(conn, Unavailability, sql, (transaction_id,))


def upsert_reading(conn: Conn, reading: MeterReading) -> None:
    """Store a reading; a later reading of the same period replaces the earlier one's values (BMR-18),
    and the period keeps the time its first reading arrived (a correction is never late data, BMR-50)."""
    conn.execute(
        "INSERT INTO meter_readings (mpan, period_start, import_kwh, export_kwh, received_at) "
        "VALUES (:mpan, :period_start, :import_kwh, :export_kwh, :received_at) "
        "ON CONFLICT (mpan, period_start) DO UPDATE SET import_kwh = excluded.import_kwh, "
        "export_kwh = excluded.export_kwh",
        to_columns(reading),
    )


def readings_of(conn: Conn, mpan: str) -> dict[str, MeterReading]:
    """The latest reading of each period of an MPAN, keyed by period start text."""
    rows = fetch_all(conn, MeterReading, "SELECT * FROM meter_readings WHERE mpan = ?", (mpan,))
    return {format_instant(r.period_start): r for r in rows}
