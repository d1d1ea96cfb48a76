"""Pure arithmetic of delivery verification (BMR-19) and settlement lines (BMR-20, BMR-21).

Exact Decimal throughout; only each settlement amount is rounded, half-up to the penny.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reference_impl.money import round_pence
from reference_impl.params import (
    DELIVERY_TOLERANCE,
    PENALTY_MULTIPLIER,
    SETTLEMENT_PERIOD_HOURS,
    UNWIND_COMPENSATION_RATE,
)

DELIVERED = "DELIVERED"
UNDER_DELIVERED = "UNDER_DELIVERED"
AWAITING_METER_DATA = "AWAITING_METER_DATA"
_ZERO = Decimal(0)
_KILO = Decimal(1000)


@dataclass(frozen=True)
class PeriodDelivery:
    """Verification of one dispatched Settlement Period, summed over the sites."""

    instructed_kwh: Decimal
    baseline_kwh: Decimal
    metered_kwh: Decimal | None
    delivered_kwh: Decimal | None
    status: str


def assess(
    dispatched_kw: Decimal,
    baselines_kw: Sequence[tuple[Decimal, Decimal]],
    readings_kwh: Sequence[tuple[Decimal, Decimal] | None],
) -> PeriodDelivery:
    """BMR-19 for one period: baselines as (import, export) kW, readings as (import, export) kWh or None."""
    instructed = dispatched_kw * SETTLEMENT_PERIOD_HOURS
    baseline = sum(((imp - exp) * SETTLEMENT_PERIOD_HOURS for imp, exp in baselines_kw), _ZERO)
    if any(r is None for r in readings_kwh):
        return PeriodDelivery(instructed, baseline, None, None, AWAITING_METER_DATA)
    metered = sum((imp - exp for imp, exp in (r for r in readings_kwh if r is not None)), _ZERO)
    delivered = max(_ZERO, baseline - metered)
    met = delivered >= instructed * (1 - DELIVERY_TOLERANCE)
    return PeriodDelivery(instructed, baseline, metered, delivered, DELIVERED if met else UNDER_DELIVERED)


@dataclass(frozen=True)
class Line:
    """The amounts of one Settlement Period, each rounded half-up to the penny."""

    availability: Decimal
    utilisation: Decimal
    penalty: Decimal
    compensation: Decimal


@dataclass(frozen=True)
class Terms:
    """What a transaction pays: accepted kW and its two prices."""

    accepted_kw: Decimal
    utilisation_gbp_per_mwh: Decimal
    availability_gbp_per_mw_per_h: Decimal


def penalty_basis_kwh(instructed_kwh: Decimal, prompt_available_kw: Decimal | None) -> Decimal:
    """Instructed kWh, capped at the available kW x 0.5 h of a prompt unavailability notice (BMR-17)."""
    if prompt_available_kw is None:
        return instructed_kwh
    return min(instructed_kwh, prompt_available_kw * SETTLEMENT_PERIOD_HOURS)


def settle_period(
    terms: Terms,
    *,
    armed: bool,
    released: bool,
    delivery: PeriodDelivery | None,
    prompt_available_kw: Decimal | None = None,
) -> Line:
    """BMR-20/21 for one period of the window. `delivery` is None when the period was not dispatched.

    Availability is paid for every period of an armed transaction, released or not (BMR-20 reads
    "for armed transactions"); a released period adds the unwind compensation (BMR-21).
    """
    availability = utilisation = penalty = compensation = _ZERO
    if released:
        compensation = (
            terms.accepted_kw
            / _KILO
            * SETTLEMENT_PERIOD_HOURS
            * terms.utilisation_gbp_per_mwh
            * UNWIND_COMPENSATION_RATE
        )
    if armed:
        availability = terms.accepted_kw / _KILO * SETTLEMENT_PERIOD_HOURS * terms.availability_gbp_per_mw_per_h
    if armed and delivery is not None and delivery.delivered_kwh is not None:
        delivered = delivery.delivered_kwh
        utilisation = min(delivered, delivery.instructed_kwh) / _KILO * terms.utilisation_gbp_per_mwh
        basis = penalty_basis_kwh(delivery.instructed_kwh, prompt_available_kw)
        shortfall = basis - delivered
        if shortfall > DELIVERY_TOLERANCE * basis:
            penalty = shortfall / _KILO * terms.utilisation_gbp_per_mwh * PENALTY_MULTIPLIER
    return Line(round_pence(availability), round_pence(utilisation), round_pence(penalty), round_pence(compensation))
