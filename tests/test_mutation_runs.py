"""The mutation tool's runs: forked children under a deadline, the mutant swapped in, the real suite as judge."""

import ast
import json
import sys
import time
from pathlib import Path

import pytest

from mutation.operators import find_mutants, mutated_code
from mutation.runner import TIMED_OUT, Finished, Job, MutantLoader, run_jobs
from mutation.suite import CoverageMap, FirstFailure, map_coverage, run_suite

ROOT = Path(__file__).resolve().parents[1]
ADMIN = ROOT / "reference_impl" / "services" / "admin.py"


def _run(*jobs: Job, workers: int = 2) -> dict[str, Finished]:
    finished: dict[str, Finished] = {}
    run_jobs(jobs, workers=workers, on_finished=lambda f: finished.setdefault(f.job.name, f))
    return finished


def test_each_job_runs_in_its_own_child_and_reports_its_exit_status() -> None:
    def leaks() -> int:
        sys.modules["leaked_by_a_child"] = sys  # gone with the child
        return 3

    finished = _run(Job("ok", lambda: 0, 30), Job("three", leaks, 30), Job("broken", lambda: 1 // 0, 30))
    assert {name: f.status for name, f in finished.items()} == {"ok": 0, "three": 3, "broken": 70}
    assert "leaked_by_a_child" not in sys.modules


def test_a_job_past_its_deadline_is_killed_and_reported_timed_out() -> None:
    def hangs() -> int:
        time.sleep(60)
        return 0

    started = time.monotonic()
    finished = _run(Job("hangs", hangs, timeout=0.5))
    assert finished["hangs"].status == TIMED_OUT
    assert time.monotonic() - started < 30


def test_the_loader_serves_the_mutated_module_to_every_importer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "toy_rules"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "limits.py").write_text("def allowed(kw):\n    return kw <= 15\n", encoding="utf-8")
    (package / "user.py").write_text("from toy_rules.limits import allowed\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    mutant = next(m for m in find_mutants(package / "limits.py", "toy_rules.limits") if m.operator == "compare[0]")

    def work() -> int:
        code = mutated_code((package / "limits.py").read_text(encoding="utf-8"), mutant, str(package / "limits.py"))
        with MutantLoader("toy_rules.limits", code).installed():
            from toy_rules.user import allowed  # noqa: PLC0415 - imported under the mutant

            return 0 if allowed(15) is False else 1  # `<` where the rule says `<=`

    assert _run(Job("mutant", work, 60))["mutant"].status == 0


class _FirstScenarioOnly:
    """Keep the first collected scenario, whichever it is, and remember it."""

    def __init__(self) -> None:
        self.node_id = ""

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        config.hook.pytest_deselected(items=items[1:])
        del items[1:]
        self.node_id = items[0].nodeid


def test_the_suite_passes_the_reference_and_kills_a_mutant_of_it(tmp_path: Path) -> None:
    mutant = next(
        m
        for m in find_mutants(ADMIN, "reference_impl.services.admin")
        if m.scope == "create_clock" and m.operator == "return"
    )
    report = tmp_path / "report"

    def unmutated() -> int:
        return run_suite(report / "plain", fail_fast=True, plugins=[_FirstScenarioOnly()])

    def mutated() -> int:
        code = mutated_code(ADMIN.read_text(encoding="utf-8"), mutant, str(ADMIN))
        with MutantLoader(mutant.module, code).installed():
            return run_suite(report / "mutant", fail_fast=True, plugins=[_FirstScenarioOnly(), FirstFailure(report)])

    finished = _run(Job("unmutated", unmutated, 300), Job("mutated", mutated, 300))
    assert finished["unmutated"].status == 0
    assert finished["mutated"].status == 1
    assert (report / FirstFailure.FILE).read_text(encoding="utf-8").startswith("suite/test_use_cases.py::")


def test_the_coverage_map_credits_each_line_to_the_scenario_that_ran_it(tmp_path: Path) -> None:
    out = tmp_path / "coverage.json"
    first = _FirstScenarioOnly()

    def work() -> int:
        return map_coverage([ADMIN], tmp_path / "report", out, plugins=[first])

    assert _run(Job("coverage", work, 300))["coverage"].status == 0
    coverage_map = CoverageMap.from_json(json.loads(out.read_text(encoding="utf-8")))
    (scenario,) = coverage_map.durations
    clock = next(m for m in find_mutants(ADMIN, "reference_impl.services.admin") if m.scope == "create_clock")
    assert coverage_map.scenarios_for(str(ADMIN), clock.line, clock.end_line) == [scenario]
    definition = next(
        n for n in ast.walk(ast.parse(ADMIN.read_text(encoding="utf-8"))) if getattr(n, "name", "") == "create_clock"
    )
    # The `def` line runs at import, before any scenario: no scenario is credited with it.
    assert coverage_map.scenarios_for(str(ADMIN), definition.lineno, definition.lineno) == []
