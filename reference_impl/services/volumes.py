"""Volume notices (BMR-12, BMR-13): what one dispatch moves at each MPAN in each Settlement Period."""

from decimal import Decimal
from typing import Any

from reference_impl import repository
from reference_impl.entities import Dispatch, Transaction
from reference_impl.instants import format_instant
from reference_impl.money import format_volume, round_milli
from reference_impl.params import SETTLEMENT_PERIOD_HOURS
from reference_impl.services.context import Context
from reference_impl.settlement_periods import after_gate_closure, periods


def site_volume_kwh(dispatch_kw: Decimal, site_kw: Decimal, offered_kw: Decimal) -> Decimal:
    """Dispatched kW x the site's share of the offered kW x 0.5 h, rounded half-up to 3 decimals."""
    return round_milli(dispatch_kw * site_kw / offered_kw * SETTLEMENT_PERIOD_HOURS)


def _periods(tx: Transaction, dispatch: Dispatch, site_kw: Decimal) -> list[dict[str, Any]]:
    volume = format_volume(site_volume_kwh(dispatch.capacity_kw, site_kw, tx.accepted_kw))
    return [
        {
            "periodStart": format_instant(p),
            "volumeKwh": volume,
            "afterGateClosure": after_gate_closure(dispatch.instructed_at, p),
        }
        for p in periods(dispatch.start_at, dispatch.end_at)
    ]


def send(ctx: Context, tx: Transaction, dispatch: Dispatch, status: str) -> None:
    """One notice per dispatched MPAN to each of its supplier, BRP and trader."""
    for tx_site in tx.sites:
        site = repository.site(ctx.conn, tx_site["mpan"])
        if site is None:  # sites are never deleted; kept for type narrowing
            continue
        parties = [("SUPPLIER", site.supplier_id), ("BRP", site.brp_id), ("TRADER", site.trader_id)]
        volume_periods = _periods(tx, dispatch, Decimal(tx_site["capacityKw"]))
        for capacity, recipient in parties:
            if recipient is None:
                continue
            payload = {
                "transactionId": tx.id,
                "dispatchId": dispatch.id,
                "mpan": site.mpan,
                "capacity": capacity,
                "status": status,
                "periods": volume_periods,
            }
            ctx.notify([recipient], "VolumeNotice", tx.id, payload)
