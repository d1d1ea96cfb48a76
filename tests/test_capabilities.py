"""conformance.toml and the capability manifest: not claimed is N/A, a claimed capability found missing fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conformance.configuration.capabilities import TEST_CLOCK_TAG, moves_time, not_claimed, uses_test_clock
from conformance.configuration.config import ConfigError, load_config
from tests.command import run_conformance
from tests.feature_files import all_scenarios, runs_by_use_case, suite_size, use_cases

REPORT_SCHEMA = Path(__file__).resolve().parents[1] / "src" / "conformance" / "reports" / "report.schema.json"
SELECTION = "spares"  # scenarios of UC1 and UC2 that move the clock
SELECTED = runs_by_use_case(SELECTION)
NO_CLOCK = "python:tests.capability_nmfs:no_test_clock"


def configure(tmp_path: Path, target: str, use_cases: list[str], test_clock: bool) -> Path:
    path = tmp_path / "conformance.toml"
    path.write_text(
        f'[target]\nurl = "{target}"\ntimeout = 5\n\n'
        f"[capabilities]\nuse_cases = {json.dumps(use_cases)}\ntest_clock = {str(test_clock).lower()}\n",
        encoding="utf-8",
    )
    return path


def run(tmp_path: Path, config: Path) -> tuple[int, dict[str, Any], str]:
    result = run_conformance("run", "--config", str(config), "-k", SELECTION, "--report", str(tmp_path / "out"))
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(report)] == []
    return result.returncode, report, result.stdout


def outcomes(report: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for scenario in report["scenarios"]:
        found.setdefault(scenario["useCase"], []).append(scenario["outcome"])
    return found


def test_a_use_case_not_claimed_is_na_never_fail(tmp_path: Path) -> None:
    code, report, stdout = run(tmp_path, configure(tmp_path, "reference", ["UC1"], test_clock=True))
    assert code == 0, stdout
    assert outcomes(report) == {uc: ["passed" if uc == "UC1" else "notClaimed"] * n for uc, n in SELECTED.items()}
    assert {uc: v["verdict"] for uc, v in report["useCases"].items()} == {
        uc: "PARTIAL" if uc == "UC1" else "N/A" if SELECTED[uc] else "NOT SELECTED" for uc in runs_by_use_case()
    }
    assert report["useCases"]["UC2"]["notClaimed"] == SELECTED["UC2"] > 0
    uc2 = [s for s in report["scenarios"] if s["useCase"] == "UC2"]
    assert {s["message"] for s in uc2} == {"N/A (not claimed): the platform does not claim UC2"}
    assert all(s["exchangeSummary"]["count"] == 0 for s in uc2)  # nothing was sent for them
    assert report["run"]["options"]["capabilities"] == {"useCases": ["UC1"], "testClock": True}
    assert "N/A (not claimed)" in stdout


def test_without_a_claimed_test_clock_a_scenario_that_moves_the_clock_is_na(tmp_path: Path) -> None:
    code, report, _ = run(tmp_path, configure(tmp_path, NO_CLOCK, ["UC1", "UC2"], test_clock=False))
    assert code == 1  # nothing was tested: not a pass
    assert outcomes(report) == {uc: ["notClaimed"] * n for uc, n in SELECTED.items()}
    assert {s["message"] for s in report["scenarios"]} == {
        "N/A (not claimed): the scenario needs the test clock and the platform does not claim one"
    }
    assert report["verdict"] == "N/A"
    assert report["summary"]["failed"] == 0


def test_without_a_test_clock_every_scenario_that_needs_none_runs_and_passes(tmp_path: Path) -> None:
    config = configure(tmp_path, NO_CLOCK, use_cases(), test_clock=False)
    result = run_conformance("run", "--config", str(config), "--report", str(tmp_path / "out"))
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    ran = [s for s in report["scenarios"] if s["outcome"] != "notClaimed"]
    assert {s["id"]: s["outcome"] for s in ran if s["outcome"] != "passed"} == {}, result.stdout[-3000:]
    assert result.returncode == 0
    assert len(report["scenarios"]) == suite_size()
    assert {"UC1-S45", "UC2-S19"} <= {s["id"] for s in ran}  # refusals that never move the clock
    assert not {s["id"] for s in ran} & {s["id"] for s in report["scenarios"] if SELECTION in s["name"]}
    for scenario in ran:  # on the platform's own clock: no test clock asked for, none moved
        assert not [step for step in scenario["steps"] if step["text"].startswith("the clock moves to")]
    na = [s for s in report["scenarios"] if s["outcome"] == "notClaimed"]
    assert len(ran) > 10
    assert len(na) > 10
    assert {s["message"] for s in na} == {
        "N/A (not claimed): the scenario needs the test clock and the platform does not claim one"
    }
    assert all(s["exchangeSummary"]["count"] == 0 for s in na)
    assert all("POST /admin/test-clocks" not in s["exchangeSummary"]["endpoints"] for s in ran)


def test_a_scenario_needs_the_test_clock_when_it_moves_it_or_is_tagged() -> None:
    no_clock = {"useCases": ["UC1"], "testClock": False}
    assert moves_time(['the market clock reads "2030-01-15T16:00:00Z"', 'the clock moves to "<at>"'])
    assert not moves_time(['the market clock reads "2030-01-15T16:00:00Z"', "the NMF refuses it with 403"])
    assert not_claimed(no_clock, "UC1", needs_clock=False) is None
    assert not_claimed(no_clock, "UC1", needs_clock=True) == (
        "N/A (not claimed): the scenario needs the test clock and the platform does not claim one"
    )
    assert not_claimed({**no_clock, "testClock": True}, "UC1", needs_clock=True) is None
    assert not_claimed(None, "UC1", needs_clock=True) is None
    assert not uses_test_clock(no_clock)
    assert uses_test_clock(None)
    tagged = [s for s in all_scenarios() if f"@{TEST_CLOCK_TAG}" in s.tags]
    assert tagged  # a scenario that never moves the clock yet turns on the instant it reads
    assert not any(moves_time(s.steps) for s in tagged)


def test_a_claimed_test_clock_found_missing_fails(tmp_path: Path) -> None:
    code, report, _ = run(tmp_path, configure(tmp_path, NO_CLOCK, ["UC1", "UC2"], test_clock=True))
    assert code == 1
    assert outcomes(report) == {uc: ["failed"] * n for uc, n in SELECTED.items()}
    failure = report["scenarios"][0]["failure"]
    assert (failure["rule"], failure["message"]) == ("contract", "POST /admin/test-clocks")
    assert failure["detail"].startswith("the capability manifest claims a test clock, but")


def test_command_line_options_override_the_file(tmp_path: Path) -> None:
    config = configure(tmp_path, NO_CLOCK, ["UC1", "UC2"], test_clock=True)
    result = run_conformance(
        "run", "--config", str(config), "--target", "reference", "-k", "UC1 and spares", "--report", str(tmp_path)
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["target"] == "reference"
    assert report["run"]["options"]["timeout"] == 5


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[capabilities]\nuse_cases = ['UC1']\n", "capabilities: 'test_clock' is a required property"),
        (
            "[capabilities]\nuse_cases = ['UC 1']\ntest_clock = true\n",
            "capabilities/use_cases/0: 'UC 1' does not match",
        ),
        ("[capabilities]\nuse_cases = []\ntest_clock = true\nclock = 1\n", "Additional properties are not allowed"),
        ("[target]\nurl = 'x'\nadmin_token = 'a'\nadmin_token_env = 'B'\n", "target: {"),
        (
            "[target]\nadmin_token_env = 'CONFORMANCE_TEST_UNSET_VARIABLE'\n",
            "CONFORMANCE_TEST_UNSET_VARIABLE is not set",
        ),
        ("[target\n", "Expected ']'"),
    ],
)
def test_a_wrong_configuration_names_the_key(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "conformance.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"conformance\.toml") as raised:
        load_config(path)
    assert error in str(raised.value)


def test_a_wrong_configuration_stops_the_run_with_exit_4(tmp_path: Path) -> None:
    path = tmp_path / "conformance.toml"
    path.write_text("[capabilities]\nuse_cases = ['UC1']\n", encoding="utf-8")
    result = run_conformance("run", "--config", str(path), "--report", str(tmp_path / "out"))
    assert result.returncode == 4
    assert "'test_clock' is a required property" in result.stderr
    assert not (tmp_path / "out").exists()
