"""Each rule of wholesale portfolio optimisation (BMR-38 to BMR-44) fails the suite when an NMF breaks it."""

import re

import pytest

from tests.command import ROOT, SUITE_RUN
from tests.portfolio_nmfs import BROKEN

pytest_plugins = ["pytester"]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_suite_names_the_broken_portfolio_rule(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    _, selection, failure = BROKEN[name]
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(
        *SUITE_RUN, "--nmf-target", f"python:tests.portfolio_nmfs:{name}", "-k", selection
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1, f"no scenario of {selection!r} noticed {name}"
    result.stdout.re_match_lines([".*" + re.escape(failure)])


def test_the_same_scenarios_pass_against_the_reference(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    selection = " or ".join(f"({s})" for s in sorted({s for _, s, _ in BROKEN.values()}))
    result = pytester.runpytest_subprocess(*SUITE_RUN, "-k", selection)
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0, outcomes
    assert outcomes.get("passed", 0) >= len({s for _, s, _ in BROKEN.values()}), outcomes
