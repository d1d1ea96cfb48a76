"""A vendor's view: `conformance serve` on a port, then `conformance run --target URL`, twice on one database."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.exit_codes import RunExit
from tests.feature_files import runs_by_use_case
from tests.served_reference import served
from tests.shared_runs import WHOLE_RUNS, ServedRuns
from tests.test_preflight import assert_one_line_and_no_report, run_against

pytestmark = pytest.mark.xdist_group(WHOLE_RUNS)

RUNS = runs_by_use_case()


@pytest.fixture
def served_nmf(tmp_path: Path) -> Iterator[str]:
    with served(str(tmp_path / "nmf.sqlite3")) as nmf:
        yield nmf.base_url


def test_the_suite_passes_twice_against_one_served_reference(served_reference_runs: ServedRuns) -> None:
    runs = zip(
        served_reference_runs.reports, served_reference_runs.returncodes, served_reference_runs.outputs, strict=True
    )
    for directory, returncode, output in runs:  # the second run met the data of the first and must not mind
        assert returncode == 0, output[-5000:]
        report = json.loads((directory / "report.json").read_text(encoding="utf-8"))
        assert report["target"].startswith("http://127.0.0.1:")
        assert {uc: v["verdict"] for uc, v in report["useCases"].items()} == dict.fromkeys(RUNS, "PASS")
        assert report["summary"]["failed"] == 0
        assert report["summary"]["passed"] == report["summary"]["total"] == RUNS.total()
        assert all(scenario["exchangeSummary"]["count"] for scenario in report["scenarios"])
        for use_case, runs_of_it in RUNS.items():  # the summary table: passed, then failed
            assert re.search(rf"^ *{use_case}\s+PASS\s+{runs_of_it}\s+0\s", output, re.MULTILINE)


def test_a_wrong_admin_token_is_one_line_and_no_report(served_nmf: str, tmp_path: Path) -> None:
    result = run_against(served_nmf, tmp_path, token="wrong")

    line = assert_one_line_and_no_report(result, tmp_path, RunExit.ADMIN_TOKEN_REFUSED)
    assert f"the target {served_nmf} refuses the administration token: POST /admin/test-clocks answered 401" in line
