"""pytest plugin: target options, tag marks, per-scenario fixtures, "not tested" skips and report.json.

Loaded with `-p conformance.plugin`. Each scenario's identity is fixed at collection; its per-phase
records travel in `report.user_properties` to `results.ResultCollector`, which writes the report.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Generator, Iterator
from typing import Any, NoReturn

import pytest

from conformance import datatable_render, interrupts, provenance, step_lookup
from conformance.configuration import capabilities
from conformance.exchange import ExchangeLog
from conformance.failures import ConformanceFailure
from conformance.identity import RULE_ID, SCENARIO_ID, USE_CASE_ID, ScenarioIdentity, identity_of
from conformance.nmf_client import NmfClient, TestClockUnsupported
from conformance.reports.fields import STEPS, failure_fields
from conformance.results import CATALOGUE, KEYWORDS, PROPERTY, ResultCollector, catalogue_of
from conformance.selection import id_keywords, whole_id_expression
from conformance.targets import DEFAULT_TIMEOUT, REFERENCE, Target, TargetError, check_target_spec, open_target

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
    "capacity_trading",
    "defects",
    "offsetting",
    "answers",
    "portfolio",
)
pytest_plugins = [*(f"conformance.steps.{module}" for module in STEP_MODULES), "conformance.scenario_trace"]

TARGET_ENV = "CONFORMANCE_TARGET"
_LOG_KEY = pytest.StashKey[ExchangeLog]()
_IDENTITY_KEY = pytest.StashKey[ScenarioIdentity]()
_NEEDS_CLOCK_KEY = pytest.StashKey[bool]()
_DESELECTED = pytest.StashKey[list[pytest.Item]]()


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
    group.addoption(
        "--nmf-capabilities",
        default=None,
        metavar="JSON",
        help='the capability manifest: {"useCases": [...], "testClock": bool}; absent: every capability assumed',
    )
    group.addoption("--nmf-only-ids", default=None, metavar="IDS", help="run only the scenarios of these IDs (a,b)")
    group.addoption(
        "--nmf-timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds to wait for each answer of the NMF (default {DEFAULT_TIMEOUT:g})",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "use_case(id): the scenario belongs to use case <id> (tag @UC<n>)")
    config.addinivalue_line("markers", "rule(id): the scenario checks Conformance Market Rule <id> (tag @BMR-<nn>)")
    config.addinivalue_line("markers", "scenario_id(id): the scenario's stable ID (tag @UC<n>-S<nn>)")
    config.addinivalue_line("markers", f"{capabilities.TEST_CLOCK_TAG}: needs the test clock though it never moves it")
    try:
        check_target_spec(config.getoption("nmf_target"), admin_token=config.getoption("nmf_admin_token"))
    except TargetError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[KEYWORDS] = config.option.keyword
    config.option.keyword = whole_id_expression(config.option.keyword)
    config.stash[_DESELECTED] = []
    interrupts.install()
    step_lookup.install()
    datatable_render.install()
    config.pluginmanager.register(ResultCollector(config), "conformance-results")


def pytest_unconfigure(config: pytest.Config) -> None:
    interrupts.restore()


@pytest.hookimpl(tryfirst=True)  # pytest-bdd's own implementation would otherwise answer first
def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """`@UC<n>` → `use_case("UC<n>")`, `@BMR-<nn>` → `rule("BMR-<nn>")`; other tags are left to pytest-bdd."""
    if USE_CASE_ID.fullmatch(tag):
        pytest.mark.use_case(tag)(function)
        return True
    if RULE_ID.fullmatch(tag):
        pytest.mark.rule(tag)(function)
        return True
    if SCENARIO_ID.fullmatch(tag):
        pytest.mark.scenario_id(tag)(function)
        return True
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest's own `-k` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fix each scenario's identity, and let `-k UC1` or `-k BMR-09` select by whole use case or rule."""
    for item in items:
        template = _template_of(item)
        if template is not None:
            identity = _identity_at_collection(item, template)
            item.stash[_IDENTITY_KEY] = identity
            item.stash[_NEEDS_CLOCK_KEY] = item.get_closest_marker(
                capabilities.TEST_CLOCK_TAG
            ) is not None or capabilities.moves_time(step.name for step in template.steps)
            item.extra_keyword_matches.update(id_keywords(identity))
    only = items[0].config.getoption("nmf_only_ids") if items else None
    if only:
        wanted = set(only.split(","))
        left_out = [
            item for item in items if _IDENTITY_KEY not in item.stash or item.stash[_IDENTITY_KEY]["id"] not in wanted
        ]
        if left_out:
            items[0].config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if item not in left_out]


def pytest_deselected(items: list[pytest.Item]) -> None:
    if items:
        items[0].config.stash[_DESELECTED].extend(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The catalogue of this collection: what the report lists as not run if the run stops early."""
    deselected = session.config.stash[_DESELECTED]
    session.config.stash[CATALOGUE] = catalogue_of(session.items, deselected, _IDENTITY_KEY)
    gc.collect()
    gc.freeze()  # what collection built lives to the end: later full collections need not scan it again


@pytest.fixture(scope="session")
def nmf_target(pytestconfig: pytest.Config) -> Iterator[Target]:
    """The NMF under test, open for the whole session (one per xdist worker)."""
    spec = pytestconfig.getoption("nmf_target")
    admin_token = pytestconfig.getoption("nmf_admin_token")
    with open_target(spec, admin_token=admin_token, timeout=pytestconfig.getoption("nmf_timeout")) as target:
        yield target


@pytest.fixture
def exchange_log(request: pytest.FixtureRequest) -> ExchangeLog:
    """Every exchange of this scenario; it goes into the report."""
    log = ExchangeLog()
    request.node.stash[_LOG_KEY] = log
    provenance.forget()
    return log


@pytest.fixture
def nmf(nmf_target: Target, exchange_log: ExchangeLog, request: pytest.FixtureRequest) -> NmfClient:
    """The harness playing the market actors of this scenario."""
    return NmfClient(
        nmf_target.client,
        nmf_target.admin_token,
        exchange_log,
        test_clock=capabilities.uses_test_clock(_manifest(request.config)),
    )


# -- "not tested": a missing test clock skips the scenario wherever it is discovered ---------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A scenario that needs a capability the platform does not claim is N/A, before it sends anything."""
    identity = item.stash.get(_IDENTITY_KEY, None)
    reason = capabilities.not_claimed(
        _manifest(item.config),
        identity["useCase"] if identity else None,
        needs_clock=item.stash.get(_NEEDS_CLOCK_KEY, True),
    )
    if reason is not None:
        pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Generator[None, object, object]:
    try:
        return (yield)
    except TestClockUnsupported as exc:
        _no_test_clock(pyfuncitem.config, exc)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: pytest.FixtureRequest) -> Generator[None, object, object]:
    try:
        return (yield)
    except TestClockUnsupported as exc:
        _no_test_clock(request.config, exc)


def _no_test_clock(config: pytest.Config, exc: TestClockUnsupported) -> NoReturn:
    """Not tested, unless the platform claims a test clock: then the missing clock is a failure."""
    if capabilities.claims_test_clock(_manifest(config)):
        raise ConformanceFailure(
            rule="contract",
            message="POST /admin/test-clocks",
            detail=f"the capability manifest claims a test clock, but {exc.reason.removeprefix('not tested: ')}",
        ) from None
    pytest.skip(exc.reason)


def _manifest(config: pytest.Config) -> dict[str, Any] | None:
    text = config.getoption("nmf_capabilities")
    return json.loads(text) if text else None


# -- scenario identity and per-phase records -------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    identity = item.stash.get(_IDENTITY_KEY, None)
    if identity is None:
        return report
    record: dict[str, Any] = {"identity": identity, "when": report.when, "message": _message(report, call)}
    log = item.stash.get(_LOG_KEY, None)
    if report.failed and log is not None and any(exchange.status == 0 for exchange in log):
        # The NMF stopped answering: every later scenario would wait out the timeout and fail the same way.
        record["noAnswer"] = True
        item.session.shouldstop = f"the NMF gave no answer: {record['message']}"
    steps = item.stash.get(STEPS, [])
    if report.failed and call.excinfo is not None:
        record["failure"] = failure_fields(call.excinfo.value, steps)
    if report.when == "teardown":
        record["exchanges"] = log.as_json() if log is not None else []
        record["steps"] = steps
    report.user_properties.append((PROPERTY, json.dumps(record)))
    return report


def _template_of(item: pytest.Item) -> Any:
    """The pytest-bdd scenario template of an item, from pytest-bdd's registry of scenario functions; or None."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry as templates  # noqa: PLC0415

    return templates.get(getattr(item, "obj", None))  # type: ignore[arg-type]


def _identity_at_collection(item: pytest.Item, template: Any) -> ScenarioIdentity:
    """The identity of a pytest-bdd scenario item run from `template`."""
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example", {}) if callspec is not None else {}
    return identity_of(template, example)


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
