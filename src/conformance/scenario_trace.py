"""pytest plugin: each scenario's steps as they run, for the reports.

Steps start "notRun"; a step that returns is "passed", the one that raises is "failed", and the steps
after it stay "notRun".
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.reports.fields import STEPS


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    request.node.stash[STEPS] = [
        {"keyword": step.keyword.strip(), "text": step.name, "table": _table(step), "outcome": "notRun"}
        for step in scenario.steps
    ]


def pytest_bdd_after_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any) -> None:
    _mark(request, step, "passed")


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any) -> None:
    _mark(request, step, "failed")


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any) -> None:
    _mark(request, step, "failed")


def _mark(request: pytest.FixtureRequest, step: Any, outcome: str) -> None:
    for record in request.node.stash.get(STEPS, []):
        if record["outcome"] == "notRun" and record["text"] == step.name:
            record["outcome"] = outcome
            return


def _table(step: Any) -> list[list[str]] | None:
    table = getattr(step, "datatable", None)
    if table is None:
        return None
    return [[str(cell) for cell in row] for row in table.raw()]
