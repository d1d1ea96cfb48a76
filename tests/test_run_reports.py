"""The four reports one run writes, read as a CI system, a person in a browser and a certifier would.

One run against an NMF that waives every penalty: one example of the UC2 outline fails on BMR-20,
the other passes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conformance.reports.evidence import offending_paths
from conformance.reports.pretty_json import json_html
from tests.command import run_conformance
from tests.feature_files import runs_by_use_case

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "conformance" / "reports" / "report.schema.json"
SPARES = "spares"
SELECTION = f"UC2 and {SPARES}"
# Maps keyed by data, not by the report's own vocabulary: their keys are not held to camelCase.
_DATA_MAPS = {"requestBody", "responseBody", "health", "useCases", "endpoints", "statuses", "expected", "observed"}


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    directory = tmp_path_factory.mktemp("reports")
    result = run_conformance(
        "run", "--target", "python:tests.faulty_nmfs:penalty_waived", "-k", SELECTION, "--report", str(directory)
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    return directory, result


@pytest.fixture(scope="module")
def reports(faulty_run: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    return faulty_run[0]


@pytest.fixture(scope="module")
def report(reports: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def failed(report: dict[str, Any]) -> dict[str, Any]:
    (scenario,) = [s for s in report["scenarios"] if s["outcome"] == "failed"]
    return scenario


def test_one_run_writes_all_four_reports(reports: Path) -> None:
    assert sorted(p.name for p in reports.iterdir()) == ["junit.xml", "report.html", "report.json", "report.md"]


def test_report_json_is_valid_against_its_own_schema(report: dict[str, Any], validator: Any) -> None:
    assert [e.message for e in validator.iter_errors(report)] == []
    assert report["verdict"] == "FAIL"
    assert report["selection"]["keywords"] == SELECTION


def test_the_schema_refuses_a_snake_case_key_and_a_failure_as_one_string(
    report: dict[str, Any], validator: Any
) -> None:
    snake = json.loads(json.dumps(report))
    snake["scenarios"][0]["exchanges"] = [{**e, "request_body": None} for e in failed(report)["exchanges"]]
    assert not validator.is_valid(snake)
    flat = json.loads(json.dumps(report))
    flat["scenarios"][0]["failure"] = "[BMR-20] settlement /penaltyGbp"
    assert not validator.is_valid(flat)


def test_every_key_of_the_report_is_camel_case(report: dict[str, Any]) -> None:
    def keys(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for key, child in value.items():
                yield key
                if key not in _DATA_MAPS:
                    yield from keys(child)
        elif isinstance(value, list):
            for child in value:
                yield from keys(child)

    assert [k for k in keys(report) if not re.fullmatch(r"[a-z][A-Za-z0-9]*", k)] == []


def test_a_failure_is_held_as_structured_fields(report: dict[str, Any]) -> None:
    scenario = failed(report)
    failure = scenario["failure"]
    assert (failure["rule"], failure["message"], failure["pointer"]) == ("BMR-20", "settlement", "/penaltyGbp")
    assert (failure["expected"], failure["observed"], failure["hasExpectation"]) == ("5.00", "0.00", True)
    assert failure["step"] == 'Then the settlements on requirement "R1" are:'
    exchange = next(e for e in scenario["exchanges"] if e["sequence"] == failure["exchange"])
    assert (exchange["method"], exchange["status"]) == ("GET", 200)
    assert exchange["path"].endswith("/settlement")
    assert exchange["responseBody"]["penaltyGbp"] == "0.00"
    outcomes = [s["outcome"] for s in scenario["steps"]]
    at = outcomes.index("failed")
    assert f"{scenario['steps'][at]['keyword']} {scenario['steps'][at]['text']}" == failure["step"]
    assert set(outcomes[:at]) == {"passed"}
    assert set(outcomes[at + 1 :]) <= {"notRun"}


def test_the_failing_exchange_is_the_one_the_check_read_not_the_last_one_made(report: dict[str, Any]) -> None:
    # A wrong figure is explained by what the NMF said earlier: its verification is read after the settlement.
    scenario = failed(report)
    last = scenario["exchanges"][-1]
    assert last["path"].endswith("/verification")
    assert scenario["failure"]["exchange"] < last["sequence"]
    read = next(e for e in scenario["exchanges"] if e["sequence"] == scenario["failure"]["exchange"])
    assert read["path"].endswith("/settlement")
    assert "penaltyGbp" not in (last["responseBody"] or {})


def test_a_passed_scenario_keeps_a_summary_of_its_exchanges_not_their_bodies(report: dict[str, Any]) -> None:
    (passed,) = [s for s in report["scenarios"] if s["outcome"] == "passed"]
    assert passed["exchanges"] == []
    summary = passed["exchangeSummary"]
    assert summary["count"] == sum(summary["endpoints"].values()) == sum(summary["statuses"].values()) > 10
    assert failed(report)["exchangeSummary"]["count"] == len(failed(report)["exchanges"])


def test_full_log_keeps_the_bodies_of_passed_scenarios(tmp_path: Path) -> None:
    result = run_conformance("run", "-k", "UC2 and spares", "--full-log", "--report", str(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["run"]["options"]["fullLog"] is True
    for scenario in report["scenarios"]:
        assert len(scenario["exchanges"]) == scenario["exchangeSummary"]["count"] > 10
        assert any(e["responseBody"] is not None for e in scenario["exchanges"])


def test_the_run_metadata_is_in_the_json_and_the_markdown(reports: Path, report: dict[str, Any]) -> None:
    assert report["suite"]["name"] == "flex-conformance"
    assert report["suite"]["version"]
    assert re.fullmatch(r"[0-9a-f]{40}", report["suite"]["commit"] or "")  # the tests run from a checkout
    assert report["spec"]["interfaceVersion"] == "1.0"
    assert report["run"]["durationSeconds"] > 0
    assert report["platform"]["health"]["status"] == "ok"
    markdown = (reports / "report.md").read_text(encoding="utf-8")
    for shown in (
        report["suite"]["version"],
        report["suite"]["commit"],
        report["spec"]["schemasSha256"],
        report["run"]["startedAt"],
        f"{report['run']['durationSeconds']} s",
        f"`-k {SELECTION}`",
        "python:tests.faulty_nmfs:penalty_waived",
    ):
        assert shown in markdown


def test_the_markdown_gives_the_evidence_of_each_failure(reports: Path, report: dict[str, Any]) -> None:
    markdown = (reports / "report.md").read_text(encoding="utf-8")
    evidence = markdown.partition("## Failures and their evidence")[2]
    assert failed(report)["name"] in evidence
    assert "- **field**: `/penaltyGbp`" in evidence
    assert "- **observed**: `'0.00'`" in evidence
    assert '"penaltyGbp": "0.00"' in evidence.partition("Response body (excerpt):")[2]


def test_junit_names_each_scenario_and_gives_the_failure_text(reports: Path, report: dict[str, Any]) -> None:
    path = reports / "junit.xml"
    assert path.stat().st_size < 10_000
    cases = ET.parse(path).getroot().findall("./testsuite/testcase")  # noqa: S314 - our own file
    assert sorted(c.get("name") for c in cases) == sorted(
        s.get("id", "") + " " + s["name"] if s.get("id") else s["name"] for s in report["scenarios"]
    )
    (failure,) = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert failure is not None
    assert failure.get("message") == failed(report)["message"]
    assert "pointer: /penaltyGbp" in (failure.text or "")


def test_the_html_is_self_contained_and_marks_the_offending_field(reports: Path) -> None:
    page = (reports / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<script|<link|<img|<iframe|\bsrc=|url\(|@import", page, re.IGNORECASE)
    assert "The exchange that broke it" in page
    assert re.search(r'<mark class="offending"[^>]*>&quot;0\.00&quot;</mark>', page)


def test_a_pointer_into_a_message_is_found_inside_a_page_of_notifications() -> None:
    page = {"items": [{"payload": {"kwh": "1"}}, {"payload": {"kwh": "2"}}]}
    assert offending_paths(page, "/payload/kwh", "2", has_observed=True) == [("items", 1, "payload", "kwh")]
    assert offending_paths(page, "/payload/kwh") == [("items", 0, "payload", "kwh"), ("items", 1, "payload", "kwh")]
    assert offending_paths(page, "/items/0") == [("items", 0)]
    assert offending_paths(page, "/nowhere") == []
    assert json_html({"a": "<b>"}, [("a",)]).count("<mark") == 1
    assert "&lt;b&gt;" in json_html({"a": "<b>"})


# -- in a browser ----------------------------------------------------------------------------------


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is not None:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: CI must install it (apt-get install chromium); .ci/run does")
    pytest.skip("chromium is not installed (apt-get install chromium); CI fails here instead of skipping")


def _headless(chromium: str, *arguments: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the browser found on PATH, on our own file
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # no network, whatever the page asked
            f"--user-data-dir={home}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(home)},
    )


def test_a_browser_offline_shows_the_failing_exchange(reports: Path, report: dict[str, Any], tmp_path: Path) -> None:
    chromium = _chromium()
    url = (reports / "report.html").as_uri()
    dom = _headless(chromium, "--dump-dom", url, home=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    exchange = next(e for e in failed(report)["exchanges"] if e["sequence"] == failed(report)["failure"]["exchange"])
    shown = dom.stdout.partition("The exchange that broke it")[2]
    assert f"#{exchange['sequence']} GET {exchange['path']}" in shown
    assert re.search(r'<mark class="offending"[^>]*>"0\.00"</mark>', shown)
    screenshot = reports / "report.png"
    shot = _headless(chromium, f"--screenshot={screenshot}", "--window-size=1280,1400", url, home=tmp_path)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")


def test_the_platform_is_named_as_its_health_body_names_it() -> None:
    from conformance.reports.metadata import platform_identity  # noqa: PLC0415

    assert platform_identity({"status": "ok", "name": "Flexo NMF", "version": 3}) == {
        "name": "Flexo NMF",
        "vendor": None,
        "version": "3",
        "health": {"status": "ok", "name": "Flexo NMF", "version": 3},
    }
    assert platform_identity(["not", "an", "object"])["health"] == {}


# -- the console -----------------------------------------------------------------------------------


def test_the_console_shows_progress_a_summary_and_a_paragraph_per_failure(
    faulty_run: tuple[Path, subprocess.CompletedProcess[str]], report: dict[str, Any]
) -> None:
    output = faulty_run[1].stdout
    scenario = failed(report)
    selected, in_uc2 = runs_by_use_case(SPARES)["UC2"], runs_by_use_case()["UC2"]
    progress = [line.split("] ", 1) for line in output.splitlines() if re.match(r"\[ *\d+/\d+\] ", line)]
    assert [count for count, _ in progress] == [
        f"[{n:>{len(str(selected))}}/{selected}" for n in range(1, selected + 1)
    ]
    lines = sorted(line for _, line in progress)
    assert lines[0] == f"FAILED     UC2  {scenario['id']} {scenario['name']}"
    assert all(re.match(r"passed     UC2  UC2-S\d+\.\d ", line) for line in lines[1:])
    # passed, failed, not tested, not run, N/A, not selected
    assert re.search(rf"UC2\s+FAIL\s+{selected - 1}\s+1\s+0\s+0\s+0\s+{in_uc2 - selected} *$", output, re.MULTILINE)
    paragraph = output.partition("1 failed:")[2]
    assert f"  {scenario['failure']['text']}" in paragraph
    assert f"at step: {scenario['failure']['step']}; exchange #{scenario['failure']['exchange']}: GET " in paragraph
    for noise in ("rootdir", "plugins:", "Traceback", "def ", "===="):
        assert noise not in output


def test_last_failed_runs_only_what_failed_or_did_not_run(reports: Path, tmp_path: Path) -> None:
    shutil.copytree(reports, tmp_path / "last")
    result = run_conformance("run", "--last-failed", "--report", str(tmp_path / "last"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    again = json.loads((tmp_path / "last" / "report.json").read_text(encoding="utf-8"))
    failed_before = [
        s["id"] for s in json.loads((reports / "report.json").read_text())["scenarios"] if s["outcome"] == "failed"
    ]
    assert [s["id"] for s in again["scenarios"]] == failed_before
    assert again["verdict"] == "PARTIAL"
    assert again["run"]["options"]["lastFailed"] is True
    nothing = run_conformance("run", "--last-failed", "--report", str(tmp_path / "last"))
    assert nothing.returncode == 5
    assert "no failed or unfinished scenario" in nothing.stderr


def test_version_and_our_own_option_errors() -> None:
    version = run_conformance("--version")
    assert version.returncode == 0
    assert re.fullmatch(
        r"conformance \(flex-conformance\) \S+(, commit [0-9a-f]{12})?; NMF interface 1\.0\n", version.stdout
    )
    typo = run_conformance("run", "--tiemout", "5")
    assert typo.returncode == 4
    assert "unrecognized arguments: --tiemout 5 (options for pytest go after --)" in typo.stderr
    assert "pytest" not in typo.stderr.replace("options for pytest", "")
