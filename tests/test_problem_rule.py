"""A refusal under a rule must name that rule; where the spec allows two answers, both pass.

Against NMFs that differ from the reference only in their problem documents (tests/problem_nmfs.py).
"""

import pytest

from tests.command import ROOT, SUITE_RUN

pytest_plugins = ["pytester"]

LAPSED = "flexibility_that_lapsed_unarmed"
POSITIONS = "flexibility_bought_after_an_outage"


def run_suite(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str
) -> pytest.RunResult:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    target = f"python:tests.problem_nmfs:{factory}"
    return pytester.runpytest_subprocess(*SUITE_RUN, "--nmf-target", target, "-k", selection)


@pytest.mark.parametrize(
    ("factory", "selection", "failure"),
    [
        (
            "rule_dropped",
            LAPSED,
            "[BMR-09] POST /dispatches problem /rule: expected 'BMR-09', got None "
            "(a 409 refusal under a rule must name it in `rule`; the problem names no rule)",
        ),
        (
            "lapse_cited_as_dispatch",
            LAPSED,
            "[BMR-09] POST /dispatches problem /rule: expected 'BMR-09', got 'BMR-11'",
        ),
        (
            "non_party_reads_forbidden_citing_visibility",
            POSITIONS,
            "problem /rule: expected 'BMR-15', got 'BMR-14'",
        ),
    ],
)
def test_a_refusal_that_names_no_rule_or_another_rule_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str, failure: str
) -> None:
    result = run_suite(pytester, monkeypatch, factory, selection)
    outcomes = result.parseoutcomes()
    assert (outcomes.get("failed"), outcomes.get("passed")) == (1, None), outcomes
    assert any(failure in line for line in result.outlines), f"no line names {failure!r}"


def test_a_refusal_under_no_rule_that_names_one_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_suite(pytester, monkeypatch, "unknown_ids_cited_under_a_rule", "never_published")
    result.assert_outcomes(failed=1)
    failure = "POST /offers problem /rule: expected None, got 'BMR-07' (a refusal the refusal table lists under no rule"
    assert any(failure in line for line in result.outlines), f"no line names {failure!r}"


def test_a_non_party_read_may_be_refused_with_403_citing_bmr_15(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_suite(pytester, monkeypatch, "non_party_reads_forbidden", f"{POSITIONS} or {LAPSED}")
    result.assert_outcomes(passed=2)
