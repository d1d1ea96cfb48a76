"""Testing the tester on UC6: an NMF that lets the second leg rise first, or never trips, fails naming the rule."""

import re

import pytest

from tests.test_faulty_nmfs import run_suite

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(
    ("factory", "selection", "failed", "failure"),
    [
        (
            "offsetting_nmfs:second_leg_rises_first",
            "BMR-49",
            13,  # UC6-S01, S02 (5 rows), S06, S10 (4 rows), S18, S19
            "[BMR-49] offsetting transaction /secondLeg/start: expected",
        ),
        (
            "offsetting_nmfs:failsafe_never_trips",
            "BMR-50",
            4,  # UC6-S03 (2 rows), the tripping row of S04, S20
            "[BMR-50] offsetting transaction /status: expected 'FAILSAFE_TRIPPED', got 'APPROVED'",
        ),
    ],
)
def test_the_suite_names_the_broken_offsetting_rule(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str, failed: int, failure: str
) -> None:
    result = run_suite(pytester, monkeypatch, factory, selection)
    assert result.parseoutcomes().get("failed", 0) == failed, result.stdout.str()[-3000:]
    result.stdout.re_match_lines([".*" + re.escape(failure)])
