"""Breach detection (BMR-35): a metered period above an MPAN's effective capacity while a trade holds it."""

from reference_impl.entities import MeterReading, Site
from reference_impl.instants import format_instant
from reference_impl.money import format_quantity
from reference_impl.params import POWER_FACTOR
from reference_impl.services import capacity_book as book
from reference_impl.services import lookup
from reference_impl.services.context import Context
from reference_impl.services.effective_capacity import MIC, effective_kva


def check_readings(ctx: Context, site: Site, readings: list[MeterReading]) -> None:
    """Tell the zone's DNO and the site's owner once per MPAN, period and capacity type in breach."""
    trades = book.trades_of(ctx.conn, site.mpan, ctx.clock)
    moves = book.moves_of(trades)
    for reading in readings:
        for move in moves:
            if not move.covers(reading.period_start) or site.mpan not in {move.from_mpan, move.to_mpan}:
                continue
            metered_kw = (reading.import_kwh if move.capacity_type == MIC else reading.export_kwh) * 2
            authorised = site.mic_kva if move.capacity_type == MIC else site.mec_kva
            effective = effective_kva(authorised, site.mpan, move.capacity_type, reading.period_start, moves)
            limit_kw = effective * POWER_FACTOR
            if metered_kw <= limit_kw or not _first_breach(ctx, site.mpan, reading, move.capacity_type):
                continue
            trade = next(t for t in trades if book.move_of(t) == move)
            payload = {
                "tradeId": trade.id,
                "mpan": site.mpan,
                "capacityType": move.capacity_type,
                "periodStart": format_instant(reading.period_start),
                "meteredKw": format_quantity(metered_kw),
                "effectiveKva": format_quantity(effective),
                "limitKw": format_quantity(limit_kw),
                "excessKw": format_quantity(metered_kw - limit_kw),
            }
            dno = lookup.zone(ctx.conn, site.zone_id).dno_id
            ctx.notify([dno, site.owner_id], "CapacityBreach", trade.id, payload)


def _first_breach(ctx: Context, mpan: str, reading: MeterReading, capacity_type: str) -> bool:
    """Record the breach; False when it was already recorded (a resubmitted reading tells no one again)."""
    key = (mpan, format_instant(reading.period_start), capacity_type)
    ctx.conn.lock("capacity-breach", " ".join(key))  # one recorder per breach across workers
    known = ctx.conn.one(
        "SELECT mpan FROM capacity_breaches WHERE mpan = ? AND period_start = ? AND capacity_type = ?", key
    )
    if known is not None:
        return False
    ctx.conn.execute("INSERT INTO capacity_breaches (mpan, period_start, capacity_type) VALUES (?, ?, ?)", key)
    return True
