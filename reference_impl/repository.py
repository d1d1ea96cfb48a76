"""Queries over the stored entities. No rules here: only reads and writes."""

import sqlite3

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
from reference_impl.rows import fetch_all, fetch_one, insert, update

__all__ = ["fetch_all", "fetch_one", "insert", "update"]


def clock(conn: sqlite3.Connection, clock_id: str) -> TestClock | None:
    """A test clock by id."""
    return fetch_one(conn, TestClock, "SELECT * FROM test_clocks WHERE id = ?", (clock_id,))


def actor(conn: sqlite3.Connection, actor_id: str) -> Actor | None:
    """An actor by id."""
    return fetch_one(conn, Actor, "SELECT * FROM actors WHERE id = ?", (actor_id,))


def actor_by_token_hash(conn: sqlite3.Connection, token_hash: str) -> Actor | None:
    """The actor holding a token (looked up by the token's hash)."""
    return fetch_one(conn, Actor, "SELECT * FROM actors WHERE token_hash = ?", (token_hash,))


def zone(conn: sqlite3.Connection, zone_id: str) -> Zone | None:
    """A zone by id."""
    return fetch_one(conn, Zone, "SELECT * FROM zones WHERE id = ?", (zone_id,))


def site(conn: sqlite3.Connection, mpan: str) -> Site | None:
    """A site by MPAN."""
    return fetch_one(conn, Site, "SELECT * FROM sites WHERE mpan = ?", (mpan,))


def sites_in_zone(conn: sqlite3.Connection, zone_id: str) -> list[Site]:
    """Every site of a zone, in MPAN order."""
    return fetch_all(conn, Site, "SELECT * FROM sites WHERE zone_id = ? ORDER BY mpan", (zone_id,))


def requirement(conn: sqlite3.Connection, requirement_id: str) -> Requirement | None:
    """A requirement by id."""
    return fetch_one(conn, Requirement, "SELECT * FROM requirements WHERE id = ?", (requirement_id,))


def offer(conn: sqlite3.Connection, offer_id: str) -> Offer | None:
    """An offer by id."""
    return fetch_one(conn, Offer, "SELECT * FROM offers WHERE id = ?", (offer_id,))


def transaction(conn: sqlite3.Connection, transaction_id: str) -> Transaction | None:
    """A transaction by id."""
    return fetch_one(conn, Transaction, "SELECT * FROM transactions WHERE id = ?", (transaction_id,))


def insert_transaction(conn: sqlite3.Connection, tx: Transaction) -> None:
    """Store a transaction and index its MPANs for the stacking check (BMR-10)."""
    insert(conn, "transactions", tx)
    conn.executemany(
        "INSERT INTO transaction_sites (transaction_id, mpan) VALUES (?, ?)",
        [(tx.id, s["mpan"]) for s in tx.sites],
    )


def transactions_holding(conn: sqlite3.Connection, mpan: str, clock_id: str) -> list[Transaction]:
    """Every transaction on a clock that commits a given MPAN."""
    sql = (
        "SELECT t.* FROM transactions t JOIN transaction_sites s ON s.transaction_id = t.id "
        "WHERE s.mpan = ? AND t.clock_id = ? ORDER BY t.created_at, t.id"
    )
    return fetch_all(conn, Transaction, sql, (mpan, clock_id))


def dispatch(conn: sqlite3.Connection, dispatch_id: str) -> Dispatch | None:
    """A dispatch by id."""
    return fetch_one(conn, Dispatch, "SELECT * FROM dispatches WHERE id = ?", (dispatch_id,))


def dispatches_of(conn: sqlite3.Connection, transaction_id: str) -> list[Dispatch]:
    """Every dispatch of a transaction, oldest instruction first."""
    sql = "SELECT * FROM dispatches WHERE transaction_id = ? ORDER BY start_at, instructed_at, id"
    return fetch_all(conn, Dispatch, sql, (transaction_id,))


def unavailabilities_of(conn: sqlite3.Connection, transaction_id: str) -> list[Unavailability]:
    """Every unavailability notice of a transaction, in the order received."""
    sql = "SELECT * FROM unavailabilities WHERE transaction_id = ? ORDER BY received_at, rowid"
    return fetch_all(conn, Unavailability, sql, (transaction_id,))


def upsert_reading(conn: sqlite3.Connection, reading: MeterReading) -> None:
    """Store a reading; a later reading of the same period replaces the earlier one (BMR-18)."""
    conn.execute(
        "DELETE FROM meter_readings WHERE mpan = ? AND period_start = ?",
        (reading.mpan, format_instant(reading.period_start)),
    )
    insert(conn, "meter_readings", reading)


def readings_of(conn: sqlite3.Connection, mpan: str) -> dict[str, MeterReading]:
    """The latest reading of each period of an MPAN, keyed by period start text."""
    rows = fetch_all(conn, MeterReading, "SELECT * FROM meter_readings WHERE mpan = ?", (mpan,))
    return {format_instant(r.period_start): r for r in rows}
