"""The conformance suite against the in-process reference, as `conformance run` runs it, from Python.

Two runs are made of it: one under coverage that maps each line of the rule code to the scenarios
that execute it (and times each scenario), and one per mutant with only those scenarios, fastest
first, stopping at the first failure.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.metadata
import json
import time
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.feature import get_features

from conformance.cli import pytest_arguments
from conformance.paths import spec_dir
from conformance.targets import DEFAULT_TIMEOUT, REFERENCE
from mutation.runner import forget

REFERENCE_PACKAGE = "reference_impl"

__all__ = ["CoverageMap", "FirstFailure", "Selection", "map_coverage", "preload_harness", "run_suite"]


def run_suite(report_dir: Path, *, fail_fast: bool, plugins: Sequence[object] = (), k: str | None = None) -> int:
    """`conformance run --target reference --report report_dir [-x]`; the pytest exit code.

    Asserts are not rewritten: that only changes failure messages, which nobody reads here, and
    rewriting every step module again in each run would cost more than most scenarios.
    """
    args = argparse.Namespace(
        target=REFERENCE,
        report=str(report_dir),
        admin_token=None,
        n=None,
        k=k,
        timeout=DEFAULT_TIMEOUT,
        max_failures=None,
    )
    extra = ["-q", "--assert=plain", *(["-x"] if fail_fast else [])]
    return int(pytest.main(pytest_arguments(args, extra), plugins=list(plugins)))


def preload_harness() -> None:
    """Import pytest's plugins, the harness and the reference's libraries, and parse the feature files, once,
    in the parent of the forked runs.

    The reference itself is imported only to load the libraries it uses, then forgotten: each run imports
    it afresh, with its mutant in place. pytest-bdd keeps parsed features in a module-level cache, which
    each forked run inherits. Everything loaded so far is then frozen out of the garbage collector, so
    that the collections each run makes do not walk it again.
    """
    for entry_point in importlib.metadata.entry_points(group="pytest11"):
        importlib.import_module(entry_point.module)
    plugin = importlib.import_module("conformance.plugin")
    for module in plugin.pytest_plugins:
        importlib.import_module(module)
    importlib.import_module(f"{REFERENCE_PACKAGE}.app")
    forget(REFERENCE_PACKAGE)
    get_features([str(spec_dir() / "features")])
    gc.collect()
    gc.freeze()


class Selection:
    """A pytest plugin that keeps only the scenarios in `node_ids`, in that order."""

    def __init__(self, node_ids: Iterable[str]) -> None:
        self.order = {node_id: i for i, node_id in enumerate(node_ids)}

    @pytest.hookimpl(wrapper=True)  # before every other plugin, which then works on the kept scenarios alone
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> Generator[None]:
        kept = sorted((item for item in items if item.nodeid in self.order), key=lambda item: self.order[item.nodeid])
        dropped = [item for item in items if item.nodeid not in self.order]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = kept
        return (yield)


class FirstFailure:
    """A pytest plugin that writes the node id of the first failed scenario to `directory/FILE`."""

    FILE = "first-failure"

    def __init__(self, directory: Path) -> None:
        self.path = directory / self.FILE

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(report.nodeid, encoding="utf-8")


@dataclass(frozen=True)
class CoverageMap:
    """Which scenarios execute each line of the mutated files, and how long each scenario takes."""

    lines: dict[str, dict[int, list[str]]]  # absolute file → line → node ids
    durations: dict[str, float]  # node id → seconds (under coverage: an upper bound)

    def scenarios_for(self, filename: str, first_line: int, last_line: int) -> list[str]:
        """The scenarios that execute any of the lines, fastest first."""
        by_line = self.lines.get(filename, {})
        found = {n for line in range(first_line, last_line + 1) for n in by_line.get(line, ())}
        return self.fastest_first(found)

    def fastest_first(self, node_ids: Iterable[str]) -> list[str]:
        return sorted(node_ids, key=lambda n: (self.durations.get(n, 0.0), n))

    def to_json(self) -> dict[str, Any]:
        return {"lines": self.lines, "durations": self.durations}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CoverageMap:
        lines = {f: {int(line): ids for line, ids in by_line.items()} for f, by_line in data["lines"].items()}
        return cls(lines=lines, durations=data["durations"])


class _PerScenarioCoverage:
    """A pytest plugin that labels coverage data with the running scenario and times it."""

    def __init__(self, coverage: Any) -> None:
        self.coverage = coverage
        self.durations: dict[str, float] = {}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, object, object]:
        self.coverage.switch_context(item.nodeid)
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            self.durations[item.nodeid] = time.perf_counter() - started
            self.coverage.switch_context("")


def map_coverage(
    files: Sequence[Path], report_dir: Path, out: Path, plugins: Sequence[object] = (), k: str | None = None
) -> int:
    """Run the suite (or the scenarios `-k k` selects) under coverage; write the `CoverageMap` of `files` to `out`.

    Returns the suite's exit code: anything but 0 means the unmutated reference fails the suite.
    """
    import coverage  # noqa: PLC0415 - only this run measures coverage

    # Import the reference first, so that import-time lines are not credited to the first scenario.
    importlib.import_module("reference_impl.app")
    cov = coverage.Coverage(data_file=None, include=[str(f) for f in files], branch=False)
    plugin = _PerScenarioCoverage(cov)
    cov.start()
    try:
        exit_code = run_suite(report_dir, fail_fast=False, plugins=[plugin, *plugins], k=k)
    finally:
        cov.stop()
    data = cov.get_data()
    lines: dict[str, dict[int, list[str]]] = {}
    for filename in data.measured_files():
        by_line = data.contexts_by_lineno(filename)
        lines[filename] = {line: sorted(c for c in ctxs if c) for line, ctxs in by_line.items() if any(ctxs)}
    result = CoverageMap(lines=lines, durations=plugin.durations)
    out.write_text(json.dumps(result.to_json()), encoding="utf-8")
    return exit_code
