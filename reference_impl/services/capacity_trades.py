"""Bilateral MIC/MEC trades (UC4, UC5): proposal, agreement, the DNO's decision, revocation, reads."""

import uuid
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from reference_impl import repository
from reference_impl.clock import now_on, require_same_clock
from reference_impl.db import Conn
from reference_impl.entities import CapacityTrade, Site
from reference_impl.instants import parse_instant
from reference_impl.money import format_quantity
from reference_impl.params import CAPACITY_DECISION_LEAD, RECENT_USAGE_PERIODS, SETTLEMENT_PERIOD
from reference_impl.problems import conflict, forbidden, invalid, not_found
from reference_impl.services import capacity_book as book
from reference_impl.services import dno_approval, lookup
from reference_impl.services import fields as f
from reference_impl.services.context import Context
from reference_impl.services.effective_capacity import effective_kva
from reference_impl.settlement_periods import period_texts, periods, require_period_start, require_window

_P = "/payload"


def _trade(ctx: Context, payload: dict[str, Any]) -> CapacityTrade:
    trade_id = f.text(payload, "tradeId", _P)
    sql = f"SELECT * FROM capacity_trades WHERE id = ?{ctx.conn.for_update}"  # noqa: S608 - a constant suffix
    trade = repository.fetch_one(ctx.conn, CapacityTrade, sql, (trade_id,))
    if trade is None:
        raise not_found(f"no capacity trade {trade_id}", pointer=f"{_P}/tradeId")
    require_same_clock(ctx.clock, trade.clock_id, "the capacity trade")
    return trade


def _check_spare(ctx: Context, seller: Site, capacity_type: str, start: datetime, end: datetime, kva: Decimal) -> None:
    """BMR-31: in every period the seller keeps authorised minus everything it already committed."""
    authorised = book.authorised_kva(seller, capacity_type)
    if kva > authorised:
        raise invalid(
            "the transfer exceeds the seller's authorised capacity", pointer=f"{_P}/transferKva", rule="BMR-31"
        )
    live = [
        t
        for t in book.trades_of(ctx.conn, seller.mpan, ctx.clock)
        if t.seller_mpan == seller.mpan and book.CAPACITY_TYPE[t.direction] == capacity_type
    ]
    for period in periods(start, end):
        committed = sum((book.committed_kva(t, ctx.now, period) for t in live), Decimal(0))
        if committed + kva > authorised:
            raise conflict(
                "the seller's capacity in this period is already sold", rule="BMR-31", pointer=f"{_P}/transferKva"
            )


def _check_no_stacking(ctx: Context, trade: CapacityTrade) -> None:
    """BMR-37: no MPAN both sells and buys the same capacity type in one period."""
    capacity_type = book.CAPACITY_TYPE[trade.direction]
    for mpan, opposite in ((trade.seller_mpan, "buyer"), (trade.buyer_mpan, "seller")):
        for other in book.trades_of(ctx.conn, mpan, ctx.clock):
            on_other_side = (other.buyer_mpan if opposite == "buyer" else other.seller_mpan) == mpan
            overlaps = other.window_start < trade.window_end and trade.window_start < other.window_end
            live = book.status(other, ctx.now) not in {book.REJECTED, book.LAPSED}
            if on_other_side and overlaps and live and book.CAPACITY_TYPE[other.direction] == capacity_type:
                raise conflict(
                    f"MPAN {mpan} is already the {opposite} of {capacity_type} in this window", rule="BMR-37"
                )


def _recent_peak_kw(conn: Conn, trade: CapacityTrade, now: datetime) -> Decimal | None:
    """The seller's highest metered kW in the trade's direction over the look-back before `now`."""
    since = now - SETTLEMENT_PERIOD * RECENT_USAGE_PERIODS
    readings = [r for r in repository.readings_of(conn, trade.seller_mpan).values() if since <= r.period_start < now]
    if not readings:
        return None
    energy = [r.import_kwh if trade.direction == "IMPORT" else r.export_kwh for r in readings]
    return max(energy) * 2


def _notify(ctx: Context, trade: CapacityTrade, event: str, changes: list[dict[str, str]]) -> None:
    zone = lookup.zone(ctx.conn, trade.zone_id)
    recipients = [trade.buyer_id] if event == "PROPOSED" else book.told(ctx.conn, trade, zone.dno_id)
    payload = {"event": event, "trade": book.as_json(trade, ctx.now), "changes": changes}
    ctx.notify(recipients, "CapacityTradeNotice", trade.id, payload)


def propose(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /capacity-trades: the seller site's owner registers a trade (BMR-30, BMR-31, BMR-37)."""
    direction = f.one_of(payload, "direction", tuple(book.CAPACITY_TYPE), _P)
    seller = lookup.site(ctx.conn, f.text(payload, "sellerMpan", _P), f"{_P}/sellerMpan")
    buyer = lookup.site(ctx.conn, f.text(payload, "buyerMpan", _P), f"{_P}/buyerMpan")
    window = f.obj(payload.get("window"), f"{_P}/window")
    start = f.instant(window, "start", f"{_P}/window", "BMR-01")
    end = f.instant(window, "end", f"{_P}/window", "BMR-01")
    require_window(start, end, f"{_P}/window")
    kva = f.positive_quantity(payload, "transferKva", _P, rule="BMR-30")
    price = f.money(payload, "priceGbp", _P)
    if seller.owner_id != ctx.actor.id:
        raise forbidden("only the owner of the selling site proposes a capacity trade", rule="BMR-30")
    if seller.mpan == buyer.mpan:
        raise invalid("a site cannot trade capacity with itself", pointer=f"{_P}/buyerMpan", rule="BMR-30")
    if seller.zone_id != buyer.zone_id:
        raise invalid("both sites must be in the same constraint zone", pointer=f"{_P}/buyerMpan", rule="BMR-30")
    buyer_owner = repository.actor(ctx.conn, buyer.owner_id)
    require_same_clock(ctx.clock, (buyer_owner.test_clock_id if buyer_owner else None) or "", "the buying site")
    deadline = start - CAPACITY_DECISION_LEAD
    if ctx.now >= deadline:
        raise conflict("too late: the DNO could not decide before its deadline", rule="BMR-32")
    repository.lock_sites(ctx.conn, [seller.mpan, buyer.mpan])
    capacity_type = book.CAPACITY_TYPE[direction]
    _check_spare(ctx, seller, capacity_type, start, end, kva)
    trade = CapacityTrade(
        id=str(uuid.uuid4()),
        clock_id=ctx.clock,
        direction=direction,
        seller_mpan=seller.mpan,
        buyer_mpan=buyer.mpan,
        zone_id=seller.zone_id,
        seller_id=seller.owner_id,
        buyer_id=buyer.owner_id,
        window_start=start,
        window_end=end,
        transfer_kva=kva,
        price_gbp=price,
        status=book.PROPOSED,
        decision_deadline=deadline,
        seller_recent_peak_kw=None,
        decision=None,
        approved_kva=None,
        revoked_from=None,
        created_at=ctx.now,
    )
    _check_no_stacking(ctx, trade)
    repository.insert(ctx.conn, "capacity_trades", trade)
    _notify(ctx, trade, "PROPOSED", [])
    return 201, book.as_json(trade, ctx.now)


def agree(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /capacity-trade-agreements: the buyer agrees; the trade awaits the DNO, conditionally (BMR-30, BMR-34)."""
    trade = _trade(ctx, payload)
    if trade.buyer_id != ctx.actor.id:
        raise forbidden("only the owner of the buying site agrees to a capacity trade", rule="BMR-30")
    current = book.status(trade, ctx.now)
    if current == book.LAPSED:
        raise conflict("the decision deadline has passed; the trade lapsed", rule="BMR-32")
    if current != book.PROPOSED:
        raise conflict(f"the trade is {current}, not PROPOSED", rule="BMR-30")
    trade = replace(trade, status=book.PENDING_DNO, seller_recent_peak_kw=_recent_peak_kw(ctx.conn, trade, ctx.now))
    repository.update(ctx.conn, "capacity_trades", "id", trade)
    _notify(ctx, trade, "CONDITIONAL", book.changes(trade, trade.transfer_kva, trade.window_start))
    return 200, book.as_json(trade, ctx.now)


def decide(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /capacity-trade-decisions: the zone's DNO approves, limits or rejects (BMR-32)."""
    trade = _trade(ctx, payload)
    if lookup.zone(ctx.conn, trade.zone_id).dno_id != ctx.actor.id:
        raise forbidden("only the DNO of the trade's zone decides", rule="BMR-32")
    current = book.status(trade, ctx.now)
    dno_approval.require_open(ctx.now, trade.decision_deadline)
    if current != book.PENDING_DNO:
        raise conflict(f"the trade is {current}; the DNO decides only an agreed trade", rule="BMR-32")
    approval = dno_approval.read_decision(payload, trade.transfer_kva, ctx.now)
    granted = approval.granted(trade.transfer_kva)
    trade = replace(
        trade,
        status=book.REJECTED if granted is None else book.APPROVED,
        decision=approval.as_json(),
        approved_kva=granted,
    )
    repository.update(ctx.conn, "capacity_trades", "id", trade)
    if granted is None:
        _notify(ctx, trade, "REJECTED", [])
    else:
        _notify(ctx, trade, "APPROVED", book.changes(trade, granted, trade.window_start))
    return 200, book.as_json(trade, ctx.now)


def revoke(ctx: Context, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /capacity-trade-revocations: the DNO ends an approved trade from a period on (BMR-36)."""
    trade = _trade(ctx, payload)
    if lookup.zone(ctx.conn, trade.zone_id).dno_id != ctx.actor.id:
        raise forbidden("only the DNO of the trade's zone revokes", rule="BMR-36")
    start = f.instant(payload, "from", _P, "BMR-01")
    require_period_start(start, f"{_P}/from")
    f.text(payload, "reason", _P)
    if trade.status != book.APPROVED:
        raise conflict(f"the trade is {book.status(trade, ctx.now)}, not APPROVED", rule="BMR-36")
    dno_approval.require_revocable(start, (trade.window_start, trade.window_end), ctx.now, "BMR-36")
    trade = replace(trade, status=book.REVOKED, revoked_from=start)
    repository.update(ctx.conn, "capacity_trades", "id", trade)
    assert trade.approved_kva is not None  # an APPROVED trade always has its granted kVA
    _notify(ctx, trade, "REVOKED", book.changes(trade, trade.approved_kva, start, sign=-1))
    return 200, book.as_json(trade, ctx.now)


def read_trade(ctx: Context, trade_id: str) -> dict[str, Any]:
    """GET /capacity-trades/{id}: its parties and the zone's DNO; 404 for anyone else."""
    trade = repository.fetch_one(ctx.conn, CapacityTrade, "SELECT * FROM capacity_trades WHERE id = ?", (trade_id,))
    if trade is None or ctx.actor.id not in {trade.seller_id, trade.buyer_id, _dno_of(ctx.conn, trade.zone_id)}:
        raise not_found(f"no capacity trade {trade_id}")
    return book.as_json(trade, now_on(ctx.conn, trade.clock_id))


def _dno_of(conn: Conn, zone_id: str) -> str | None:
    zone = repository.zone(conn, zone_id)
    return None if zone is None else zone.dno_id


def read_capacity(ctx: Context, mpan: str, start_text: str | None, end_text: str | None) -> dict[str, Any]:
    """GET /sites/{mpan}/capacity?start=&end=: the site's owner and the zone's DNO (BMR-33)."""
    site = repository.site(ctx.conn, mpan)
    if site is None or ctx.actor.id not in {site.owner_id, _dno_of(ctx.conn, site.zone_id)}:
        raise not_found(f"no site {mpan}")
    start = parse_instant(start_text, "/query/start", "BMR-01")
    end = parse_instant(end_text, "/query/end", "BMR-01")
    require_window(start, end, "/query")
    moves = book.moves_of(book.trades_of(ctx.conn, mpan, ctx.clock))
    return {
        "mpan": mpan,
        "authorisedMicKva": format_quantity(site.mic_kva),
        "authorisedMecKva": format_quantity(site.mec_kva),
        "periods": [
            {
                "periodStart": text,
                "micKva": format_quantity(effective_kva(site.mic_kva, mpan, "MIC", period, moves)),
                "mecKva": format_quantity(effective_kva(site.mec_kva, mpan, "MEC", period, moves)),
            }
            for period, text in zip(periods(start, end), period_texts(periods(start, end)), strict=True)
        ],
    }
