"""The stored entities. Field names are the SQLite column names (see db.py)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass
class TestClock:
    """A settable clock that scenarios share with their actors."""

    __test__ = False  # not a pytest test class despite the name
    id: str
    now: datetime


@dataclass
class Actor:
    """A registered market actor; `token_hash` is the sha256 hex of its bearer token."""

    id: str
    name: str
    role: str
    test_clock_id: str | None
    token_hash: str


@dataclass
class Zone:
    """A constraint zone and the operators responsible for it."""

    id: str
    name: str
    dno_id: str
    dso_id: str
    eso_id: str
    critical_assets: list[str]


@dataclass
class Site:
    """A metered site identified by its MPAN core."""

    mpan: str
    name: str
    zone_id: str
    critical_asset: str
    mic_kva: Decimal
    mec_kva: Decimal
    owner_id: str
    aggregator_id: str | None
    supplier_id: str
    brp_id: str
    trader_id: str | None


@dataclass
class Requirement:
    """A DSO's flexibility requirement; `clock_id` is the buyer's clock ("" = real time)."""

    id: str
    buyer_id: str
    clock_id: str
    zone_id: str
    critical_asset: str
    service: str
    window_start: datetime
    window_end: datetime
    capacity_kw: Decimal
    accepted_kw: Decimal
    arming_deadline: datetime
    utilisation_ceiling: Decimal
    availability_ceiling: Decimal
    created_at: datetime


@dataclass
class Offer:
    """An offer answering a requirement; `sites` are kept exactly as sent."""

    id: str
    requirement_id: str
    seller_id: str
    sites: list[dict[str, Any]]
    offered_kw: Decimal
    utilisation_price: Decimal
    availability_price: Decimal
    status: str
    created_at: datetime


@dataclass
class Transaction:
    """An accepted offer. `status` is stored ACCEPTED/ARMED/UNWOUND; LAPSED is derived from the clock."""

    id: str
    requirement_id: str
    offer_id: str
    buyer_id: str
    seller_id: str
    clock_id: str
    service: str
    zone_id: str
    window_start: datetime
    window_end: datetime
    accepted_kw: Decimal
    sites: list[dict[str, Any]]
    utilisation_price: Decimal
    availability_price: Decimal
    arming_deadline: datetime
    status: str
    armed_at: datetime | None
    unwound_periods: list[str]
    created_at: datetime


@dataclass
class Dispatch:
    """A dispatch instruction over `[start_at, end_at)`."""

    id: str
    transaction_id: str
    start_at: datetime
    end_at: datetime
    capacity_kw: Decimal
    instructed_at: datetime
    status: str
    overruled_at: datetime | None
    overrule_reason: str | None


@dataclass
class Unavailability:
    """A seller's unplanned unavailability notice over `[from_at, to_at)`."""

    id: str
    transaction_id: str
    detected_at: datetime
    received_at: datetime
    from_at: datetime
    to_at: datetime
    available_kw: Decimal
    reason: str
    prompt: bool


@dataclass
class MeterReading:
    """The latest half-hourly reading of one MPAN for one Settlement Period (received: when the first came)."""

    mpan: str
    period_start: datetime
    import_kwh: Decimal
    export_kwh: Decimal
    received_at: datetime


@dataclass
class CapacityTrade:
    """A bilateral MIC (IMPORT) or MEC (EXPORT) trade between two sites of one zone (BMR-30).

    `decision` is the DNO's recorded decision (see services/dno_approval.py), None until it decides.
    """

    id: str
    clock_id: str
    direction: str
    seller_mpan: str
    buyer_mpan: str
    zone_id: str
    seller_id: str
    buyer_id: str
    window_start: datetime
    window_end: datetime
    transfer_kva: Decimal
    price_gbp: Decimal
    status: str
    decision_deadline: datetime
    seller_recent_peak_kw: Decimal | None
    decision: dict[str, Any] | None
    approved_kva: Decimal | None
    revoked_from: datetime | None
    created_at: datetime


@dataclass
class OffsettingScheme:
    """The DNO's outline approval of a pair of sites for offsetting, and its fail-safe scheme (BMR-45, BMR-46).

    The buyer's site goes above its capacity; the seller's site moves first. `verified_at` is the
    DNO's latest approval or re-verification.
    """

    id: str
    clock_id: str
    zone_id: str
    direction: str
    buyer_mpan: str
    seller_mpan: str
    buyer_id: str
    seller_id: str
    status: str
    decision: dict[str, Any] | None
    verified_at: datetime | None
    created_at: datetime


@dataclass
class OffsettingTransaction:
    """Two linked legs of equal kW under one scheme (BMR-47): the seller's first, then the buyer's."""

    id: str
    clock_id: str
    scheme_id: str
    zone_id: str
    direction: str
    buyer_mpan: str
    seller_mpan: str
    buyer_id: str
    seller_id: str
    window_start: datetime
    window_end: datetime
    volume_kw: Decimal
    first_baseline_kw: Decimal
    second_baseline_kw: Decimal
    price_gbp_per_mwh: Decimal
    status: str
    decision_deadline: datetime
    decision: dict[str, Any] | None
    second_leg_from: datetime | None
    tripped_at: datetime | None
    trip_reason: str | None
    unwound_from: datetime | None
    created_at: datetime
