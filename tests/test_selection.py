"""Selection: use case and rule IDs match whole and must exist; a selected run says it is partial."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_bdd.parser import FeatureParser

from conformance.cli import main
from conformance.exit_codes import RunExit
from conformance.identity import identity_of
from conformance.selection import SelectionError, check_ids, documented_rules, named_ids, whole_id_expression
from tests.feature_files import suite_size, use_cases

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]

OUTLINE = """\
@UC7
Feature: UC7 Tiny market
  @BMR-04 @BMR-18 @BMR-05
  Scenario Outline: A reading is refused (<case>)
    Given the NMF answers

    Examples:
      | case      | rule   |
      | by seller | BMR-04 |
      | too early | BMR-18 |

    Examples:
      | case      | rule |
      | no rule   |      |

  @BMR-10 @BMR-11
  Scenario: A plain scenario
    Given the NMF answers
"""


@pytest.fixture
def templates(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "tiny.feature").write_text(OUTLINE, encoding="utf-8")
    return dict(FeatureParser(str(tmp_path), "tiny.feature").parse().scenarios)


def test_an_example_reports_the_rule_of_its_row_and_the_rules_no_row_claims(templates: dict[str, object]) -> None:
    outline = templates["A reading is refused (<case>)"]

    seller = identity_of(outline, {"case": "by seller", "rule": "BMR-04"})
    early = identity_of(outline, {"case": "too early", "rule": "BMR-18"})
    no_rule = identity_of(outline, {"case": "no rule", "rule": ""})

    # BMR-05 is on the outline and no row cites it: it holds for every example.
    assert (seller["name"], seller["rules"]) == ("A reading is refused (by seller)", ["BMR-04", "BMR-05"])
    assert early["rules"] == ["BMR-05", "BMR-18"]
    assert no_rule["rules"] == ["BMR-04", "BMR-05", "BMR-18"]
    assert seller["tags"] == ["BMR-04", "BMR-05", "BMR-18", "UC7"]
    assert seller["useCase"] == "UC7"


def test_a_plain_scenario_reports_its_rule_tags(templates: dict[str, object]) -> None:
    assert identity_of(templates["A plain scenario"], {})["rules"] == ["BMR-10", "BMR-11"]


def test_ids_are_rewritten_to_whole_id_keywords_and_other_words_kept() -> None:
    expression = "(uc1 or BMR-1) and not dispatch_10"

    assert named_ids(expression) == ["UC1", "BMR-1"]
    assert whole_id_expression(expression) == "(id:UC1: or id:BMR-1:) and not dispatch_10"
    assert whole_id_expression(whole_id_expression(expression)) == whole_id_expression(expression)
    assert whole_id_expression("BMR-1") not in whole_id_expression("BMR-10")


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ("UC3", "unknown use case UC3 in -k: the suite has features for UC1, UC2"),
        ("BMR-1", "unknown rule BMR-1 in -k: a rule ID matches whole, and the rules are BMR-01, BMR-10"),
        ("UC1 and not BMR-99", "unknown rule BMR-99"),
    ],
)
def test_an_unknown_id_is_an_error(expression: str, error: str) -> None:
    with pytest.raises(SelectionError, match=error):
        check_ids(expression, use_cases={"UC2", "UC1"}, rules={"BMR-10", "BMR-01"})


def test_known_ids_and_plain_words_pass() -> None:
    check_ids("uc1 and BMR-10 or anything", use_cases={"UC1"}, rules={"BMR-10"})


def test_the_rules_page_defines_the_rule_ids(tmp_path: Path) -> None:
    page = tmp_path / "rules.md"
    page.write_text("# Rules\n\n### BMR-01 Periods\n\ntext BMR-99 in prose\n\n### BMR-22 Neutral\n", encoding="utf-8")

    assert documented_rules(page) == {"BMR-01", "BMR-22"}
    assert documented_rules(tmp_path / "absent.md") == set()
    assert {"BMR-01", "BMR-22"} <= documented_rules(ROOT / "docs" / "rules.md")


def test_a_rule_id_selects_whole_in_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", tiny=OUTLINE)
    pytester.makepyfile(
        test_tiny="""
from pytest_bdd import given, scenarios

scenarios("tiny.feature")


@given("the NMF answers")
def _():
    pass
"""
    )

    whole = pytester.runpytest("-p", "conformance.plugin", "-k", "BMR-1", "--collect-only", "-q")
    ten = pytester.runpytest("-p", "conformance.plugin", "-k", "BMR-10", "--collect-only", "-q")

    assert whole.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    ten.stdout.fnmatch_lines(["*test_a_plain_scenario*", "*1/4 tests collected (3 deselected)*"])


# -- the command ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selection", "code", "line"),
    [
        (
            "UC9",
            RunExit.USAGE_ERROR,
            f"conformance: unknown use case UC9 in -k: the suite has features for {', '.join(use_cases())}",
        ),
        ("BMR-1", RunExit.USAGE_ERROR, "conformance: unknown rule BMR-1 in -k: a rule ID matches whole"),
        ("BMR-99 or UC1", RunExit.USAGE_ERROR, "conformance: unknown rule BMR-99 in -k"),
        ("no_such_words", RunExit.NOTHING_SELECTED, "conformance: -k 'no_such_words' selects none of the"),
    ],
)
def test_a_selection_that_cannot_run_is_one_line_and_its_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], selection: str, code: RunExit, line: str
) -> None:
    assert main(["run", "--report", str(tmp_path), "-k", selection]) == code

    err = capsys.readouterr().err
    assert err.startswith(line)
    assert err.count("\n") == 1
    assert not (tmp_path / "report.json").exists()


def test_a_selected_run_records_its_selection_and_is_not_a_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--report", str(tmp_path), "-k", "BMR-09"]) == RunExit.PASSED

    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    selected = report["summary"]["total"]
    assert report["selection"] == {"keywords": "BMR-09", "selected": selected, "total": suite_size()}
    assert 0 < selected < report["selection"]["total"]
    assert all("BMR-09" in scenario["rules"] for scenario in report["scenarios"])
    assert (report["verdict"], report["conformanceClaim"]) == ("PARTIAL", False)
    selected_ucs = {scenario["useCase"] for scenario in report["scenarios"]}
    assert {uc: counts["verdict"] for uc, counts in report["useCases"].items()} == {
        uc: "PARTIAL" if uc in selected_ucs else "NOT SELECTED" for uc in report["useCases"]
    }
    assert selected_ucs
    assert set(report["useCases"]) - selected_ucs  # some use cases are not selected
    headline = (
        f"Verdict: PARTIAL: a selection (-k BMR-09: {selected} of {suite_size()} scenarios). Not a conformance claim."
    )
    assert headline in capsys.readouterr().out
    assert headline in (tmp_path / "report.md").read_text(encoding="utf-8")
