"""The published site builds strictly and covers the whole message contract, rule set and template."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify

from conformance.world.labels import TABLE_3_ACTORS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SCHEMAS = ROOT / "schemas"
RULES = DOCS / "rules.md"
MESSAGES = DOCS / "messages.md"
GENERATED_RESULTS = Path("docs/generated/results.md")

SNIPPET = re.compile(r'^[ \t]*--8<-- "([^"]+)"[ \t]*$', re.MULTILINE)
RULE_HEADING = re.compile(r"^### (BMR-\d{2}) (.+)$", re.MULTILINE)
RULE_ID = re.compile(r"\bBMR-\d{2}\b")
RULES_LINK = re.compile(r"rules\.md#([a-z0-9-]+)")
PARAMETER_ROW = re.compile(r"^\| `([A-Za-z]+)(?:\.[A-Z_]+)?` \|[^|]*\|([^|]*)\|$", re.MULTILINE)
BACKTICKED = re.compile(r"`([a-z][A-Za-z]+)`")

# The report's use case template (TRANSITION WP4.3 v1.0, Section 4.2, Table 2), as our headings.
TEMPLATE_HEADINGS = [
    "## Service Description",
    "## Pre-conditions",
    "## Triggers",
    "### Network",
    "### Data inputs",
    "### Data outputs",
    "## Market Actor Positions",
    "## Business Rules",
    "## Potential Conflicts and Management",
    "## Post-Conditions",
    "## Other",
    "## Scenarios",
]
MARKET_ACTORS = list(TABLE_3_ACTORS)
USE_CASE_PAGES = {
    "uc1.md": "features/uc1_dso_constraint_management.feature",
    "uc2.md": "features/uc2_peak_management.feature",
    "uc3.md": "features/uc3_short_term_operating_reserve.feature",
    "uc4.md": "features/uc4_mic_trading.feature",
    "uc5.md": "features/uc5_mec_trading.feature",
    "uc6.md": "features/uc6_offsetting.feature",
    "uc7.md": "features/uc7_wholesale_portfolio_reduce_demand.feature",
    "uc8.md": "features/uc8_wholesale_portfolio_increase_demand.feature",
}


def _mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    # Fixed argument list, no shell: the only input is a temporary path.
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)  # noqa: S603


def _problems(built: subprocess.CompletedProcess[str]) -> str:
    """The warnings and errors of a build, without the INFO lines and the traceback frames."""
    lines = (built.stdout + built.stderr).splitlines()
    return "\n".join(line for line in lines if line.startswith(("WARNING", "ERROR", "Aborted")) or "Error" in line)


def _doc_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "generated" not in p.relative_to(DOCS).parts)


def _embedded(page: Path) -> set[str]:
    return set(SNIPPET.findall(page.read_text(encoding="utf-8")))


def _rule_sections() -> dict[str, str]:
    text = RULES.read_text(encoding="utf-8")
    matches = list(RULE_HEADING.finditer(text))
    ends = [m.start() for m in matches[1:]] + [len(text)]
    return {m.group(1): text[m.end() : end] for m, end in zip(matches, ends, strict=True)}


def test_site_builds_strictly(tmp_path: Path) -> None:
    # Build from a copy: docs/generated/ is written by `conformance report` and is not in git,
    # so a fresh checkout gets the same placeholder the repository starts with.
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    tops = {"docs"} | {Path(p).parts[0] for page in _doc_pages() for p in _embedded(page)}
    for top in sorted(tops):
        if (ROOT / top).is_dir():
            shutil.copytree(ROOT / top, project / top)
    results = project / GENERATED_RESULTS
    if not results.exists():
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text("# Conformance results\n\nNo run recorded yet.\n", encoding="utf-8")

    built = _mkdocs_build(project, tmp_path / "site")

    assert built.returncode == 0, _problems(built)
    for page in (
        "index.html",
        "use-cases/uc1/index.html",
        "use-cases/uc2/index.html",
        "use-cases/uc3/index.html",
        "messages/index.html",
    ):
        assert (tmp_path / "site" / page).is_file(), page


def test_a_missing_snippet_fails_the_build(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    probe = {
        "site_name": "probe",
        "strict": True,
        "theme": config["theme"],
        "markdown_extensions": config["markdown_extensions"],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(probe), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        '# Probe\n\n```gherkin\n--8<-- "features/no_such.feature"\n```\n', encoding="utf-8"
    )

    built = _mkdocs_build(tmp_path, tmp_path / "site")

    assert built.returncode != 0, "a missing embedded file must fail the build"
    assert "no_such.feature" in built.stdout + built.stderr


def test_every_schema_and_example_is_in_the_message_catalogue() -> None:
    contract = sorted(p.relative_to(ROOT).as_posix() for p in SCHEMAS.glob("*.json"))
    examples = sorted(p.relative_to(ROOT).as_posix() for p in (SCHEMAS / "examples").glob("*.json"))
    assert contract, "schemas/ holds no schema"
    embedded = _embedded(MESSAGES)

    missing = [p for p in contract + examples if p not in embedded]
    dangling = sorted(p for p in embedded if not (ROOT / p).is_file())

    assert not missing, f"not embedded in docs/messages.md: {missing}"
    assert not dangling, f"docs/messages.md embeds files that do not exist: {dangling}"


def test_rule_ids_are_unique_and_sequential() -> None:
    ids = RULE_HEADING.findall(RULES.read_text(encoding="utf-8"))
    numbers = [rule_id for rule_id, _ in ids]

    assert numbers, "docs/rules.md has no ### BMR-nn heading"
    assert len(set(numbers)) == len(numbers), f"duplicate rule ids: {numbers}"
    # Blocks are reserved per use case; each block is used from its start, with no gaps inside.
    blocks = [range(1, 23), range(23, 30), range(30, 38), range(38, 45), range(45, 53)]
    present = [int(n[4:]) for n in numbers]
    expected = [n for block in blocks for n in block if any(m in block and m >= n for m in present)]
    assert present == expected, numbers


def test_parameters_and_rules_agree() -> None:
    sections = _rule_sections()
    rows = PARAMETER_ROW.findall(RULES.read_text(encoding="utf-8"))
    used_by: dict[str, set[str]] = {}
    for name, rules in rows:
        used_by.setdefault(name, set()).update(RULE_ID.findall(rules))
    assert used_by, "docs/rules.md has no parameter table"

    unknown = {name: sorted(r - sections.keys()) for name, r in used_by.items() if r - sections.keys()}
    assert not unknown, f"parameters used by rules that do not exist: {unknown}"
    unlisted = sorted(
        f"{rule_id} names `{name}`"
        for rule_id, body in sections.items()
        for name in set(BACKTICKED.findall(body)) & used_by.keys()
        if rule_id not in used_by[name]
    )
    assert not unlisted, f"rules that use a parameter the table does not list them under: {unlisted}"


def test_rule_references_in_the_docs_exist() -> None:
    sections = _rule_sections()
    headings = re.findall(r"^#{2,3} (.+)$", RULES.read_text(encoding="utf-8"), re.MULTILINE)
    anchors = {slugify(heading, "-") for heading in headings}
    broken: list[str] = []
    for page in _doc_pages():
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(DOCS).as_posix()
        broken += [f"{name}: {rule_id}" for rule_id in sorted(set(RULE_ID.findall(text)) - sections.keys())]
        broken += [f"{name}: #{anchor}" for anchor in sorted(set(RULES_LINK.findall(text)) - anchors)]

    assert not broken, f"references to rules that do not exist: {broken}"


def test_use_case_pages_follow_the_report_template() -> None:
    for page_name, feature in USE_CASE_PAGES.items():
        text = (DOCS / "use-cases" / page_name).read_text(encoding="utf-8")
        headings = [line for line in text.splitlines() if re.match(r"#{2,3} ", line)]
        positions = text.split("## Market Actor Positions")[1].split("## Business Rules")[0]
        first_table = positions[positions.index("\n|") :].split("\n\n", 1)[0]
        actor_rows = re.findall(r"^\| ([^|]+?) \|", first_table, re.MULTILINE)

        assert headings == TEMPLATE_HEADINGS, page_name
        assert actor_rows[1:] == MARKET_ACTORS, page_name
        assert feature in _embedded(DOCS / "use-cases" / page_name), page_name
