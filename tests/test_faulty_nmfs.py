"""Testing the tester: against an NMF that breaks a rule, the suite fails and names message, field and rule."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "src" / "conformance" / "suite"


def run_suite(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str
) -> pytest.RunResult:
    monkeypatch.chdir(ROOT)  # the project's configuration, and `tests` importable as a package
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester.runpytest_subprocess(
        str(SUITE),
        "-p",
        "no:cacheprovider",
        "--nmf-target",
        f"python:tests.faulty_nmfs:{factory}",
        "-k",
        selection,
    )


@pytest.mark.parametrize(
    ("factory", "selection", "failure"),
    [
        (
            "dispatch_off_the_half_hour",
            "test_a_supplier_whose_sites_were_not_dispatched_is_told_nothing",
            "[BMR-01] POST /dispatches response /start: '2030-01-15T16:45:00Z' does not match",
        ),
        (
            "brp_never_told",
            "gate_closure and 10",
            "[BMR-13] VolumeNotice: expected 1, got 0 (INSTRUCTED notices for site S5 in the inbox of the "
            "Balance Responsible Person)",
        ),
        (
            "penalty_waived",
            "delivery_is_verified_against_the_baseline and 47.000",
            "[BMR-20] settlement /penaltyGbp: expected '0.90', got '0.00'",
        ),
    ],
)
def test_suite_names_the_broken_rule(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str, failure: str
) -> None:
    result = run_suite(pytester, monkeypatch, factory, selection)
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines([".*" + re.escape(failure)])


def test_the_same_scenarios_pass_against_the_reference(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = pytester.runpytest_subprocess(
        str(SUITE),
        "-p",
        "no:cacheprovider",
        "-k",
        "supplier_whose_sites_were_not_dispatched or (gate_closure and 10) or (delivery_is_verified and 47.000)",
    )
    result.assert_outcomes(passed=3)


def test_the_command_exits_non_zero_and_names_the_rule(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - our own console script
        [
            str(Path(sys.executable).parent / "conformance"),
            "run",
            "--target",
            "python:tests.faulty_nmfs:penalty_waived",
            "--report",
            str(tmp_path),
            "-k",
            "BMR-20 and delivery_is_verified",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[BMR-20] settlement /penaltyGbp: expected '0.90', got '0.00'" in result.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    failed = [s for s in report["scenarios"] if s["outcome"] == "failed"]
    assert {s["useCase"] for s in failed} == {"UC1", "UC2"}
    assert all("[BMR-20] settlement /penaltyGbp" in s["message"] for s in failed)
