"""The book of capacity trades: their status now, the capacity they move, and how they are shown."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from reference_impl import repository
from reference_impl.db import Conn
from reference_impl.entities import CapacityTrade, Site
from reference_impl.instants import format_instant
from reference_impl.money import format_money, format_quantity
from reference_impl.services import lookup
from reference_impl.services.effective_capacity import MEC, MIC, CapacityMove
from reference_impl.settlement_periods import periods

CAPACITY_TYPE: Final = {"IMPORT": MIC, "EXPORT": MEC}
PROPOSED: Final = "PROPOSED"
PENDING_DNO: Final = "PENDING_DNO"
APPROVED: Final = "APPROVED"
REJECTED: Final = "REJECTED"
LAPSED: Final = "LAPSED"
REVOKED: Final = "REVOKED"
UNDECIDED: Final = frozenset({PROPOSED, PENDING_DNO})


def status(trade: CapacityTrade, now: datetime) -> str:
    """The stored status, except that an undecided trade lapses at its decision deadline (BMR-32)."""
    if trade.status in UNDECIDED and now >= trade.decision_deadline:
        return LAPSED
    return trade.status


def authorised_kva(site: Site, capacity_type: str) -> Decimal:
    """The site's authorised MIC or MEC from its connection agreement."""
    return site.mic_kva if capacity_type == MIC else site.mec_kva


def move_of(trade: CapacityTrade) -> CapacityMove | None:
    """The capacity an approved trade moves (up to its revocation), or None if it moves none."""
    if trade.status not in {APPROVED, REVOKED} or trade.approved_kva is None:
        return None
    end = trade.window_end if trade.revoked_from is None else max(trade.window_start, trade.revoked_from)
    return CapacityMove(
        capacity_type=CAPACITY_TYPE[trade.direction],
        from_mpan=trade.seller_mpan,
        to_mpan=trade.buyer_mpan,
        start=trade.window_start,
        end=end,
        kva=trade.approved_kva,
    )


def moves_of(trades: list[CapacityTrade]) -> list[CapacityMove]:
    """Every move of these trades."""
    return [move for trade in trades if (move := move_of(trade)) is not None]


def trades_of(conn: Conn, mpan: str, clock_id: str) -> list[CapacityTrade]:
    """Every capacity trade on a clock with this MPAN on either side."""
    sql = (
        "SELECT * FROM capacity_trades WHERE (seller_mpan = ? OR buyer_mpan = ?) AND clock_id = ? "
        "ORDER BY created_at, id"
    )
    return repository.fetch_all(conn, CapacityTrade, sql, (mpan, mpan, clock_id))


def committed_kva(trade: CapacityTrade, now: datetime, period_start: datetime) -> Decimal:
    """What a trade holds of its seller's capacity in one period: proposed until decided, then approved."""
    current = status(trade, now)
    if current in UNDECIDED:
        return trade.transfer_kva if trade.window_start <= period_start < trade.window_end else Decimal(0)
    move = move_of(trade)
    return move.kva if move is not None and move.covers(period_start) else Decimal(0)


def changes(trade: CapacityTrade, kva: Decimal, start: datetime, sign: int = 1) -> list[dict[str, str]]:
    """Per MPAN and period from `start`: the seller loses `kva`, the buyer gains it (negated when sign is -1)."""
    rows = []
    for mpan, factor in ((trade.seller_mpan, -sign), (trade.buyer_mpan, sign)):
        for period in periods(max(start, trade.window_start), trade.window_end):
            change = kva * factor
            rows.append(
                {
                    "mpan": mpan,
                    "periodStart": format_instant(period),
                    "changeKva": ("-" if change < 0 else "") + format_quantity(abs(change)),
                }
            )
    return rows


def as_json(trade: CapacityTrade, now: datetime) -> dict[str, Any]:
    """The CapacityTrade resource."""
    return {
        "tradeId": trade.id,
        "direction": trade.direction,
        "capacityType": CAPACITY_TYPE[trade.direction],
        "sellerMpan": trade.seller_mpan,
        "buyerMpan": trade.buyer_mpan,
        "zoneId": trade.zone_id,
        "sellerId": trade.seller_id,
        "buyerId": trade.buyer_id,
        "window": {"start": format_instant(trade.window_start), "end": format_instant(trade.window_end)},
        "transferKva": format_quantity(trade.transfer_kva),
        "priceGbp": format_money(trade.price_gbp),
        "status": status(trade, now),
        "decisionDeadline": format_instant(trade.decision_deadline),
        "sellerRecentPeakKw": None
        if trade.seller_recent_peak_kw is None
        else format_quantity(trade.seller_recent_peak_kw),
        "decision": trade.decision,
        "approvedKva": None if trade.approved_kva is None else format_quantity(trade.approved_kva),
        "revokedFrom": None if trade.revoked_from is None else format_instant(trade.revoked_from),
        "createdAt": format_instant(trade.created_at),
    }


def told(conn: Conn, trade: CapacityTrade, dno_id: str) -> list[str]:
    """Who hears of a trade's events (BMR-34): both parties, the DNO, and the supplier, BRP and trader of both MPANs."""
    return lookup.affected(conn, [trade.seller_id, trade.buyer_id, dno_id], [trade.seller_mpan, trade.buyer_mpan])
