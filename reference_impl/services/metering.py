"""Meter data (BMR-18): the DCC's half-hourly readings of ended periods; the latest one wins."""

from typing import Any

from reference_impl import repository
from reference_impl.clock import REAL_CLOCK, require_same_clock
from reference_impl.entities import MeterReading
from reference_impl.instants import format_instant, parse_instant
from reference_impl.problems import conflict, invalid
from reference_impl.services import capacity_compliance, lookup, offsetting_monitor
from reference_impl.services import fields as f
from reference_impl.services.context import Context
from reference_impl.settlement_periods import period_end, require_period_start

_P = "/payload"


def submit(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /meter-readings."""
    mpan = f.text(payload, "mpan", _P)
    site = lookup.site(ctx.conn, mpan, f"{_P}/mpan")
    owner = repository.actor(ctx.conn, site.owner_id)
    require_same_clock(ctx.clock, (owner.test_clock_id if owner else None) or REAL_CLOCK, f"site {mpan}")
    readings: list[MeterReading] = []
    seen: set[str] = set()
    for index, raw in enumerate(f.items(payload, "readings", _P)):
        base = f"{_P}/readings/{index}"
        entry = f.obj(raw, base)
        start = parse_instant(entry.get("periodStart"), f"{base}/periodStart", "BMR-01")
        require_period_start(start, f"{base}/periodStart")
        key = format_instant(start)
        if key in seen:
            raise invalid(
                "a Settlement Period appears once per submission",
                pointer=f"{base}/periodStart",
                rule="BMR-18",
            )
        seen.add(key)
        readings.append(
            MeterReading(
                mpan=mpan,
                period_start=start,
                import_kwh=f.quantity(entry, "importKwh", base),
                export_kwh=f.quantity(entry, "exportKwh", base),
                received_at=ctx.now,
            )
        )
    for index, reading in enumerate(readings):
        if period_end(reading.period_start) > ctx.now:
            raise conflict(
                "a reading is only for a Settlement Period that has ended",
                rule="BMR-18",
                pointer=f"{_P}/readings/{index}/periodStart",
            )
    for reading in readings:
        repository.upsert_reading(ctx.conn, reading)
    capacity_compliance.check_readings(ctx, site, readings)
    offsetting_monitor.on_readings(ctx, site, readings)
    body = {
        "mpan": mpan,
        "acceptedPeriods": [format_instant(r.period_start) for r in readings],
        "receivedAt": format_instant(ctx.now),
    }
    return 201, body
