"""SQLite storage: one connection, one lock, the schema, and one transaction per request.

Decimals and instants are stored as TEXT so nothing passes through binary floating point.
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_DDL = """
CREATE TABLE IF NOT EXISTS test_clocks (id TEXT PRIMARY KEY, now TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS actors (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
  test_clock_id TEXT REFERENCES test_clocks(id), token_hash TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS zones (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, dno_id TEXT NOT NULL, dso_id TEXT NOT NULL,
  eso_id TEXT NOT NULL, critical_assets TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sites (
  mpan TEXT PRIMARY KEY, name TEXT NOT NULL, zone_id TEXT NOT NULL REFERENCES zones(id),
  critical_asset TEXT NOT NULL, mic_kva TEXT NOT NULL, mec_kva TEXT NOT NULL,
  owner_id TEXT NOT NULL, aggregator_id TEXT, supplier_id TEXT NOT NULL, brp_id TEXT NOT NULL,
  trader_id TEXT);
CREATE INDEX IF NOT EXISTS sites_zone ON sites(zone_id);
CREATE TABLE IF NOT EXISTS requirements (
  id TEXT PRIMARY KEY, buyer_id TEXT NOT NULL, clock_id TEXT NOT NULL, zone_id TEXT NOT NULL,
  critical_asset TEXT NOT NULL, service TEXT NOT NULL, window_start TEXT NOT NULL,
  window_end TEXT NOT NULL, capacity_kw TEXT NOT NULL, accepted_kw TEXT NOT NULL,
  arming_deadline TEXT NOT NULL, utilisation_ceiling TEXT NOT NULL,
  availability_ceiling TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offers (
  id TEXT PRIMARY KEY, requirement_id TEXT NOT NULL REFERENCES requirements(id),
  seller_id TEXT NOT NULL, sites TEXT NOT NULL, offered_kw TEXT NOT NULL,
  utilisation_price TEXT NOT NULL, availability_price TEXT NOT NULL, status TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
  id TEXT PRIMARY KEY, requirement_id TEXT NOT NULL, offer_id TEXT NOT NULL UNIQUE,
  buyer_id TEXT NOT NULL, seller_id TEXT NOT NULL, clock_id TEXT NOT NULL, service TEXT NOT NULL,
  zone_id TEXT NOT NULL, window_start TEXT NOT NULL, window_end TEXT NOT NULL,
  accepted_kw TEXT NOT NULL, sites TEXT NOT NULL, utilisation_price TEXT NOT NULL,
  availability_price TEXT NOT NULL, arming_deadline TEXT NOT NULL, status TEXT NOT NULL,
  armed_at TEXT, unwound_periods TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transaction_sites (
  transaction_id TEXT NOT NULL REFERENCES transactions(id), mpan TEXT NOT NULL,
  PRIMARY KEY (transaction_id, mpan));
CREATE INDEX IF NOT EXISTS transaction_sites_mpan ON transaction_sites(mpan);
CREATE TABLE IF NOT EXISTS dispatches (
  id TEXT PRIMARY KEY, transaction_id TEXT NOT NULL REFERENCES transactions(id),
  start_at TEXT NOT NULL, end_at TEXT NOT NULL, capacity_kw TEXT NOT NULL,
  instructed_at TEXT NOT NULL, status TEXT NOT NULL, overruled_at TEXT, overrule_reason TEXT);
CREATE TABLE IF NOT EXISTS unavailabilities (
  id TEXT PRIMARY KEY, transaction_id TEXT NOT NULL REFERENCES transactions(id),
  detected_at TEXT NOT NULL, received_at TEXT NOT NULL, from_at TEXT NOT NULL,
  to_at TEXT NOT NULL, available_kw TEXT NOT NULL, reason TEXT NOT NULL, prompt INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meter_readings (
  mpan TEXT NOT NULL, period_start TEXT NOT NULL, import_kwh TEXT NOT NULL,
  export_kwh TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (mpan, period_start));
CREATE TABLE IF NOT EXISTS messages (
  sender_id TEXT NOT NULL, message_id TEXT NOT NULL, body_hash TEXT NOT NULL,
  status INTEGER NOT NULL, response TEXT NOT NULL, PRIMARY KEY (sender_id, message_id));
CREATE TABLE IF NOT EXISTS notifications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, recipient_id TEXT NOT NULL, envelope TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS notifications_recipient ON notifications(recipient_id, seq);
"""


class Database:
    """The NMF's store. Every request runs inside `transaction()`, which commits on success."""

    def __init__(self, path: str) -> None:
        self._lock = threading.RLock()
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so a request is one transaction.
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.executescript(_DDL)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Serialise access and commit everything done inside, or nothing on an exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (used by tests that restart the NMF on the same file)."""
        with self._lock:
            self._conn.close()


@contextmanager
def savepoint(conn: sqlite3.Connection, name: str = "rule_checks") -> Iterator[None]:
    """Undo the work inside on an exception, keeping the enclosing transaction open."""
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        conn.execute(f"ROLLBACK TO {name}")
        conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")
