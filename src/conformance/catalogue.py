"""What the suite checks, read from the feature files and the rules page: `conformance list` and `requirements`.

The requirements matrix runs from the report section a rule serves (its *Serves:* line on the
rules page) to the rule, to the scenarios that check it, to each scenario's outcome in a report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.identity import ScenarioIdentity, identity_of
from conformance.paths import FEATURES_DIR, SPEC_DIR

__all__ = ["Rule", "documented_rules", "render_list", "render_requirements", "scenarios"]

RULES_PAGE = SPEC_DIR / "docs" / "rules.md"  # in a source checkout; an installed wheel has no docs/
_HEADING = re.compile(r"^### (BMR-\d{2}) (.+)$")
_SERVES = re.compile(r"^\*Serves:\*\s*(.+)$")


@dataclass(frozen=True)
class Rule:
    """A Conformance Market Rule as the rules page states it."""

    rule_id: str
    title: str
    serves: str


def scenarios(features_dir: Path = FEATURES_DIR) -> list[ScenarioIdentity]:
    """Every scenario the suite runs, each example row of an outline on its own, in feature-file order."""
    from pytest_bdd.feature import get_features  # noqa: PLC0415 - pytest-bdd only for these commands

    found: list[ScenarioIdentity] = []
    for feature in get_features([str(features_dir)]):
        for template in feature.scenarios.values():
            rows = [row for block in template.examples for row in block.as_contexts()]
            found += [identity_of(template, row) for row in rows] or [identity_of(template, {})]
    return found


def documented_rules(rules_page: Path = RULES_PAGE) -> dict[str, Rule]:
    """The rules of the rules page with their titles and the report sections they serve (none without the page)."""
    if not rules_page.is_file():
        return {}
    rules: dict[str, Rule] = {}
    current: tuple[str, str] | None = None
    for line in rules_page.read_text(encoding="utf-8").splitlines():
        heading, serves = _HEADING.match(line), _SERVES.match(line)
        if heading:
            current = (heading[1], heading[2].strip())
            rules[current[0]] = Rule(current[0], current[1], "")
        elif serves and current is not None:
            rules[current[0]] = Rule(current[0], current[1], serves[1].strip())
    return rules


def render_list(found: Iterable[ScenarioIdentity], rules: Mapping[str, Rule]) -> str:
    """Use cases, rules and scenarios with their IDs."""
    listed = list(found)
    lines = ["Use cases:"]
    features = {s["useCase"] or "(none)": s["feature"] for s in listed}
    lines += [f"  {uc:<8} {feature}" for uc, feature in features.items()]
    lines += ["", "Conformance Market Rules:"]
    checked = sorted({rule for s in listed for rule in s["rules"]} | set(rules))
    for rule_id in checked:
        count = sum(1 for s in listed if rule_id in s["rules"])
        title = rules[rule_id].title if rule_id in rules else ""
        lines.append(f"  {rule_id}  {title:<45} {count} scenarios")
    lines += ["", "Scenarios:"]
    lines += [f"  {s['id'] or '(no ID)':<11} {', '.join(s['rules']) or '-':<30} {s['name']}" for s in listed]
    return "\n".join(lines) + "\n"


def render_requirements(
    found: Iterable[ScenarioIdentity], rules: Mapping[str, Rule], report: Mapping[str, Any] | None
) -> str:
    """The matrix report section → rule → scenarios → outcome in `report` (if given), as Markdown."""
    listed = list(found)
    outcomes = {s.get("id"): s["outcome"] for s in (report or {}).get("scenarios", []) if s.get("id")}
    source = f"outcomes of the report generated {report['generatedAt']}" if report else "no report: outcomes unknown"
    lines = [
        f"# Requirements matrix ({source})",
        "",
        "| report section | rule | scenario | outcome |",
        "|---|---|---|---|",
    ]
    for rule_id in sorted({rule for s in listed for rule in s["rules"]} | set(rules)):
        rule = rules.get(rule_id, Rule(rule_id, "", ""))
        checking = [s for s in listed if rule_id in s["rules"]]
        section = _cell(rule.serves or "-")
        title = _cell(f"{rule_id} {rule.title}".strip())
        if not checking:
            lines.append(f"| {section} | {title} | **no scenario** | - |")
        for scenario in checking:
            outcome = outcomes.get(scenario["id"], "not in the report" if report else "-")
            lines.append(f"| {section} | {title} | {scenario['id']} {_cell(scenario['name'])} | {outcome} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
