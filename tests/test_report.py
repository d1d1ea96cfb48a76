"""report.json: verdicts per use case, the human and Markdown renderings, and the plugin that collects it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from conformance.cli import main, pytest_arguments
from conformance.report import (
    Completion,
    ScenarioResult,
    build_report,
    load_report,
    render_markdown,
    render_verdict,
    use_case_verdict,
    write_atomically,
    write_report,
)

pytest_plugins = ["pytester"]


def result(use_case: str | None, outcome: str, name: str = "", message: str = "") -> ScenarioResult:
    return {
        "feature": f"{use_case} feature",
        "useCase": use_case,
        "name": name or f"{use_case} {outcome}",
        "tags": [use_case] if use_case else [],
        "rules": ["BMR-11"],
        "outcome": outcome,  # type: ignore[typeddict-item]
        "message": message,
        "exchanges": [],
    }


@pytest.mark.parametrize(
    ("passed", "failed", "skipped", "not_run", "deselected", "verdict"),
    [
        (1, 0, 0, 0, 0, "PASS"),
        (3, 1, 0, 0, 0, "FAIL"),
        (0, 1, 2, 0, 0, "FAIL"),
        (0, 0, 2, 0, 0, "NOT TESTED"),
        (2, 0, 1, 0, 0, "PARTLY TESTED"),
        (0, 0, 0, 0, 0, "INCOMPLETE"),
        (5, 0, 0, 1, 0, "INCOMPLETE"),
        (5, 1, 0, 1, 0, "FAIL"),
        (5, 0, 0, 0, 3, "PARTIAL"),
        (0, 0, 0, 0, 3, "NOT SELECTED"),
        (5, 0, 0, 1, 3, "INCOMPLETE"),
    ],
)
def test_the_verdict_of_a_use_case(
    passed: int, failed: int, skipped: int, not_run: int, deselected: int, verdict: str
) -> None:
    assert use_case_verdict(passed, failed, skipped, not_run, deselected) == verdict


def test_the_report_counts_per_use_case_in_natural_order() -> None:
    scenarios = [
        result("UC10", "passed"),
        result("UC2", "failed", message="[BMR-11] boom"),
        result("UC2", "passed", name="UC2 ok"),
        result("UC1", "skipped"),
        result(None, "passed"),
    ]

    report = build_report(scenarios, target="reference", generated_at="2030-01-01T00:00:00Z")

    assert list(report["useCases"]) == ["UC1", "UC2", "UC10", "(none)"]
    assert report["useCases"]["UC2"] == {
        "verdict": "FAIL",
        "passed": 1,
        "failed": 1,
        "skipped": 0,
        "notRun": 0,
        "notClaimed": 0,
        "deselected": 0,
    }
    assert report["useCases"]["UC1"]["verdict"] == "NOT TESTED"
    assert report["summary"] == {
        "passed": 3,
        "failed": 1,
        "skipped": 1,
        "notRun": 0,
        "notClaimed": 0,
        "deselected": 0,
        "total": 5,
    }
    assert [{k: v for k, v in s.items() if k != "exchangeSummary"} for s in report["scenarios"]] == [
        {"failure": None, "steps": [], **s} for s in scenarios
    ]
    assert (report["target"], report["generatedAt"]) == ("reference", "2030-01-01T00:00:00Z")
    assert (report["verdict"], report["conformanceClaim"], report["selection"]) == ("FAIL", True, None)
    assert "Verdict: FAIL. The whole suite ran to its end.\n" in render_verdict(report)


def test_only_a_whole_run_that_passed_is_a_conformance_claim() -> None:
    report = build_report([result("UC1", "passed")], target="reference")

    assert (report["verdict"], report["conformanceClaim"]) == ("PASS", True)
    assert "Verdict: PASS. The whole suite ran to its end: this is a conformance claim." in render_markdown(report)


def test_a_run_that_did_not_finish_is_incomplete_and_never_a_pass() -> None:
    interrupted: Completion = {"complete": False, "cause": "SIGTERM", "detail": ""}
    scenarios = [result("UC1", "passed"), result("UC2", "passed", "UC2 ran"), result("UC2", "notRun", "UC2 cut")]

    report = build_report(scenarios, target="reference", completion=interrupted)

    assert (report["verdict"], report["conformanceClaim"]) == ("INCOMPLETE", False)
    assert report["completion"] == interrupted
    assert report["summary"]["notRun"] == 1
    assert {uc: counts["verdict"] for uc, counts in report["useCases"].items()} == {
        "UC1": "PASS",  # every UC1 scenario ran and passed; the run as a whole did not finish
        "UC2": "INCOMPLETE",
    }
    for text in (render_verdict(report), render_markdown(report)):
        assert (
            "Verdict: INCOMPLETE: interrupted by SIGTERM (as a CI job timeout sends); 1 scenarios not run. "
            "Not a conformance claim." in text
        )
    assert "| UC2 cut | **not run** | BMR-11 |" in render_markdown(report)


def test_even_a_finished_run_with_all_passed_is_incomplete_when_the_run_was_cut() -> None:
    stopped: Completion = {"complete": False, "cause": "noAnswer", "detail": "POST /offers: no answer"}

    report = build_report([result("UC1", "passed")], target="reference", completion=stopped)

    assert report["verdict"] == "INCOMPLETE"
    assert "stopped because the NMF gave no answer (POST /offers: no answer)" in render_verdict(report)


def test_a_selection_is_partial_and_says_what_it_left_out() -> None:
    left_out = [result("UC1", "passed", "other"), result("UC2", "passed", "UC2 other")]

    report = build_report([result("UC1", "passed")], target="reference", deselected=left_out, keywords="BMR-11")

    assert report["selection"] == {"keywords": "BMR-11", "selected": 1, "total": 3}
    assert (report["verdict"], report["conformanceClaim"]) == ("PARTIAL", False)
    assert report["useCases"]["UC1"]["verdict"] == "PARTIAL"
    assert report["useCases"]["UC2"] == {
        "verdict": "NOT SELECTED",
        "passed": 0,
        "failed": 0,
        "skipped": 0,
        "notRun": 0,
        "notClaimed": 0,
        "deselected": 1,
    }
    text = render_verdict(report)
    assert "Verdict: PARTIAL: a selection (-k BMR-11: 1 of 3 scenarios). Not a conformance claim." in text
    assert "PASS " not in text


def test_a_report_replaces_the_previous_one_only_once_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_report(tmp_path, build_report([result("UC1", "passed")], target="previous"))

    def interrupted(source: str, destination: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, "half a new report")

    assert load_report(tmp_path)["target"] == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_the_verdict_shows_each_use_case_and_each_failure(tmp_path: Path) -> None:
    report = build_report(
        [result("UC1", "passed"), result("UC2", "failed", "Late dispatch is refused", "[BMR-11] x\nmore")],
        target="https://nmf.example",
    )
    path = write_report(tmp_path / "out", report)

    text = render_verdict(load_report(path.parent))

    assert path.name == "report.json"
    assert "UC1       PASS" in text
    assert "UC2       FAIL" in text
    assert "Late dispatch is refused\n      [BMR-11] x\n" in text
    assert "more" not in text


def test_the_markdown_page_lists_scenarios_with_outcomes_and_rules() -> None:
    report = build_report(
        [
            result("UC3", "passed", "A | piped name"),
            result("UC3", "skipped", "Clocked", "not tested: no clock"),
        ],
        target="reference",
    )

    page = render_markdown(report)

    assert "| UC3 | PARTLY TESTED | 1 | 0 | 1 | 0 | 0 |" in page
    assert "\n## UC3 feature\n" in page
    assert "| A \\| piped name | passed | BMR-11 |" in page
    assert "| Clocked | not tested: not tested: no clock | BMR-11 |" in page


# -- the plugin, run on a tiny feature ------------------------------------------------------------

FEATURE = """\
@UC7
Feature: UC7 Tiny market
  @BMR-05
  Scenario: A message is answered
    Given the NMF answers
  @BMR-09
  Scenario: A broken answer fails
    Given the NMF answers wrongly
  Scenario: A clocked step is not tested
    Given a test clock
  Scenario: A clocked fixture is not tested
    Given a clocked fixture
"""

STEPS = """\
import httpx
import pytest
from pytest_bdd import given, scenarios

from conformance.exchange import send
from conformance.failures import ConformanceFailure
from conformance.nmf_client import TestClockUnsupported

scenarios("tiny.feature")


@pytest.fixture
def clocked():
    raise TestClockUnsupported


@given("the NMF answers")
def _(exchange_log):
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={})), base_url="http://x")
    send(client, exchange_log, actor="DSO", method="GET", path="/clock", token="t",
         request_schema=None, response_schema=None)


@given("the NMF answers wrongly")
def _():
    raise ConformanceFailure(rule="BMR-09", message="ArmingInstruction", field="/payload", detail="late")


@given("a test clock")
def _():
    raise TestClockUnsupported


@given("a clocked fixture")
def _(clocked):
    pass
"""


@pytest.fixture
def tiny_suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".feature", tiny=FEATURE)
    pytester.makepyfile(test_tiny=STEPS)
    return pytester


def read_report(directory: Path) -> dict[str, Any]:
    report = json.loads((directory / "report.json").read_text())
    report["scenarios"].sort(key=lambda s: s["name"])
    return report


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["plain", "xdist"])
def test_the_plugin_reports_every_scenario(tiny_suite: pytest.Pytester, workers: list[str]) -> None:
    out = tiny_suite.path / "out"

    run = tiny_suite.runpytest_subprocess("-p", "conformance.plugin", "--conformance-report", str(out), *workers)

    run.assert_outcomes(passed=1, failed=1, skipped=2)
    report = read_report(out)
    assert report["summary"] == {
        "passed": 1,
        "failed": 1,
        "skipped": 2,
        "notRun": 0,
        "notClaimed": 0,
        "deselected": 0,
        "total": 4,
    }
    assert report["useCases"] == {
        "UC7": {
            "verdict": "FAIL",
            "passed": 1,
            "failed": 1,
            "skipped": 2,
            "notRun": 0,
            "notClaimed": 0,
            "deselected": 0,
        }
    }
    assert report["completion"] == {"complete": True, "cause": None, "detail": ""}
    broken, fixture_skip, step_skip, answered = report["scenarios"]
    assert (answered["name"], answered["outcome"], answered["feature"]) == (
        "A message is answered",
        "passed",
        "UC7 Tiny market",
    )
    assert (answered["tags"], answered["rules"], answered["useCase"]) == (
        ["BMR-05", "UC7"],
        ["BMR-05"],
        "UC7",
    )
    # A passed scenario keeps the summary of its exchanges, not their bodies (unless --full-log).
    assert answered["exchanges"] == []
    assert (answered["exchangeSummary"]["endpoints"], answered["exchangeSummary"]["statuses"]) == (
        {"GET /clock": 1},
        {"200": 1},
    )
    assert broken["outcome"] == "failed"
    assert broken["message"] == "[BMR-09] ArmingInstruction /payload: late"
    assert {k: broken["failure"][k] for k in ("rule", "message", "pointer", "detail", "hasExpectation")} == {
        "rule": "BMR-09",
        "message": "ArmingInstruction",
        "pointer": "/payload",
        "detail": "late",
        "hasExpectation": False,
    }
    for skipped in (fixture_skip, step_skip):
        assert (skipped["outcome"], skipped["message"]) == (
            "skipped",
            "not tested: the NMF offers no test clock",
        )
        assert skipped["useCase"] == "UC7"
    assert fixture_skip["feature"] == "UC7 Tiny market"


STOPPING_FEATURE = """\
@UC7
Feature: UC7 Stopping market
  Scenario: First scenario
    Given the NMF answers
  Scenario: Second scenario
    Given the run stops here
  Scenario: Third scenario
    Given the NMF answers
"""

STOPPING_STEPS = """\
import httpx
from pytest_bdd import given, scenarios

from conformance.exchange import send

scenarios("stopping.feature")


def _send(exchange_log, handler):
    client = httpx.Client(transport=httpx.MockTransport(handler), base_url="http://x")
    send(client, exchange_log, actor="DSO", method="GET", path="/clock", token="t",
         request_schema=None, response_schema=None)


@given("the NMF answers")
def _(exchange_log):
    _send(exchange_log, lambda request: httpx.Response(200, json={}))


def _refuse(request):
    raise httpx.ConnectError("connection refused", request=request)


@given("the run stops here")
def _(exchange_log):
    {stop}
"""


@pytest.mark.parametrize(
    ("stop", "cause", "outcome"),
    [
        ("raise KeyboardInterrupt", "interrupted", "notRun"),  # what SIGINT and SIGTERM raise
        ("_send(exchange_log, _refuse)", "noAnswer", "failed"),
    ],
    ids=["interrupted", "no-answer"],
)
@pytest.mark.parametrize("workers", [[], ["-n", "1"]], ids=["plain", "xdist"])
def test_a_run_that_stops_early_reports_the_rest_as_not_run(
    pytester: pytest.Pytester, stop: str, cause: str, outcome: str, workers: list[str]
) -> None:
    pytester.makefile(".feature", stopping=STOPPING_FEATURE)
    pytester.makepyfile(test_stopping=STOPPING_STEPS.replace("{stop}", stop))
    out = pytester.path / "out"

    pytester.runpytest_subprocess("-p", "conformance.plugin", "--conformance-report", str(out), *workers)

    report = read_report(out)
    assert (report["verdict"], report["conformanceClaim"]) == ("INCOMPLETE", False)
    assert report["completion"]["cause"] == cause
    outcomes = {s["name"]: s["outcome"] for s in report["scenarios"]}
    if workers:  # xdist: the controller collects nothing, so only what the worker reported is known
        outcomes.setdefault("Third scenario", "notRun")
    assert outcomes == {"First scenario": "passed", "Second scenario": outcome, "Third scenario": "notRun"}
    assert report["useCases"]["UC7"]["verdict"] == ("FAIL" if outcome == "failed" else "INCOMPLETE")


def test_max_failures_stops_the_run_and_says_so(tiny_suite: pytest.Pytester) -> None:
    out = tiny_suite.path / "out"

    tiny_suite.runpytest_subprocess("-p", "conformance.plugin", "--conformance-report", str(out), "--maxfail", "1")

    report = read_report(out)
    assert report["completion"] == {"complete": False, "cause": "maxFailures", "detail": "1 failed"}
    assert [s["outcome"] for s in report["scenarios"]].count("notRun") == 2
    assert report["verdict"] == "INCOMPLETE"


def test_an_unusable_target_is_a_usage_error(tiny_suite: pytest.Pytester) -> None:
    run = tiny_suite.runpytest_subprocess("-p", "conformance.plugin", "--nmf-target", "gopher://nmf")

    assert run.ret == pytest.ExitCode.USAGE_ERROR
    run.stderr.fnmatch_lines(["*unknown NMF target 'gopher://nmf'*"])


def test_the_cli_writes_the_markdown_page_of_a_report(tmp_path: Path) -> None:
    write_report(tmp_path, build_report([result("UC4", "passed", "Done")], target="reference"))

    assert main(["report", str(tmp_path), "--markdown", str(tmp_path / "site" / "results.md")]) == 0
    assert "| Done | passed | BMR-11 |" in (tmp_path / "site" / "results.md").read_text()


def test_the_cli_runs_the_bound_suite_with_its_own_config_only(tmp_path: Path) -> None:
    args = argparse.Namespace(
        target="https://nmf.example", admin_token="t", report=str(tmp_path), n=2, k="UC1", timeout=2.5, max_failures=3
    )

    arguments = pytest_arguments(args, ["-x"])

    assert arguments[:2] == ["--pyargs", "conformance.suite"]
    config = Path(arguments[arguments.index("-c") + 1])
    assert config.name == "run.ini"
    assert "[pytest]" in config.read_text()
    assert "--disable-plugin-autoload" in arguments  # only the plugins it names, never every installed one
    plugins = [arguments[i + 1] for i, argument in enumerate(arguments) if argument == "-p"]
    assert plugins == ["pytest_bdd.plugin", "xdist.plugin", "conformance.plugin", "no:cacheprovider"]
    assert Path(arguments[arguments.index("--rootdir") + 1]) == config.parent
    assert " ".join(arguments).endswith(
        f"--nmf-target https://nmf.example --conformance-report {tmp_path} --nmf-timeout 2.5 "
        "--nmf-admin-token t -n 2 --maxfail 3 -k UC1 -x"
    )
