"""The offsetting fail-safe from meter data (BMR-49, BMR-50): release the second leg, trip, curtail.

The first leg's meter decides everything: the second leg is released only once a reading shows the
first leg's rise, and the fail-safe trips on a reading short of the ratio or on data silence. The
reference looks for silence whenever a reading arrives, whenever a test clock moves, and on the real
clock every `REAL_CLOCK_WATCH` while it is served.
"""

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from reference_impl import repository
from reference_impl.db import Conn
from reference_impl.entities import Actor, MeterReading, OffsettingTransaction, Site
from reference_impl.instants import format_instant
from reference_impl.params import DATA_SILENCE_LIMIT, FAILSAFE_RATIO, OFFSET_LEG_TOLERANCE, SETTLEMENT_PERIOD
from reference_impl.services import offsetting
from reference_impl.services import offsetting_book as book
from reference_impl.services.context import Context
from reference_impl.settlement_periods import period_end, periods

_NMF_ROLE = "NMF"


def rise_kw(tx: OffsettingTransaction, reading: MeterReading) -> Decimal:
    """The first leg's measured rise in one period: its flow's mean kW above the baseline (may be negative)."""
    kwh = reading.import_kwh if book.FLOWS[tx.direction][0] == "IMPORT" else reading.export_kwh
    return kwh * 2 - tx.first_baseline_kw


def _next_period_start(now: datetime, window_start: datetime) -> datetime:
    """The first Settlement Period start at or after `now`."""
    behind = (now - window_start) % SETTLEMENT_PERIOD
    return now if behind == SETTLEMENT_PERIOD * 0 else now + (SETTLEMENT_PERIOD - behind)


def _approved_on(conn: Conn, clock_id: str) -> list[OffsettingTransaction]:
    sql = "SELECT * FROM offsetting_transactions WHERE clock_id = ? AND status = ? ORDER BY created_at, id"
    return repository.fetch_all(conn, OffsettingTransaction, sql, (clock_id, book.APPROVED))


def _trip(ctx: Context, tx: OffsettingTransaction, reason: str) -> OffsettingTransaction:
    """BMR-50: the second leg is curtailed now, the first leg ends with this period; everyone is told."""
    tx = replace(tx, status=book.TRIPPED, tripped_at=ctx.now, trip_reason=reason)
    repository.update(ctx.conn, "offsetting_transactions", "id", tx)
    offsetting.notify(ctx, tx, "FAILSAFE_TRIPPED")
    return tx


def _released(tx: OffsettingTransaction) -> bool:
    return tx.second_leg_from is not None


def _watch_silence(ctx: Context, tx: OffsettingTransaction) -> OffsettingTransaction:
    """BMR-50: a period of the released second leg whose first-leg reading is missing past the silence limit trips."""
    if not _released(tx) or tx.status != book.APPROVED:
        return tx
    assert tx.second_leg_from is not None
    readings = repository.readings_of(ctx.conn, tx.seller_mpan)
    for period in periods(tx.second_leg_from, book.second_leg_end(tx)):
        deadline = period_end(period) + DATA_SILENCE_LIMIT
        reading = readings.get(format_instant(period))
        if deadline <= ctx.now and (reading is None or reading.received_at >= deadline):
            return _trip(ctx, tx, book.DATA_SILENCE)
    return tx


def _follow(ctx: Context, tx: OffsettingTransaction, reading: MeterReading) -> OffsettingTransaction:
    """One first-leg reading: release the second leg on a full rise (BMR-49), trip on a shortfall (BMR-50)."""
    if tx.status != book.APPROVED or not tx.window_start <= reading.period_start < tx.window_end:
        return tx
    rise = rise_kw(tx, reading)
    if not _released(tx):
        release = _next_period_start(ctx.now, tx.window_start)
        if rise >= tx.volume_kw * (1 - OFFSET_LEG_TOLERANCE) and release < book.second_leg_end(tx):
            tx = replace(tx, second_leg_from=release)
            repository.update(ctx.conn, "offsetting_transactions", "id", tx)
            offsetting.notify(ctx, tx, "SECOND_LEG_RELEASED")
        return tx
    assert tx.second_leg_from is not None
    in_second_leg = tx.second_leg_from <= reading.period_start < book.second_leg_end(tx)
    if in_second_leg and rise < tx.volume_kw * FAILSAFE_RATIO:
        return _trip(ctx, tx, book.SHORTFALL)
    return tx


def _hold(conn: Conn, clock_id: str) -> None:
    """One monitor at a time per clock, across workers: a transaction trips once and is told once."""
    conn.lock("offsetting-monitor", clock_id)


def on_readings(ctx: Context, site: Site, readings: list[MeterReading]) -> None:
    """Called with every accepted submission of readings, after they are stored."""
    _hold(ctx.conn, ctx.clock)
    for approved in _approved_on(ctx.conn, ctx.clock):
        tx = _watch_silence(ctx, approved)
        if tx.seller_mpan != site.mpan:
            continue
        for reading in sorted(readings, key=lambda r: r.period_start):
            tx = _follow(ctx, tx, reading)


def on_clock(conn: Conn, clock_id: str, now: datetime) -> None:
    """Called when a test clock moves, and every `REAL_CLOCK_WATCH` on the real clock: look for data silence."""
    _hold(conn, clock_id)
    nmf = Actor(id=_NMF_ROLE, name=_NMF_ROLE, role=_NMF_ROLE, test_clock_id=clock_id, token_hash="")
    ctx = Context(conn=conn, actor=nmf, clock=clock_id, now=now)
    for tx in _approved_on(conn, clock_id):
        _watch_silence(ctx, tx)
    ctx.send_notices()
