"""Who a collected scenario is: feature, use case, name and the rules it checks, per outline example.

An outline's tags name every rule any of its examples checks. The rules of one example are the rule
IDs in its row's `rule` column, plus the outline's rule tags that no row cites (those hold for every
example). An example whose row cites no rule has the outline's rule tags, as a plain scenario does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, TypedDict

from pytest_bdd.parser import render_string

__all__ = [
    "RULE_COLUMN",
    "RULE_ID",
    "SCENARIO_ID",
    "USE_CASE_ID",
    "ScenarioIdentity",
    "identity_of",
    "rules_in",
]

USE_CASE_ID: Final = re.compile(r"UC\d+")
SCENARIO_ID: Final = re.compile(r"UC\d+-S\d{2,}")  # a scenario's stable ID tag (conformance.scenario_ids)
RULE_ID: Final = re.compile(r"BMR-\d{2}")
RULE_COLUMN: Final = "rule"  # the Examples column naming the rule(s) one example checks


class ScenarioIdentity(TypedDict):
    """What the report says about a scenario before and after it runs."""

    id: str | None  # UC1-S07, or UC1-S07.3 for the third example row of an outline
    feature: str
    useCase: str | None
    name: str
    tags: list[str]
    rules: list[str]


def rules_in(text: str) -> set[str]:
    """The rule IDs written in `text` (a tag, or a `rule` cell such as "BMR-04, BMR-18")."""
    return set(re.findall(rf"\b{RULE_ID.pattern}\b", text))


def identity_of(template: Any, example: Mapping[str, str]) -> ScenarioIdentity:
    """The identity of pytest-bdd's `ScenarioTemplate` run with one outline `example` row ({} if none)."""
    feature = template.feature
    rule_tags = template.rule.tags if template.rule is not None else set()
    tags = sorted(set(template.tags) | set(feature.tags) | set(rule_tags))
    use_cases = [tag for tag in tags if USE_CASE_ID.fullmatch(tag)]
    ids = [tag for tag in template.tags if SCENARIO_ID.fullmatch(tag)]
    return {
        "id": _example_id(ids[0], template.examples, example) if len(ids) == 1 else None,
        "feature": feature.name or Path(feature.filename).stem,
        "useCase": use_cases[0] if use_cases else None,
        "name": render_string(template.name, example)
        if example
        else template.name,  # not render(): it copies every step
        "tags": tags,
        "rules": sorted(_example_rules(template.examples, example, tags)),
    }


def _example_id(scenario_id: str, blocks: Iterable[Any], example: Mapping[str, str]) -> str:
    """The outline's ID, then `.N` for the example row at 1-based position N across its Examples blocks."""
    if not example:
        return scenario_id
    rows = [row for block in blocks for row in block.as_contexts()]
    position = next((i for i, row in enumerate(rows, 1) if dict(row) == dict(example)), 0)
    return f"{scenario_id}.{position}"


def _example_rules(blocks: Iterable[Any], example: Mapping[str, str], tags: Iterable[str]) -> set[str]:
    tagged = {tag for tag in tags if RULE_ID.fullmatch(tag)}
    own = rules_in(example.get(RULE_COLUMN, ""))
    if not own:
        return tagged
    cited = {rule for block in blocks for row in block.as_contexts() for rule in rules_in(row.get(RULE_COLUMN, ""))}
    return own | (tagged - cited)
