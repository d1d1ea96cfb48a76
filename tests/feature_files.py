"""The feature files as data: scenarios with their tags, and their steps once per Examples row."""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gherkin.parser import Parser

ROOT = Path(__file__).resolve().parents[1]
FEATURES = sorted((ROOT / "features").glob("*.feature"))
_PLACEHOLDER = re.compile(r"<([^<>]+)>")
_USE_CASE_TAG = re.compile(r"@(UC\d+)")


@dataclass(frozen=True)
class Scenario:
    """One scenario (or outline) of a feature: its name as written, its tags with the feature's, its steps."""

    feature: Path
    name: str
    tags: frozenset[str]
    steps: tuple[str, ...]
    examples: tuple[dict[str, str], ...]

    def runs(self) -> Iterator[tuple[str, list[str]]]:
        """Each run of the scenario: a label and its step texts, placeholders filled from an Examples row."""
        if not self.examples:
            yield self.name, list(self.steps)
            return
        for row in self.examples:
            fill = lambda text, row=row: _PLACEHOLDER.sub(lambda m: row.get(m[1], m[0]), text)  # noqa: E731
            yield fill(self.name), [fill(step) for step in self.steps]

    @property
    def use_case(self) -> str:
        """The use case the scenario belongs to, from its feature's tag (`@UC1` gives `UC1`)."""
        (found,) = {m[1] for tag in self.tags if (m := _USE_CASE_TAG.fullmatch(tag))}
        return found


def _scenario_nodes(children: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for child in children:
        if "scenario" in child:
            yield child["scenario"]
        elif "rule" in child:
            yield from _scenario_nodes(child["rule"]["children"])


def _examples(node: dict[str, Any]) -> tuple[dict[str, str], ...]:
    rows: list[dict[str, str]] = []
    for block in node.get("examples", []):
        header = [cell["value"] for cell in block["tableHeader"]["cells"]]
        rows += [dict(zip(header, (c["value"] for c in row["cells"]), strict=True)) for row in block["tableBody"]]
    return tuple(rows)


def scenarios(path: Path) -> list[Scenario]:
    """Every scenario of one feature file."""
    feature = Parser().parse(path.read_text(encoding="utf-8"))["feature"]
    feature_tags = {tag["name"] for tag in feature["tags"]}
    return [
        Scenario(
            feature=path,
            name=node["name"],
            tags=frozenset(feature_tags | {tag["name"] for tag in node["tags"]}),
            steps=tuple(step["text"] for step in node["steps"]),
            examples=_examples(node),
        )
        for node in _scenario_nodes(feature["children"])
    ]


def all_scenarios() -> list[Scenario]:
    """Every scenario of every feature file."""
    return [scenario for path in FEATURES for scenario in scenarios(path)]


def runs_by_use_case(named: str = "") -> Counter[str]:
    """How many runs (a scenario, or one per Examples row) each use case has, of scenarios whose name holds `named`.

    `named` is matched as `-k WORD` matches a scenario's name: case-insensitive, within the name as written.
    """
    return Counter(
        s.use_case for s in all_scenarios() if named.lower() in s.name.lower() for _ in range(max(1, len(s.examples)))
    )


def suite_size() -> int:
    """How many runs the whole suite has."""
    return sum(runs_by_use_case().values())


def all_passed() -> dict[str, str]:
    """The verdict of every use case in a report of a whole run that passed."""
    tags = {tag[1:] for scenario in all_scenarios() for tag in scenario.tags if re.fullmatch(r"@UC\d+", tag)}
    return dict.fromkeys(sorted(tags), "PASS")


def use_cases() -> list[str]:
    """The use cases the features check (their @UCn tags), in order."""
    tags = {tag[1:] for scenario in all_scenarios() for tag in scenario.tags if re.fullmatch(r"@UC\d+", tag)}
    return sorted(tags, key=lambda uc: int(uc[2:]))
