"""Stable scenario IDs: present and unique in the feature files, given without renumbering, shown by the commands."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from conformance.catalogue import scenarios
from conformance.paths import FEATURES_DIR
from conformance.scenario_ids import assign, headings, problems
from tests.command import run_conformance

NEW_SCENARIO = """
  @BMR-05
  Scenario: A scenario added on another branch
    Given the market clock reads "2030-01-15T16:00:00Z"
"""


def features() -> list[Path]:
    return sorted(FEATURES_DIR.glob("*.feature"))


def test_every_scenario_has_one_id_of_its_own_use_case() -> None:
    assert [str(problem) for problem in problems(features())] == []
    assert all(h.scenario_id for path in features() for h in headings(path))


def test_every_scenario_and_example_row_has_a_unique_id() -> None:
    ids = [s["id"] for s in scenarios()]
    assert None not in ids
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    outline_rows = [i for i in ids if i is not None and "." in i]
    assert outline_rows  # the features have outlines; their rows are numbered from 1
    assert all(int(i.rpartition(".")[2]) >= 1 for i in outline_rows)


def test_new_scenarios_get_the_next_free_id_and_no_id_changes(tmp_path: Path) -> None:
    for path in features():
        shutil.copy(path, tmp_path / path.name)
    copies = sorted(tmp_path.glob("*.feature"))
    before = {(p.name, h.name): h.scenario_id for p in copies for h in headings(p)}
    uc1 = next(p for p in copies if p.name.startswith("uc1_"))
    highest = max(int(str(h.scenario_id).rpartition("-S")[2]) for h in headings(uc1))
    uc1.write_text(uc1.read_text(encoding="utf-8") + NEW_SCENARIO, encoding="utf-8")
    untagged = '\n  Scenario: One without tags\n    Given the market clock reads "2030-01-15T16:00:00Z"\n'
    uc1.write_text(uc1.read_text(encoding="utf-8") + untagged, encoding="utf-8")
    assert [p.text for p in problems(copies)] == [
        "scenario without an ID: A scenario added on another branch",
        "scenario without an ID: One without tags",
    ]

    given = assign(copies)

    assert [(h.name, new) for h, new in given] == [
        ("A scenario added on another branch", f"UC1-S{highest + 1:02d}"),
        ("One without tags", f"UC1-S{highest + 2:02d}"),
    ]
    after = {(p.name, h.name): h.scenario_id for p in copies for h in headings(p)}
    assert {key: after[key] for key in before} == before
    assert f"  @UC1-S{highest + 1:02d} @BMR-05\n  Scenario: A scenario added" in uc1.read_text(encoding="utf-8")
    assert problems(copies) == []
    assert assign(copies) == []  # nothing left to give


def test_a_duplicated_id_is_a_problem(tmp_path: Path) -> None:
    uc2 = next(p for p in features() if p.name.startswith("uc2_"))
    copy = tmp_path / uc2.name
    text = uc2.read_text(encoding="utf-8")
    copy.write_text(text.replace("@UC2-S02 ", "@UC2-S01 ", 1), encoding="utf-8")
    assert [p.text for p in problems([copy])] == ["ID UC2-S01 is used 2 times"] * 2


def test_list_prints_use_cases_rules_and_scenarios_with_ids() -> None:
    result = run_conformance("list")
    assert result.returncode == 0, result.stderr
    assert "UC1      UC1 DSO Constraint Management" in result.stdout
    assert "BMR-20  Settlement" in result.stdout
    assert [line.split()[0] for line in result.stdout.partition("Scenarios:\n")[2].splitlines()] == [
        s["id"] for s in scenarios()
    ]


def test_requirements_gives_each_rule_its_scenarios_and_their_latest_outcome(tmp_path: Path) -> None:
    report = {"generatedAt": "2030-01-01T00:00:00Z", "scenarios": [{"id": "UC1-S02.4", "outcome": "failed"}]}
    (tmp_path / "report.json").write_text(json.dumps(report), encoding="utf-8")
    result = run_conformance("requirements", "--report", str(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "| BMR-01 Settlement Periods |" in line]
    assert rows[0].startswith("| every use case;")
    assert rows[0].endswith(
        "| UC1-S02.4 A requirement that breaks a market rule is refused (window off the half hour) | failed |"
    )
    assert all(row.endswith("| not in the report |") for row in rows[1:])
    missing = run_conformance("requirements", "--report", str(tmp_path / "nowhere"))
    assert missing.returncode == 4
    assert "no readable report" in missing.stderr
