"""Verification (BMR-19) and settlement lines (BMR-20, BMR-21), worked by hand."""

from decimal import Decimal

from reference_impl.services.delivery import (
    AWAITING_METER_DATA,
    DELIVERED,
    UNDER_DELIVERED,
    Line,
    Terms,
    assess,
    settle_period,
)

D = Decimal
TERMS = Terms(accepted_kw=D(100), utilisation_gbp_per_mwh=D("300.00"), availability_gbp_per_mw_per_h=D("10.00"))
# Two sites: baselines 80 kW and 50 kW import -> (80 + 50) x 0.5 = 65 kWh; 100 kW dispatched -> 50 kWh.
BASELINES = [(D(80), D(0)), (D(50), D(0))]


def test_95_percent_is_delivered_and_unpenalised() -> None:
    delivery = assess(D(100), BASELINES, [(D(10), D(0)), (D("7.5"), D(0))])
    assert (delivery.baseline_kwh, delivery.metered_kwh, delivery.delivered_kwh) == (
        D(65),
        D("17.5"),
        D("47.5"),
    )
    assert delivery.status == DELIVERED
    line = settle_period(TERMS, armed=True, released=False, delivery=delivery)
    # availability 100/1000 x 0.5 x 10.00 = 0.50; utilisation 47.5/1000 x 300 = 14.25; shortfall 2.5 = 5% -> 0
    assert line == Line(D("0.50"), D("14.25"), D("0.00"), D("0.00"))


def test_94_percent_is_under_delivered_and_penalised() -> None:
    delivery = assess(D(100), BASELINES, [(D(10), D(0)), (D(8), D(0))])
    assert delivery.delivered_kwh == D(47)
    assert delivery.status == UNDER_DELIVERED
    line = settle_period(TERMS, armed=True, released=False, delivery=delivery)
    # utilisation 47/1000 x 300 = 14.10; shortfall 3 kWh > 2.5 -> 3/1000 x 300 x 1.00 = 0.90
    assert line == Line(D("0.50"), D("14.10"), D("0.90"), D("0.00"))


def test_delivery_never_negative_and_export_counts() -> None:
    delivery = assess(D(10), [(D(0), D(4))], [(D(1), D(0))])
    assert (delivery.baseline_kwh, delivery.metered_kwh, delivery.delivered_kwh) == (D(-2), D(1), D(0))
    assert delivery.status == UNDER_DELIVERED


def test_missing_reading_awaits_meter_data() -> None:
    delivery = assess(D(100), BASELINES, [(D(10), D(0)), None])
    assert delivery.status == AWAITING_METER_DATA
    assert delivery.delivered_kwh is None


def test_over_delivery_earns_only_the_instructed_energy() -> None:
    delivery = assess(D(100), BASELINES, [(D(0), D(0)), (D(0), D(0))])
    line = settle_period(TERMS, armed=True, released=False, delivery=delivery)
    assert line.utilisation == D("15.00")  # min(65, 50) / 1000 x 300


def test_prompt_unavailability_caps_the_penalty_basis() -> None:
    delivery = assess(D(100), BASELINES, [(D(30), D(0)), (D(15), D(0))])  # delivered 20 kWh
    capped = settle_period(TERMS, armed=True, released=False, delivery=delivery, prompt_available_kw=D(40))
    # basis min(50, 40 x 0.5 = 20) = 20; shortfall 0 -> no penalty
    assert capped.penalty == D("0.00")
    uncapped = settle_period(TERMS, armed=True, released=False, delivery=delivery)
    assert uncapped.penalty == D("9.00")  # (50 - 20)/1000 x 300


def test_unarmed_earns_nothing_and_released_periods_are_compensated() -> None:
    assert settle_period(TERMS, armed=False, released=False, delivery=None) == Line(D(0), D(0), D(0), D(0))
    released = settle_period(TERMS, armed=True, released=True, delivery=None)
    # availability still paid for an armed transaction; compensation 100/1000 x 0.5 x 300 x 0.10
    assert released == Line(D("0.50"), D(0), D(0), D("1.50"))
    assert settle_period(TERMS, armed=False, released=True, delivery=None) == Line(D(0), D(0), D(0), D("1.50"))


def test_each_line_is_rounded_half_up() -> None:
    terms = Terms(accepted_kw=D(17), utilisation_gbp_per_mwh=D("300.00"), availability_gbp_per_mw_per_h=D("10.00"))
    line = settle_period(terms, armed=True, released=False, delivery=None)
    assert line.availability == D("0.09")  # 17/1000 x 0.5 x 10 = 0.085
