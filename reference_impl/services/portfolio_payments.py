"""Reading a portfolio action back (BMR-38) and paying its sellers from meter data (BMR-44)."""

from decimal import Decimal
from typing import Any

from reference_impl import repository
from reference_impl.instants import format_instant, parse_instant
from reference_impl.money import format_money, format_volume, round_pence
from reference_impl.params import SETTLEMENT_PERIOD_HOURS
from reference_impl.problems import conflict, not_found
from reference_impl.services import portfolio_store
from reference_impl.services.context import Context
from reference_impl.services.portfolio import sign_of
from reference_impl.settlement_periods import periods


def _window(document: dict[str, Any]) -> list[str]:
    return [
        format_instant(p) for p in periods(parse_instant(document["start"], ""), parse_instant(document["end"], ""))
    ]


def read_action(ctx: Context, action_id: str) -> dict[str, Any]:
    """GET /portfolio-actions/{id}: only the trader that reported it (404 for anyone else)."""
    document = portfolio_store.document(ctx.conn, action_id)
    if document is None or document["traderId"] != ctx.actor.id:
        raise not_found(f"no portfolio action {action_id}")
    return document


def _site_line(ctx: Context, document: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """Scheduled and delivered kWh of one site, summed over the window, and what its seller is paid."""
    sign = sign_of(document["direction"])
    kw = Decimal(entry["capacityKw"])
    baseline = {b["periodStart"]: Decimal(b["importKw"]) - Decimal(b["exportKw"]) for b in entry["baseline"]}
    readings = repository.readings_of(ctx.conn, entry["mpan"])
    scheduled = delivered = Decimal(0)
    for start in _window(document):
        reading = readings[start]
        moved = sign * (baseline[start] * SETTLEMENT_PERIOD_HOURS - (reading.import_kwh - reading.export_kwh))
        planned = kw * SETTLEMENT_PERIOD_HOURS
        scheduled += planned
        delivered += max(Decimal(0), min(planned, moved))
    site = repository.site(ctx.conn, entry["mpan"])
    seller = "" if site is None else site.aggregator_id or site.owner_id
    return {
        "mpan": entry["mpan"],
        "sellerId": seller,
        "scheduledKwh": format_volume(scheduled),
        "deliveredKwh": format_volume(delivered),
        "paymentGbp": format_money(delivered / 1000 * Decimal(document["utilisationGbpPerMwh"])),
    }


def payments(ctx: Context, action_id: str) -> dict[str, Any]:
    """GET /portfolio-actions/{id}/payments: once the window has ended and every period is metered."""
    document = read_action(ctx, action_id)
    if ctx.now < parse_instant(document["end"], ""):
        raise conflict("payments are known once the action's window has ended", rule="BMR-44")
    window = _window(document)
    for entry in document["sites"]:
        readings = repository.readings_of(ctx.conn, entry["mpan"])
        if any(start not in readings for start in window):
            raise conflict(f"MPAN {entry['mpan']} has a period without meter data", rule="BMR-44")
    lines = [_site_line(ctx, document, entry) for entry in document["sites"]]
    total = sum((round_pence(Decimal(line["paymentGbp"])) for line in lines), Decimal(0))
    return {
        "actionId": document["actionId"],
        "traderId": document["traderId"],
        "currency": "GBP",
        "lines": lines,
        "paymentGbp": format_money(total),
    }
