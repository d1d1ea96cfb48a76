"""Parity: the suite against the reference in process and over HTTP gives every scenario the same outcome.

The in-process side is the session's certification run, the HTTP side the first run against the
served reference (tests/shared_runs.py): no run of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.feature_files import suite_size
from tests.shared_runs import WHOLE_RUNS, CertifiedRun, ServedRuns

pytestmark = pytest.mark.xdist_group(WHOLE_RUNS)


def outcomes(directory: Path) -> dict[str, str]:
    report = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    assert report["conformanceClaim"] is True
    return {scenario["id"]: scenario["outcome"] for scenario in report["scenarios"]}


def test_in_process_and_over_http_every_scenario_has_the_same_outcome(
    certified_reference: CertifiedRun, served_reference_runs: ServedRuns
) -> None:
    in_process = outcomes(certified_reference.reports)
    over_http = outcomes(served_reference_runs.reports[0])
    assert json.loads((certified_reference.reports / "report.json").read_text())["target"] == "reference"
    assert len(in_process) == suite_size()
    assert set(in_process) == set(over_http)
    assert {i: (o, over_http[i]) for i, o in in_process.items() if o != over_http[i]} == {}
