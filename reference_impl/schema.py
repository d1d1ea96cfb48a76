"""The NMF's tables, written once for SQLite and PostgreSQL.

Decimals and instants are stored as TEXT so nothing passes through binary floating point. The only
dialect difference is `{serial}`: an ever-increasing integer key (the order notices were queued in,
the order unavailability notices were received in).
"""

SQLITE_SERIAL = "INTEGER PRIMARY KEY AUTOINCREMENT"
POSTGRES_SERIAL = "BIGSERIAL PRIMARY KEY"

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
  seq {serial}, id TEXT NOT NULL UNIQUE, transaction_id TEXT NOT NULL REFERENCES transactions(id),
  detected_at TEXT NOT NULL, received_at TEXT NOT NULL, from_at TEXT NOT NULL,
  to_at TEXT NOT NULL, available_kw TEXT NOT NULL, reason TEXT NOT NULL, prompt INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meter_readings (
  mpan TEXT NOT NULL, period_start TEXT NOT NULL, import_kwh TEXT NOT NULL,
  export_kwh TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (mpan, period_start));
CREATE TABLE IF NOT EXISTS capacity_trades (
  id TEXT PRIMARY KEY, clock_id TEXT NOT NULL, direction TEXT NOT NULL, seller_mpan TEXT NOT NULL,
  buyer_mpan TEXT NOT NULL, zone_id TEXT NOT NULL, seller_id TEXT NOT NULL, buyer_id TEXT NOT NULL,
  window_start TEXT NOT NULL, window_end TEXT NOT NULL, transfer_kva TEXT NOT NULL,
  price_gbp TEXT NOT NULL, status TEXT NOT NULL, decision_deadline TEXT NOT NULL,
  seller_recent_peak_kw TEXT, decision TEXT, approved_kva TEXT, revoked_from TEXT,
  created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS capacity_trades_seller ON capacity_trades(seller_mpan);
CREATE INDEX IF NOT EXISTS capacity_trades_buyer ON capacity_trades(buyer_mpan);
CREATE TABLE IF NOT EXISTS capacity_breaches (
  mpan TEXT NOT NULL, period_start TEXT NOT NULL, capacity_type TEXT NOT NULL,
  PRIMARY KEY (mpan, period_start, capacity_type));
CREATE TABLE IF NOT EXISTS offsetting_schemes (
  id TEXT PRIMARY KEY, clock_id TEXT NOT NULL, zone_id TEXT NOT NULL, direction TEXT NOT NULL,
  buyer_mpan TEXT NOT NULL, seller_mpan TEXT NOT NULL, buyer_id TEXT NOT NULL, seller_id TEXT NOT NULL,
  status TEXT NOT NULL, decision TEXT, verified_at TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offsetting_transactions (
  id TEXT PRIMARY KEY, clock_id TEXT NOT NULL, scheme_id TEXT NOT NULL REFERENCES offsetting_schemes(id),
  zone_id TEXT NOT NULL, direction TEXT NOT NULL, buyer_mpan TEXT NOT NULL, seller_mpan TEXT NOT NULL,
  buyer_id TEXT NOT NULL, seller_id TEXT NOT NULL, window_start TEXT NOT NULL, window_end TEXT NOT NULL,
  volume_kw TEXT NOT NULL, first_baseline_kw TEXT NOT NULL, second_baseline_kw TEXT NOT NULL,
  price_gbp_per_mwh TEXT NOT NULL, status TEXT NOT NULL, decision_deadline TEXT NOT NULL, decision TEXT,
  second_leg_from TEXT, tripped_at TEXT, trip_reason TEXT, unwound_from TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS offsetting_transactions_clock ON offsetting_transactions(clock_id, status);
CREATE TABLE IF NOT EXISTS messages (
  sender_id TEXT NOT NULL, message_id TEXT NOT NULL, body_hash TEXT NOT NULL,
  status INTEGER NOT NULL, response TEXT NOT NULL, PRIMARY KEY (sender_id, message_id));
CREATE TABLE IF NOT EXISTS notifications (
  seq {serial}, recipient_id TEXT NOT NULL, envelope TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS notifications_recipient ON notifications(recipient_id, seq);
CREATE TABLE IF NOT EXISTS portfolio_actions (
  id TEXT PRIMARY KEY, trader_id TEXT NOT NULL, clock_id TEXT NOT NULL, document TEXT NOT NULL);
"""


def statements(serial: str) -> list[str]:
    """The DDL, one statement each, with `serial` as the dialect's auto-increment key."""
    return [s.strip() for s in _DDL.replace("{serial}", serial).split(";") if s.strip()]
