"""A vendor's view: `conformance serve` on a port, then `conformance run --target URL`, twice on one database."""

import json
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conformance.exit_codes import RunExit
from tests.command import CONFORMANCE, run_conformance
from tests.feature_files import runs_by_use_case
from tests.test_preflight import assert_one_line_and_no_report, run_against

TOKEN = "end-to-end-admin-token"
RUNS = runs_by_use_case()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served_nmf(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    database = tmp_path / "nmf.sqlite3"
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [CONFORMANCE, "serve", "--port", str(port), "--admin-token", TOKEN, "--database", str(database)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("conformance serve did not answer /health within 30 s")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_suite(base_url: str, report: Path) -> subprocess.CompletedProcess[str]:
    return run_conformance("run", "--target", base_url, "--admin-token", TOKEN, "--report", str(report), "-n", "2")


def test_the_suite_passes_twice_against_one_served_reference(served_nmf: str, tmp_path: Path) -> None:
    for attempt in ("first", "second"):  # the second run meets the data of the first and must not mind
        result = run_suite(served_nmf, tmp_path / attempt)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
        report = json.loads((tmp_path / attempt / "report.json").read_text(encoding="utf-8"))
        assert {uc: v["verdict"] for uc, v in report["useCases"].items()} == dict.fromkeys(RUNS, "PASS")
        assert report["summary"]["failed"] == 0
        assert report["summary"]["passed"] == report["summary"]["total"] == RUNS.total()
        assert all(scenario["exchangeSummary"]["count"] for scenario in report["scenarios"])
        for use_case, runs in RUNS.items():  # the summary table: passed, then failed
            assert re.search(rf"^ *{use_case}\s+PASS\s+{runs}\s+0\s", result.stdout, re.MULTILINE)


def test_a_wrong_admin_token_is_one_line_and_no_report(served_nmf: str, tmp_path: Path) -> None:
    result = run_against(served_nmf, tmp_path, token="wrong")

    line = assert_one_line_and_no_report(result, tmp_path, RunExit.ADMIN_TOKEN_REFUSED)
    assert f"the target {served_nmf} refuses the administration token: POST /admin/test-clocks answered 401" in line
