"""The use-case pages claim only what a named scenario checks.

Each page lists, under its actor positions, its potential conflicts and its post-conditions, a
coverage table `| covers | scenario | tags |`. Every row must name a scenario of the page's
feature file that carries the tags it claims, and every position, conflict and post-condition
must have a row, unless the page states a departure from the report for it.
"""

import re
from pathlib import Path

import pytest

from tests.feature_files import ROOT, Scenario, scenarios

PAGES = sorted((ROOT / "docs" / "use-cases").glob("*.md"))
COVERAGE_HEADER = "| covers | scenario | tags |"
DEPARTURE = "**Departure from the report.**"
SECTIONS = ("## Market Actor Positions", "## Potential Conflicts and Management", "## Post-Conditions")
FEATURE_SNIPPET = re.compile(r'--8<-- "(features/[^"]+\.feature)"')
BOLD_NAME = re.compile(r"^\*\*(.+?)\.\*\*")


def _section(text: str, heading: str) -> str:
    return text.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


def _tables(section: str) -> list[list[list[str]]]:
    """Each Markdown table of a section as rows of cells, header row first, separator dropped."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            if not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line):
                current.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
        elif current:
            tables.append(current)
            current = []
    return tables


def _claims(table: list[list[str]]) -> dict[str, bool]:
    """What the first table of a section lists (its first cell, or its bold name), and whether it departs."""
    claims = {}
    for row in table[1:]:
        name = match[1] if (match := BOLD_NAME.match(row[0])) else row[0]
        claims[name] = any(DEPARTURE in cell for cell in row)
    return claims


def check_page(text: str, feature_scenarios: list[Scenario], feature_text: str) -> list[str]:
    """Every way the page claims more than its feature file checks."""
    by_name = {scenario.name: scenario for scenario in feature_scenarios}
    problems = []
    departures = 0
    for heading in SECTIONS:
        tables = _tables(_section(text, heading))
        claims = _claims(tables[0])
        coverage = [t for t in tables[1:] if " | ".join(["", *t[0], ""]).strip() == COVERAGE_HEADER]
        if len(coverage) != 1:
            problems.append(f"{heading}: expected one coverage table {COVERAGE_HEADER!r}, found {len(coverage)}")
            continue
        covered: set[str] = set()
        for covers, scenario_cell, tags_cell in coverage[0][1:]:
            name = scenario_cell.strip("`")
            tags = set(re.findall(r"`(@[\w-]+)`", tags_cell))
            covered.add(covers)
            if covers not in claims:
                problems.append(f"{heading}: coverage row for {covers!r}, which the section does not list")
            if name not in by_name:
                problems.append(f"{heading}: {covers!r} names scenario {name!r}, which the feature does not have")
            elif not tags or not tags <= by_name[name].tags:
                missing = sorted(tags - by_name[name].tags) or ["(no tag claimed)"]
                problems.append(f"{heading}: {covers!r}: scenario {name!r} does not carry {missing}")
        for claim, departs in claims.items():
            departures += departs
            if not departs and claim not in covered:
                problems.append(f"{heading}: {claim!r} names no scenario that checks it and states no departure")
    stated = len(re.findall(r"(?im)^\s*#.*departure from the report", feature_text))
    if stated < departures:
        problems.append(f"the page states {departures} departure(s) from the report, the feature file {stated}")
    return problems


def _feature_of(page: Path) -> Path:
    return ROOT / FEATURE_SNIPPET.findall(page.read_text(encoding="utf-8"))[0]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_page_claims_only_what_named_scenarios_check(page: Path) -> None:
    feature = _feature_of(page)
    text = page.read_text(encoding="utf-8")
    assert check_page(text, scenarios(feature), feature.read_text(encoding="utf-8")) == []


def test_there_are_use_case_pages() -> None:
    assert [page.name for page in PAGES] == [
        "uc1.md",
        "uc2.md",
        "uc3.md",
        "uc4.md",
        "uc5.md",
        "uc6.md",
        "uc7.md",
        "uc8.md",
    ]


def test_a_wrong_claim_is_caught() -> None:
    page = ROOT / "docs" / "use-cases" / "uc1.md"
    feature = _feature_of(page)
    text = page.read_text(encoding="utf-8")
    features, feature_text = scenarios(feature), feature.read_text(encoding="utf-8")
    stacking = "(<case>)` | `@BMR-10` |"
    untagged = text.replace(stacking, "(<case>)` | `@BMR-10` `@BMR-09` |")
    renamed = text.replace("| Stacking | `A site may", "| Stacking | `A plot may")
    uncovered = "\n".join(line for line in text.splitlines() if not line.startswith("| Stacking |"))

    assert stacking in text
    assert any("does not carry ['@BMR-09']" in p for p in check_page(untagged, features, feature_text))
    assert any("which the feature does not have" in p for p in check_page(renamed, features, feature_text))
    assert any("'Stacking' names no scenario" in p for p in check_page(uncovered, features, feature_text))


def test_a_departure_stated_only_on_the_page_is_caught() -> None:
    page = ROOT / "docs" / "use-cases" / "uc2.md"
    feature = _feature_of(page)
    text, feature_text = page.read_text(encoding="utf-8"), feature.read_text(encoding="utf-8")
    silent = "\n".join(line for line in feature_text.splitlines() if "Departure from the report" not in line)

    assert DEPARTURE in text
    stated = text.count(DEPARTURE)
    assert stated >= 1
    assert check_page(text, scenarios(feature), silent) == [
        f"the page states {stated} departure(s) from the report, the feature file 0"
    ]
