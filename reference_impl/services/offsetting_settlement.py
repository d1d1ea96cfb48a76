"""Settlement of an offsetting transaction (BMR-52): each leg from its meter, paid for the offset energy only."""

from decimal import Decimal
from typing import Any

from reference_impl import repository
from reference_impl.db import Conn
from reference_impl.entities import OffsettingTransaction
from reference_impl.instants import format_instant
from reference_impl.money import format_money, format_quantity, round_pence
from reference_impl.problems import conflict
from reference_impl.services import offsetting
from reference_impl.services import offsetting_book as book
from reference_impl.services.context import Context
from reference_impl.settlement_periods import periods

_HALF_HOUR = Decimal("0.5")
_KWH_PER_MWH = Decimal(1000)


def delivered(kwh: Decimal | None, baseline_kw: Decimal, volume_kw: Decimal) -> Decimal:
    """A leg's energy above its baseline in one period, from 0 up to its contracted kWh; 0 without a reading."""
    if kwh is None:
        return Decimal(0)
    return min(max(kwh - baseline_kw * _HALF_HOUR, Decimal(0)), volume_kw * _HALF_HOUR)


def offset(first_kwh: Decimal, second_kwh: Decimal) -> Decimal:
    """The energy offset in a period of the released second leg: the second leg counts up to the first's."""
    return min(first_kwh, second_kwh)


def _flow_kwh(conn: Conn, mpan: str, flow: str) -> dict[str, Decimal]:
    readings = repository.readings_of(conn, mpan)
    return {key: r.import_kwh if flow == "IMPORT" else r.export_kwh for key, r in readings.items()}


def lines(conn: Conn, tx: OffsettingTransaction) -> list[dict[str, str]]:
    """Per window period: each leg's delivered kWh, and the offset kWh the transaction pays for."""
    first_flow, second_flow = book.FLOWS[tx.direction]
    first = _flow_kwh(conn, tx.seller_mpan, first_flow)
    second = _flow_kwh(conn, tx.buyer_mpan, second_flow)
    rows = []
    for period in periods(tx.window_start, tx.window_end):
        key = format_instant(period)
        first_kwh = delivered(first.get(key), tx.first_baseline_kw, tx.volume_kw)
        second_kwh = delivered(second.get(key), tx.second_baseline_kw, tx.volume_kw)
        released = tx.second_leg_from is not None and tx.second_leg_from <= period < book.second_leg_end(tx)
        offset_kwh = offset(first_kwh, second_kwh) if released else Decimal(0)
        rows.append(
            {
                "periodStart": key,
                "firstLegKwh": format_quantity(first_kwh),
                "secondLegKwh": format_quantity(second_kwh),
                "offsetKwh": format_quantity(offset_kwh),
                "unoffsetKwh": format_quantity(second_kwh - offset_kwh),
            }
        )
    return rows


def settlement(ctx: Context, tx_id: str) -> dict[str, Any]:
    """GET /offsetting-transactions/{id}/settlement: once its window has ended; parties and the DNO."""
    tx, now = offsetting.visible(ctx, tx_id)
    if book.status(tx, now) not in {book.APPROVED, book.TRIPPED}:
        raise conflict("only an approved offsetting transaction is settled", rule="BMR-52")
    if now < tx.window_end:
        raise conflict("the window has not ended", rule="BMR-52")
    rows = lines(ctx.conn, tx)
    total_kwh = sum((Decimal(r["offsetKwh"]) for r in rows), Decimal(0))
    return {
        "transactionId": tx.id,
        "payerId": tx.buyer_id,
        "payeeId": tx.seller_id,
        "priceGbpPerMwh": format_money(tx.price_gbp_per_mwh),
        "periods": rows,
        "offsetKwh": format_quantity(total_kwh),
        "amountGbp": format_money(round_pence(total_kwh * tx.price_gbp_per_mwh / _KWH_PER_MWH)),
    }
