"""Delivery verification (BMR-19) and settlement (BMR-20) of one transaction, from stored data."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from reference_impl import repository, resources
from reference_impl.entities import Dispatch, Transaction
from reference_impl.instants import format_instant
from reference_impl.money import format_money, format_quantity
from reference_impl.problems import conflict
from reference_impl.services import lookup
from reference_impl.services.context import Context
from reference_impl.services.delivery import (
    AWAITING_METER_DATA,
    Line,
    PeriodDelivery,
    Terms,
    assess,
    settle_period,
)
from reference_impl.settlement_periods import periods


def _live_dispatch_by_period(ctx: Context, tx: Transaction) -> dict[datetime, Dispatch]:
    return {
        p: d
        for d in repository.dispatches_of(ctx.conn, tx.id)
        if d.status in resources.LIVE_DISPATCH
        for p in periods(d.start_at, d.end_at)
    }


def _deliveries(ctx: Context, tx: Transaction) -> dict[datetime, PeriodDelivery]:
    """Every dispatched, non-overruled period of a transaction, assessed."""
    offer = repository.offer(ctx.conn, tx.offer_id)
    baselines: dict[str, dict[str, tuple[Decimal, Decimal]]] = {}
    for site in offer.sites if offer else []:
        baselines[site["mpan"]] = {
            b["periodStart"]: (Decimal(b["importKw"]), Decimal(b["exportKw"])) for b in site["baseline"]
        }
    readings = {mpan: repository.readings_of(ctx.conn, mpan) for mpan in baselines}
    result: dict[datetime, PeriodDelivery] = {}
    for period, dispatch in sorted(_live_dispatch_by_period(ctx, tx).items()):
        key = format_instant(period)
        site_readings = [readings[m].get(key) for m in baselines]
        result[period] = assess(
            dispatch.capacity_kw,
            [baselines[m][key] for m in baselines],
            [None if r is None else (r.import_kwh, r.export_kwh) for r in site_readings],
        )
    return result


def _optional(amount: Decimal | None) -> str | None:
    return None if amount is None else format_quantity(amount)


def verification(ctx: Context, transaction_id: str) -> dict[str, Any]:
    """GET /transactions/{id}/verification: buyer and seller only."""
    tx = lookup.visible_transaction(ctx.conn, ctx.actor, transaction_id)
    deliveries = _deliveries(ctx, tx)
    return {
        "transactionId": tx.id,
        "periods": [
            {
                "periodStart": format_instant(p),
                "instructedKwh": format_quantity(d.instructed_kwh),
                "baselineKwh": format_quantity(d.baseline_kwh),
                "meteredKwh": _optional(d.metered_kwh),
                "deliveredKwh": _optional(d.delivered_kwh),
                "status": d.status,
            }
            for p, d in deliveries.items()
        ],
        "instructedKwh": format_quantity(sum((d.instructed_kwh for d in deliveries.values()), Decimal(0))),
        "deliveredKwh": format_quantity(sum((d.delivered_kwh or Decimal(0) for d in deliveries.values()), Decimal(0))),
    }


def _prompt_available_kw(ctx: Context, tx: Transaction, period: datetime) -> Decimal | None:
    limits = [
        u.available_kw
        for u in repository.unavailabilities_of(ctx.conn, tx.id)
        if u.prompt and u.from_at <= period < u.to_at
    ]
    return min(limits, default=None)


def settlement(ctx: Context, transaction_id: str) -> dict[str, Any]:
    """GET /transactions/{id}/settlement: once the window has ended and all meter data is in."""
    tx = lookup.visible_transaction(ctx.conn, ctx.actor, transaction_id)
    if ctx.now < tx.window_end:
        raise conflict("the transaction is settled once its window has ended", rule="BMR-20")
    deliveries = _deliveries(ctx, tx)
    if any(d.status == AWAITING_METER_DATA for d in deliveries.values()):
        raise conflict("a dispatched Settlement Period awaits meter data", rule="BMR-20")
    terms = Terms(tx.accepted_kw, tx.utilisation_price, tx.availability_price)
    lines: list[tuple[datetime, Line]] = []
    for period in periods(tx.window_start, tx.window_end):
        line = settle_period(
            terms,
            armed=tx.armed_at is not None,
            released=format_instant(period) in tx.unwound_periods,
            delivery=deliveries.get(period),
            prompt_available_kw=_prompt_available_kw(ctx, tx, period),
        )
        lines.append((period, line))
    totals = {
        name: sum((getattr(line, name) for _, line in lines), Decimal("0.00"))
        for name in ("availability", "utilisation", "penalty", "compensation")
    }
    net = totals["availability"] + totals["utilisation"] + totals["compensation"] - totals["penalty"]
    return {
        "transactionId": tx.id,
        "buyerId": tx.buyer_id,
        "sellerId": tx.seller_id,
        "currency": "GBP",
        "lines": [
            {
                "periodStart": format_instant(period),
                "availabilityGbp": format_money(line.availability),
                "utilisationGbp": format_money(line.utilisation),
                "penaltyGbp": format_money(line.penalty),
                "compensationGbp": format_money(line.compensation),
            }
            for period, line in lines
        ],
        "availabilityGbp": format_money(totals["availability"]),
        "utilisationGbp": format_money(totals["utilisation"]),
        "penaltyGbp": format_money(totals["penalty"]),
        "compensationGbp": format_money(totals["compensation"]),
        "netGbp": format_money(net),
    }
