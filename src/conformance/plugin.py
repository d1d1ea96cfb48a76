"""pytest plugin: target options, tag marks, per-scenario fixtures, "not tested" skips and report.json.

Loaded with `-p conformance.plugin`. Per-scenario results travel in `report.user_properties`, so the
report is assembled on the controller under pytest-xdist as well as in a plain run.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.exchange import ExchangeLog
from conformance.failures import ConformanceFailure
from conformance.nmf_client import NmfClient, TestClockUnsupported
from conformance.report import ScenarioResult, build_report, write_report
from conformance.targets import REFERENCE, Target, TargetError, check_target_spec, open_target

# Step modules under conformance.steps, registered once for every feature (style guide 4.3).
STEP_MODULES: tuple[str, ...] = (
    "fixtures",
    "clock",
    "registration",
    "requirements",
    "transactions",
    "dispatch",
    "metering",
    "settlement",
    "notices",
    "answers",
)
pytest_plugins = [f"conformance.steps.{module}" for module in STEP_MODULES]

TARGET_ENV = "CONFORMANCE_TARGET"
PROPERTY = "conformance.scenario"  # the user_properties key carrying one phase's scenario record
_USE_CASE_TAG = re.compile(r"UC\d+")
_RULE_TAG = re.compile(r"BMR-\d{2}")
_LOG_KEY = pytest.StashKey[ExchangeLog]()
_SCENARIO_KEY = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "NMF conformance")
    group.addoption(
        "--nmf-target",
        default=os.environ.get(TARGET_ENV, REFERENCE),
        help=f"'reference' (in process), 'reference-http' (loopback server) or the NMF's base URL "
        f"[env {TARGET_ENV}; default reference]",
    )
    group.addoption("--nmf-admin-token", default=None, help="administration token of a remote NMF")
    group.addoption("--conformance-report", default=None, metavar="DIR", help="write DIR/report.json")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "use_case(id): the scenario belongs to use case <id> (tag @UC<n>)")
    config.addinivalue_line("markers", "rule(id): the scenario checks Conformance Market Rule <id> (tag @BMR-<nn>)")
    try:
        check_target_spec(config.getoption("nmf_target"), admin_token=config.getoption("nmf_admin_token"))
    except TargetError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.pluginmanager.register(_ResultCollector(config), "conformance-results")


@pytest.hookimpl(tryfirst=True)  # pytest-bdd's own implementation would otherwise answer first
def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """`@UC<n>` → `use_case("UC<n>")`, `@BMR-<nn>` → `rule("BMR-<nn>")`; other tags are left to pytest-bdd."""
    if _USE_CASE_TAG.fullmatch(tag):
        pytest.mark.use_case(tag)(function)
        return True
    if _RULE_TAG.fullmatch(tag):
        pytest.mark.rule(tag)(function)
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Let `-k UC1` or `-k BMR-09` select scenarios by their use case or rule."""
    for item in items:
        for mark in (*item.iter_markers("use_case"), *item.iter_markers("rule")):
            item.extra_keyword_matches.add(str(mark.args[0]))


@pytest.fixture(scope="session")
def nmf_target(pytestconfig: pytest.Config) -> Iterator[Target]:
    """The NMF under test, open for the whole session (one per xdist worker)."""
    spec = pytestconfig.getoption("nmf_target")
    with open_target(spec, admin_token=pytestconfig.getoption("nmf_admin_token")) as target:
        yield target


@pytest.fixture
def exchange_log(request: pytest.FixtureRequest) -> ExchangeLog:
    """Every exchange of this scenario; it goes into the report."""
    log = ExchangeLog()
    request.node.stash[_LOG_KEY] = log
    return log


@pytest.fixture
def nmf(nmf_target: Target, exchange_log: ExchangeLog) -> NmfClient:
    """The harness playing the market actors of this scenario."""
    return NmfClient(nmf_target.client, nmf_target.admin_token, exchange_log)


# -- "not tested": a missing test clock skips the scenario wherever it is discovered ---------------


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Generator[None, object, object]:
    try:
        return (yield)
    except TestClockUnsupported as exc:
        pytest.skip(exc.reason)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: pytest.FixtureRequest) -> Generator[None, object, object]:
    try:
        return (yield)
    except TestClockUnsupported as exc:
        pytest.skip(exc.reason)


# -- scenario metadata and results ---------------------------------------------------------------


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Remember which feature and scenario this item runs (pytest-bdd's public hook)."""
    rule_tags = scenario.rule.tags if getattr(scenario, "rule", None) is not None else set()
    request.node.stash[_SCENARIO_KEY] = {
        "feature": feature.name or Path(feature.filename).stem,
        "name": scenario.name,
        "tags": sorted(set(scenario.tags) | set(feature.tags) | set(rule_tags)),
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    if not _is_scenario(item):
        return report
    record = {**_scenario_of(item), "when": report.when, "message": _message(report, call)}
    if report.when == "teardown":
        log = item.stash.get(_LOG_KEY, None)
        record["exchanges"] = log.as_json() if log is not None else []
    report.user_properties.append((PROPERTY, json.dumps(record)))
    return report


class _ResultCollector:
    """Folds the setup/call/teardown reports of each scenario into one result; writes report.json."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.pending: dict[str, ScenarioResult] = {}
        self.done: list[ScenarioResult] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        records = [json.loads(str(value)) for key, value in report.user_properties if key == PROPERTY]
        if not records:
            return
        record = records[-1]
        result = self.pending.setdefault(report.nodeid, _new_result(record))
        outcome = "skipped" if getattr(report, "wasxfail", None) is not None else report.outcome
        if outcome == "failed" and result["outcome"] != "failed":
            result["outcome"], result["message"] = "failed", record["message"]
        elif outcome == "skipped" and result["outcome"] == "passed":
            result["outcome"], result["message"] = "skipped", record["message"]
        if record["when"] == "teardown":
            result.update(_identity(record))  # type: ignore[typeddict-item]  # known fully once it ran
            result["exchanges"] = record.get("exchanges", [])
            self.done.append(self.pending.pop(report.nodeid))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        directory = self.config.getoption("conformance_report")
        if directory is None or hasattr(self.config, "workerinput"):  # xdist workers only feed the controller
            return
        results = [*self.done, *self.pending.values()]
        write_report(Path(directory), build_report(results, target=self.config.getoption("nmf_target")))


def _new_result(record: dict[str, Any]) -> ScenarioResult:
    return {**_identity(record), "outcome": "passed", "message": "", "exchanges": []}  # type: ignore[typeddict-item]


def _identity(record: dict[str, Any]) -> dict[str, Any]:
    tags: list[str] = record["tags"]
    use_cases = [t for t in tags if _USE_CASE_TAG.fullmatch(t)]
    return {
        "feature": record["feature"],
        "useCase": use_cases[0] if use_cases else None,
        "name": record["name"],
        "tags": tags,
        "rules": sorted(t for t in tags if _RULE_TAG.fullmatch(t)),
    }


def _is_scenario(item: pytest.Item) -> bool:
    # Every pytest-bdd scenario function takes the `_pytest_bdd_example` parameter (outline row or {}).
    return _SCENARIO_KEY in item.stash or "_pytest_bdd_example" in getattr(item, "fixturenames", ())


def _scenario_of(item: pytest.Item) -> dict[str, Any]:
    """Feature, scenario name and tags: from pytest-bdd's hook once the scenario ran, else from collection."""
    known = item.stash.get(_SCENARIO_KEY, None)
    if known is not None:
        return dict(known)
    # Not started (a fixture skipped or failed): ask pytest-bdd's registry of scenario functions.
    from pytest_bdd.scenario import scenario_wrapper_template_registry as templates  # noqa: PLC0415

    template = templates.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    if template is not None:
        rule_tags = template.rule.tags if template.rule is not None else set()
        feature = template.feature
        return {
            "feature": feature.name or Path(feature.filename).stem,
            "name": template.name,
            "tags": sorted(set(template.tags) | set(feature.tags) | set(rule_tags)),
        }
    tags = {str(m.args[0]) for m in item.iter_markers() if m.name in ("use_case", "rule") and m.args}
    return {"feature": item.nodeid.partition("::")[0], "name": item.name, "tags": sorted(tags)}


def _message(report: pytest.TestReport, call: pytest.CallInfo[None]) -> str:
    excinfo = call.excinfo
    if report.skipped:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        return reason.removeprefix("Skipped: ")
    if excinfo is None or not report.failed:
        return ""
    if isinstance(excinfo.value, ConformanceFailure):
        return str(excinfo.value)
    text = str(excinfo.value).strip()
    return f"{excinfo.type.__name__}: {text}" if text else excinfo.type.__name__
