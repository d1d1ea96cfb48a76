"""Stable scenario IDs kept as tags in the feature files: `@UC1-S07` on a scenario, `UC1-S07.3` for an example row.

An ID never changes once written: `assign` gives each scenario without one the next free number of
its use case (the highest in any feature file of that use case, plus one) and leaves every other
tag as it is. An example row's ID is its outline's ID and the row's position, counted from 1 across
the outline's Examples blocks: add rows at the end of a table to keep the others' IDs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from conformance.identity import SCENARIO_ID, USE_CASE_ID

__all__ = ["IdProblem", "ScenarioHeading", "assign", "headings", "problems"]

_NUMBERED: Final = re.compile(r"(UC\d+)-S(\d{2,})")
_SCENARIO_LINE: Final = re.compile(r"^(\s*)(Scenario Outline|Scenario Template|Scenario|Example)\s*:\s*(.*)$")
_FEATURE_LINE: Final = re.compile(r"^\s*Feature\s*:")


@dataclass(frozen=True)
class ScenarioHeading:
    """A scenario as written in a feature file: where, its use case, its name and its ID tag (or None)."""

    path: Path
    line: int  # 0-based index of the `Scenario:` line
    use_case: str | None
    name: str
    scenario_id: str | None
    tag_line: int | None  # 0-based index of the first tag line above it, if any


@dataclass(frozen=True)
class IdProblem:
    """A scenario without an ID, with two, or with one another scenario has too."""

    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line + 1}: {self.text}"


def headings(path: Path) -> list[ScenarioHeading]:
    """Every scenario heading of a feature file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    use_case = _feature_use_case(lines)
    found = []
    for index, line in enumerate(lines):
        match = _SCENARIO_LINE.match(line)
        if match is None:
            continue
        tag_lines = _tag_lines_above(lines, index)
        ids = [tag[1:] for i in tag_lines for tag in lines[i].split() if SCENARIO_ID.fullmatch(tag[1:])]
        found.append(
            ScenarioHeading(
                path=path,
                line=index,
                use_case=use_case,
                name=match[3].strip(),
                scenario_id=ids[0] if len(ids) == 1 else (",".join(ids) if ids else None),
                tag_line=tag_lines[0] if tag_lines else None,
            )
        )
    return found


def problems(paths: Iterable[Path]) -> list[IdProblem]:
    """Scenarios without exactly one ID of their own use case, and IDs used more than once."""
    all_headings = [h for path in sorted(paths) for h in headings(path)]
    found: list[IdProblem] = []
    for heading in all_headings:
        if heading.scenario_id is None:
            found.append(IdProblem(heading.path, heading.line, f"scenario without an ID: {heading.name}"))
        elif "," in heading.scenario_id:
            found.append(IdProblem(heading.path, heading.line, f"more than one ID ({heading.scenario_id})"))
        elif heading.use_case is None or not heading.scenario_id.startswith(f"{heading.use_case}-"):
            found.append(
                IdProblem(heading.path, heading.line, f"ID {heading.scenario_id} is not of use case {heading.use_case}")
            )
    counts = Counter(h.scenario_id for h in all_headings if h.scenario_id and "," not in h.scenario_id)
    found += [
        IdProblem(h.path, h.line, f"ID {h.scenario_id} is used {counts[h.scenario_id]} times")
        for h in all_headings
        if h.scenario_id is not None and counts.get(h.scenario_id, 0) > 1
    ]
    return found


def assign(paths: Iterable[Path]) -> list[tuple[ScenarioHeading, str]]:
    """Give every scenario without an ID the next free ID of its use case, in file order; return what was given."""
    ordered = sorted(paths)
    highest: dict[str, int] = {}
    for heading in (h for path in ordered for h in headings(path)):
        for match in _NUMBERED.finditer(heading.scenario_id or ""):
            highest[match[1]] = max(highest.get(match[1], 0), int(match[2]))
    given: list[tuple[ScenarioHeading, str]] = []
    for path in ordered:
        missing = [h for h in headings(path) if h.scenario_id is None and h.use_case is not None]
        if not missing:
            continue
        new_ids: dict[int, str] = {}
        for heading in missing:
            use_case = str(heading.use_case)
            highest[use_case] = highest.get(use_case, 0) + 1
            new_ids[heading.line] = f"{use_case}-S{highest[use_case]:02d}"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for heading in reversed(missing):  # from the end, so earlier line numbers stay valid
            _write_tag(lines, heading, new_ids[heading.line])
        path.write_text("".join(lines), encoding="utf-8")
        given += [(heading, new_ids[heading.line]) for heading in missing]
    return given


def _write_tag(lines: list[str], heading: ScenarioHeading, scenario_id: str) -> None:
    if heading.tag_line is not None:
        line = lines[heading.tag_line]
        indent = line[: len(line) - len(line.lstrip())]
        lines[heading.tag_line] = f"{indent}@{scenario_id} {line.lstrip()}"
        return
    line = lines[heading.line]
    indent = line[: len(line) - len(line.lstrip())]
    lines.insert(heading.line, f"{indent}@{scenario_id}\n")


def _feature_use_case(lines: list[str]) -> str | None:
    for line in lines:
        if _FEATURE_LINE.match(line):
            return None
        tags = [tag[1:] for tag in line.split() if tag.startswith("@")]
        use_cases = [tag for tag in tags if USE_CASE_ID.fullmatch(tag)]
        if use_cases:
            return use_cases[0]
    return None


def _tag_lines_above(lines: list[str], index: int) -> list[int]:
    """The tag lines directly above line `index` (comments between them are passed over), top first."""
    found = []
    for above in range(index - 1, -1, -1):
        text = lines[above].strip()
        if text.startswith("@"):
            found.append(above)
        elif not text.startswith("#"):
            break
    return sorted(found)
