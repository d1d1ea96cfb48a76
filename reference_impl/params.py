"""Conformance Market Rules parameters (docs/rules.md, "Parameters"): one place for every figure."""

from datetime import timedelta
from decimal import Decimal
from typing import Final

CONSTRAINT_MANAGEMENT: Final = "CONSTRAINT_MANAGEMENT"
PEAK_MANAGEMENT: Final = "PEAK_MANAGEMENT"
SHORT_TERM_OPERATING_RESERVE: Final = "SHORT_TERM_OPERATING_RESERVE"
ESO_SERVICES: Final = frozenset({SHORT_TERM_OPERATING_RESERVE})
# Services whose flexibility may not be used after the arming deadline (BMR-09).
USED_ONLY_BEFORE_ARMING_DEADLINE: Final = frozenset({PEAK_MANAGEMENT, SHORT_TERM_OPERATING_RESERVE})

SETTLEMENT_PERIOD: Final = timedelta(minutes=30)
SETTLEMENT_PERIOD_HOURS: Final = Decimal("0.5")
MAX_WINDOW_PERIODS: Final = 48
ARMING_NOTICE: Final = {
    CONSTRAINT_MANAGEMENT: timedelta(minutes=15),
    PEAK_MANAGEMENT: timedelta(minutes=120),
    SHORT_TERM_OPERATING_RESERVE: timedelta(minutes=20),
}
PRICE_CAP_GBP_PER_MWH: Final = {
    CONSTRAINT_MANAGEMENT: Decimal("500.00"),
    PEAK_MANAGEMENT: Decimal("300.00"),
    SHORT_TERM_OPERATING_RESERVE: Decimal("500.00"),
}
DISPATCH_NOTICE: Final = timedelta(minutes=15)
STOR_MINIMUM_KW: Final = Decimal(3000)
STOR_MINIMUM_SUSTAIN: Final = timedelta(minutes=120)
GATE_CLOSURE: Final = timedelta(minutes=60)
PROMPT_NOTICE: Final = timedelta(minutes=15)
DELIVERY_TOLERANCE: Final = Decimal("0.05")
PENALTY_MULTIPLIER: Final = Decimal("1.00")
UNWIND_COMPENSATION_RATE: Final = Decimal("0.10")
POWER_FACTOR: Final = Decimal("0.95")
CAPACITY_DECISION_LEAD: Final = timedelta(minutes=120)
RECENT_USAGE_PERIODS: Final = 48
OFFSET_LEG_TOLERANCE: Final = Decimal("0.05")
FAILSAFE_RATIO: Final = Decimal("0.90")
FAILSAFE_REACTION: Final = timedelta(minutes=5)
DATA_SILENCE_LIMIT: Final = timedelta(minutes=15)
# How often a served NMF runs the real clock's timed checks (test clocks run them as they move).
REAL_CLOCK_WATCH: Final = timedelta(seconds=30)
SCHEME_VERIFICATION_INTERVAL: Final = timedelta(days=7)
OFFSET_MIN_PERIODS: Final = 3

PROVIDER_ROLES: Final = frozenset(
    {
        "COMMUNITY_ENERGY_SCHEME",
        "DOMESTIC_CONSUMER",
        "NON_DOMESTIC_CONSUMER",
        "DIRECTLY_CONNECTED_GENERATION",
        "DIRECTLY_CONNECTED_STORAGE",
    }
)
SELLER_ROLES: Final = PROVIDER_ROLES | {"AGGREGATOR"}
ALL_ROLES: Final = PROVIDER_ROLES | {"AGGREGATOR", "BRP", "DCC", "DNO", "DSO", "ESO", "SUPPLIER", "TRADER"}
ACTION_REPORT: Final = timedelta(minutes=15)
REDUCE_DEMAND: Final = "REDUCE_DEMAND"
INCREASE_DEMAND: Final = "INCREASE_DEMAND"
