"""The feature files are data: lint them like the JSON-Schema-Test-Suite lints its cases."""

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from gherkin.parser import Parser

from conformance.configuration.capabilities import TEST_CLOCK_TAG
from conformance.world.labels import TABLE_3_ACTORS

ROOT = Path(__file__).resolve().parents[1]
FEATURES = sorted((ROOT / "features").glob("*.feature"))
RULES_PAGE = ROOT / "docs" / "rules.md"
# A use case, a rule, a scenario's ID, or a capability the scenario needs beyond its use case.
TAG = re.compile(rf"@(UC\d+|BMR-\d{{2}}|UC\d+-S\d{{2,}}|{TEST_CLOCK_TAG})$")

# Potential conflicts and post-conditions each use case lists (report, Appendix 1).
SECTION_COUNTS = {
    "UC1": (6, 2),
    "UC2": (6, 2),
    "UC3": (6, 2),
    "UC4": (4, 2),
    "UC5": (4, 3),
    "UC6": (6, 2),
    "UC7": (6, 1),
    "UC8": (6, 1),
}


def parse(path: Path) -> dict[str, Any]:
    return Parser().parse(path.read_text(encoding="utf-8"))["feature"]


def scenarios(path: Path) -> list[dict[str, Any]]:
    return [child["scenario"] for child in parse(path)["children"] if "scenario" in child]


def rule_ids() -> set[str]:
    return set(re.findall(r"^### (BMR-\d{2}) ", RULES_PAGE.read_text(encoding="utf-8"), flags=re.MULTILINE))


def all_tags() -> list[str]:
    tags = []
    for path in FEATURES:
        tags += [tag["name"] for tag in parse(path)["tags"]]
        tags += [tag["name"] for scenario in scenarios(path) for tag in scenario["tags"]]
    return tags


def test_there_are_features() -> None:
    assert {path.name[:4] for path in FEATURES} >= {"uc1_", "uc2_"}


def test_scenario_names_are_unique_across_features() -> None:
    names = Counter(scenario["name"] for path in FEATURES for scenario in scenarios(path))
    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.name)
def test_scenario_names_state_facts(path: Path) -> None:
    assert [s["name"] for s in scenarios(path) if re.search(r"(?i)\bshould\b|\btests? that\b", s["name"])] == []


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.name)
def test_feature_carries_exactly_its_use_case_tag(path: Path) -> None:
    use_case = path.name.split("_")[0].upper()
    assert [tag["name"] for tag in parse(path)["tags"]] == [f"@{use_case}"]


def test_every_tag_is_a_use_case_a_rule_or_a_scenario_id() -> None:
    assert [tag for tag in all_tags() if not TAG.match(tag)] == []


def test_every_rule_tag_names_a_rule() -> None:
    tagged = {tag[1:] for tag in all_tags() if tag.startswith("@BMR-")}
    assert sorted(tagged - rule_ids()) == []


def test_every_rule_is_checked_by_a_scenario() -> None:
    tagged = {tag[1:] for tag in all_tags() if tag.startswith("@BMR-")}
    assert sorted(rule_ids() - tagged) == []


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.name)
def test_every_scenario_checks_a_rule(path: Path) -> None:
    untagged = [s["name"] for s in scenarios(path) if not any(t["name"].startswith("@BMR-") for t in s["tags"])]
    assert untagged == []


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.name)
def test_positions_table_names_all_fourteen_actors(path: Path) -> None:
    tables = [
        step["dataTable"]
        for scenario in scenarios(path)
        for step in scenario["steps"]
        if step["text"].startswith("the market actors hold these positions")
    ]
    named = [[row["cells"][0]["value"] for row in table["rows"][1:]] for table in tables]
    assert [sorted(actors) for actors in named].count(sorted(TABLE_3_ACTORS)) == 1  # the main flow: all 14
    assert all(set(actors) <= set(TABLE_3_ACTORS) for actors in named)  # others: some of them


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.name)
def test_every_conflict_and_post_condition_has_a_marked_scenario(path: Path) -> None:
    comments = [comment["text"].strip() for comment in Parser().parse(path.read_text(encoding="utf-8"))["comments"]]
    conflicts, post_conditions = SECTION_COUNTS[path.name.split("_")[0].upper()]
    for marker, count in (("# Potential conflict:", conflicts), ("# Post-condition:", post_conditions)):
        assert sum(comment.startswith(marker) for comment in comments) == count, marker


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.name)
def test_background_holds_only_givens(path: Path) -> None:
    backgrounds = [child["background"] for child in parse(path)["children"] if "background" in child]
    keywords = {step["keyword"].strip() for background in backgrounds for step in background["steps"]}
    assert keywords <= {"Given", "And"}
