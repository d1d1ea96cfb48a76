"""Unit tests of the pure rules: MPAN, Settlement Periods, Gate Closure, money, volumes."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from reference_impl.money import format_money, format_quantity, format_volume, round_pence
from reference_impl.mpan import check_digit, is_valid_mpan, mpan_error
from reference_impl.problems import ProblemError
from reference_impl.services.volumes import site_volume_kwh
from reference_impl.settlement_periods import (
    after_gate_closure,
    gate_closure,
    is_period_start,
    periods,
    require_window,
)


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2030, 1, 15, hour, minute, second, tzinfo=UTC)


def test_check_digit_worked_by_hand() -> None:
    # 3 + 10 + 21 + 52 + 85 + 114 + 161 + 232 + 279 + 0 + 41 + 86 = 1084; 1084 mod 11 = 6; 6 mod 10 = 6
    assert check_digit("123456789012") == 6
    assert is_valid_mpan("1234567890126")
    assert not is_valid_mpan("1234567890120")


@pytest.mark.parametrize(
    ("mpan", "reason"),
    [
        ("0934567890120", "distributor"),
        ("3734567890120", "distributor"),
        ("12345678901", "13 digits"),
        ("12345678901a0", "13 digits"),
        ("1234567890125", "check digit"),
    ],
)
def test_invalid_mpans_say_why(mpan: str, reason: str) -> None:
    assert reason in (mpan_error(mpan) or "")


def test_period_alignment_and_iteration() -> None:
    assert is_period_start(at(17))
    assert is_period_start(at(17, 30))
    assert not is_period_start(at(17, 15))
    assert not is_period_start(at(17, 0, 1))
    assert periods(at(17), at(18, 30)) == [at(17), at(17, 30), at(18)]


def test_windows_are_whole_periods_and_at_most_48() -> None:
    require_window(at(0), datetime(2030, 1, 16, 0, 0, tzinfo=UTC), "/window")
    with pytest.raises(ProblemError) as too_long:
        require_window(at(0), datetime(2030, 1, 16, 0, 30, tzinfo=UTC), "/window")
    assert (too_long.value.status, too_long.value.rule) == (422, "BMR-01")
    with pytest.raises(ProblemError) as misaligned:
        require_window(at(17, 15), at(18), "/window")
    assert misaligned.value.errors[0].pointer == "/window/start"
    with pytest.raises(ProblemError):
        require_window(at(18), at(18), "/window")


def test_gate_closure_is_an_hour_before_and_counts_as_passed_when_reached() -> None:
    assert gate_closure(at(17)) == at(16)
    assert not after_gate_closure(at(15, 59, 59), at(17))
    assert after_gate_closure(at(16), at(17))


def test_money_rounds_half_up_to_the_penny() -> None:
    assert round_pence(Decimal("0.085")) == Decimal("0.09")  # banker's rounding would give 0.08
    assert round_pence(Decimal("0.0849")) == Decimal("0.08")
    assert format_money(Decimal("3.5")) == "3.50"
    assert format_money(Decimal("-0.004")) == "0.00"
    assert format_money(Decimal("-3.755")) == "-3.76"


def test_quantities_keep_at_most_three_decimals() -> None:
    assert format_quantity(Decimal("12.500")) == "12.5"
    assert format_quantity(Decimal("100")) == "100"
    assert format_quantity(Decimal("0.0005")) == "0.001"
    assert format_quantity(Decimal("-2.25")) == "-2.25"
    assert format_volume(Decimal("30")) == "30.000"


def test_volume_split_by_share_of_offered_kw() -> None:
    assert site_volume_kwh(Decimal(100), Decimal(60), Decimal(100)) == Decimal("30.000")
    assert site_volume_kwh(Decimal(50), Decimal(1), Decimal(3)) == Decimal("8.333")
    assert site_volume_kwh(Decimal(50), Decimal(2), Decimal(3)) == Decimal("16.667")
    assert site_volume_kwh(Decimal("0.001"), Decimal(1), Decimal(1)) == Decimal("0.001")  # 0.0005 half-up
