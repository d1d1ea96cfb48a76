"""Every rule parameter matters: a reference with one parameter off fails the scenarios tagged with its rule."""

import pytest

from tests.command import ROOT, SUITE_RUN
from tests.mutant_nmfs import MUTANTS

pytest_plugins = ["pytester"]


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_the_rules_scenarios_catch_the_mutant(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    rule = MUTANTS[name][1]
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(*SUITE_RUN, "--nmf-target", f"python:tests.mutant_nmfs:{name}", "-k", rule)
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1, f"no {rule} scenario noticed the mutant {name}"
