"""UC3 against broken NMFs: one that never consults the DSO, one that lets a STOR commitment overlap another.

Each must fail the scenario that checks the behaviour, with a message naming the rule it breaks.
"""

import re

import pytest

from tests.command import ROOT, SUITE_RUN

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(
    ("mutant", "selection", "failure"),
    [
        (
            "coordination_skipped",
            "reserve_bought_ahead",
            "[BMR-24] VisibilityNotice /payload: expected [",
        ),
        (
            "stacking_unchecked",
            "serves_one_service and SHORT_TERM_OPERATING_RESERVE-armed-2030-01-15T17:00:00Z-DSO-"
            "CONSTRAINT_MANAGEMENT-2030-01-15T17:30:00Z",
            "[BMR-10]",
        ),
    ],
)
def test_uc3_names_the_broken_rule(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, mutant: str, selection: str, failure: str
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(
        *SUITE_RUN, "--nmf-target", f"python:tests.mutant_nmfs:{mutant}", "-k", selection
    )
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines([".*" + re.escape(failure)])
