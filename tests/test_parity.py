"""Parity: the suite against the reference in process and over HTTP gives every scenario the same outcome."""

from __future__ import annotations

import json
from pathlib import Path

from tests.command import run_conformance
from tests.feature_files import suite_size


def outcomes(directory: Path) -> dict[str, str]:
    report = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    assert report["conformanceClaim"] is True
    return {scenario["id"]: scenario["outcome"] for scenario in report["scenarios"]}


def test_in_process_and_over_http_every_scenario_has_the_same_outcome(tmp_path: Path) -> None:
    for target in ("reference", "reference-http"):
        result = run_conformance("run", "--target", target, "--report", str(tmp_path / target))
        assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-2000:]
    in_process, over_http = outcomes(tmp_path / "reference"), outcomes(tmp_path / "reference-http")
    assert len(in_process) == suite_size()
    assert set(in_process) == set(over_http)
    assert {i: (o, over_http[i]) for i, o in in_process.items() if o != over_http[i]} == {}
