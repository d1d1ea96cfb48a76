"""A vendor's run cut short: Ctrl-C, a CI job timeout's SIGTERM, an NMF gone silent, or --max-failures.

Each runs the real `conformance run` command. The report says INCOMPLETE, lists what did not run,
never says PASS for the run, and replaces the previous report only once it is written.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import anyio
import pytest

from conformance.targets import reference_app, serve_in_thread
from tests.command import CONFORMANCE, ROOT, run_conformance
from tests.feature_files import suite_size
from tests.stalling_nmfs import CLOCKS_BEFORE_STALLING, STALLED_FLAG_ENV

SUITE_SIZE = suite_size()
PREVIOUS = {"verdict": "PASS", "note": "the report of an earlier run"}


def command(target: str, report: Path, *options: str) -> list[str]:
    return ["run", "--target", target, "--report", str(report), *options]


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **extra}


def read_report(directory: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    return report


def assert_incomplete(report: dict[str, Any], cause: str) -> Counter[str]:
    assert (report["verdict"], report["conformanceClaim"]) == ("INCOMPLETE", False)
    assert report["completion"]["cause"] == cause
    assert "PASS" not in {counts["verdict"] for counts in report["useCases"].values()} | {report["verdict"]}
    outcomes = Counter(scenario["outcome"] for scenario in report["scenarios"])
    assert sum(outcomes.values()) == report["summary"]["total"] == SUITE_SIZE
    return outcomes


@pytest.mark.parametrize(
    ("signum", "workers"),
    [(signal.SIGINT, []), (signal.SIGTERM, []), (signal.SIGTERM, ["-n", "2"])],
    ids=["SIGINT", "SIGTERM", "SIGTERM-xdist"],
)
def test_a_signal_mid_run_writes_an_incomplete_report(
    tmp_path: Path, signum: signal.Signals, workers: list[str]
) -> None:
    report_dir, flag = tmp_path / "out", tmp_path / "stalled"
    report_dir.mkdir()
    (report_dir / "report.json").write_text(json.dumps(PREVIOUS), encoding="utf-8")
    run = subprocess.Popen(  # noqa: S603 - our own console script
        [CONFORMANCE, *command("python:tests.stalling_nmfs:hangs", report_dir, *workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(**{STALLED_FLAG_ENV: str(flag)}),
    )
    try:
        deadline = time.monotonic() + 240
        while not flag.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert flag.exists(), "the NMF never stalled"
        assert read_report(report_dir) == PREVIOUS  # still there while the run is under way
        run.send_signal(signum)
        out, err = run.communicate(timeout=120)
    finally:
        run.kill()

    assert run.returncode == 2, out[-3000:] + err[-3000:]
    outcomes = assert_incomplete(read_report(report_dir), signum.name)
    # The scenario under way when the signal came is not run, not passed; each worker got as far alone.
    assert 1 <= outcomes["passed"] <= CLOCKS_BEFORE_STALLING * (2 if workers else 1)
    if not workers:
        assert outcomes["passed"] == CLOCKS_BEFORE_STALLING
    assert outcomes["notRun"] == SUITE_SIZE - outcomes["passed"]
    headline = f"Verdict: INCOMPLETE: interrupted by {signum.name}"
    assert headline in out
    page = (report_dir / "report.md").read_text(encoding="utf-8")
    assert headline in page
    assert "PASS" not in page


def test_an_nmf_that_stops_answering_stops_the_run(tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_conformance(*command("python:tests.stalling_nmfs:goes_away", tmp_path))

    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    report = read_report(tmp_path)
    outcomes = assert_incomplete(report, "noAnswer")
    assert outcomes == {
        "passed": CLOCKS_BEFORE_STALLING,
        "failed": 1,
        "notRun": SUITE_SIZE - 1 - CLOCKS_BEFORE_STALLING,
    }
    assert "the NMF gave no answer" in report["completion"]["detail"]
    assert "Connection refused" in report["completion"]["detail"]
    progress = re.findall(r"^\[\s*\d+/\d+\] (\S+)", result.stdout, re.MULTILINE)
    assert progress == ["passed"] * CLOCKS_BEFORE_STALLING + ["FAILED"]  # the run stopped at the first silence
    assert time.monotonic() - started < 120


def test_max_failures_stops_the_run(tmp_path: Path) -> None:
    result = run_conformance(
        *command("python:tests.faulty_nmfs:penalty_waived", tmp_path, "--max-failures", "1", "-k", "BMR-20")
    )

    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    report = read_report(tmp_path)
    assert (report["verdict"], report["completion"]["cause"]) == ("INCOMPLETE", "maxFailures")
    outcomes = Counter(scenario["outcome"] for scenario in report["scenarios"])
    assert outcomes["failed"] == 1
    assert outcomes["notRun"] >= 1
    assert report["selection"]["keywords"] == "BMR-20"


def test_a_request_left_unanswered_past_the_timeout_stops_the_run(tmp_path: Path) -> None:
    reference = reference_app(admin_token="token")

    async def slow_to_register_actors(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/admin/actors":
            await anyio.sleep(4)  # past --timeout 1; short enough that the server can stop soon after
        await reference(scope, receive, send)

    started = time.monotonic()
    with serve_in_thread(slow_to_register_actors) as base_url:  # type: ignore[arg-type]
        result = run_conformance(*command(base_url, tmp_path, "--admin-token", "token", "--timeout", "1"))

    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    report = read_report(tmp_path)
    assert assert_incomplete(report, "noAnswer") == {"failed": 1, "notRun": SUITE_SIZE - 1}
    assert "POST /admin/actors" in report["completion"]["detail"]
    assert "ReadTimeout" in report["completion"]["detail"]
    assert time.monotonic() - started < 120


def test_a_signal_before_any_scenario_leaves_the_previous_report(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text(json.dumps(PREVIOUS), encoding="utf-8")
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never answers
        base_url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        run = subprocess.Popen(  # noqa: S603 - our own console script
            [CONFORMANCE, *command(base_url, tmp_path, "--admin-token", "t", "--timeout", "120")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        try:
            silent.settimeout(240)
            connection, _ = silent.accept()  # the preflight's GET /health has arrived
            with connection:
                run.send_signal(signal.SIGTERM)
                out, err = run.communicate(timeout=60)
        finally:
            run.kill()

    assert run.returncode == 2, out[-2000:] + err[-2000:]
    assert err == "conformance: interrupted before any scenario ran (exit 2; no report written)\n"
    assert read_report(tmp_path) == PREVIOUS
