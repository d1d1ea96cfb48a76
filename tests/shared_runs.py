"""Whole-suite runs that several self-tests read, each made once per test session.

A whole run costs a minute of CI on two cores, so the tests that judge one (certification, parity, a
second run on the same database) read the same runs instead of making their own. Under xdist each
worker is a process of its own: the first worker to ask makes the run under a file lock in the
session's shared temporary directory, the others wait for it and read what it wrote. `make test` runs
with `--dist loadgroup` and the modules that read these runs are one group (`WHOLE_RUNS`), so one worker
makes them while the other runs everything else instead of waiting.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.command import run_conformance
from tests.served_reference import ADMIN_TOKEN, served

__all__ = ["WHOLE_RUNS", "CertifiedRun", "ServedRuns", "certified_reference", "served_reference_runs"]


WHOLE_RUNS = "whole-suite-runs"  # the xdist group of the tests that read these runs


def _once(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict[str, Any]]
) -> tuple[Path, dict[str, Any]]:
    """The directory of `name` and what `make(directory)` returned, made by the first process to ask for it."""
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the workers' common directory
    directory = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = directory / "made.json"
        if not done.exists():
            directory.mkdir(exist_ok=True)
            done.write_text(json.dumps(make(directory)), encoding="utf-8")
        made: dict[str, Any] = json.loads(done.read_text(encoding="utf-8"))
        return directory, made


@dataclass(frozen=True)
class CertifiedRun:
    """`conformance certify` of the reference in process: its key pair, its bundle and its reports."""

    private_key: Path
    public_key: Path
    bundle: Path
    reports: Path
    returncode: int
    output: str


def _certify(directory: Path) -> dict[str, Any]:
    keygen = run_conformance("keygen", "--out", str(directory / "keys"))
    assert keygen.returncode == 0, keygen.stderr
    result = run_conformance(
        "certify",
        "--key",
        str(directory / "keys" / "certifier.key"),
        "--out",
        str(directory / "bundle.tar.gz"),
        "--report",
        str(directory / "reports"),
    )
    return {"returncode": result.returncode, "output": result.stdout[-3000:] + result.stderr[-2000:]}


@pytest.fixture(scope="session")
def certified_reference(tmp_path_factory: pytest.TempPathFactory) -> CertifiedRun:
    """The reference certified once for the session (a whole run in process)."""
    directory, made = _once(tmp_path_factory, "certified-reference", _certify)
    return CertifiedRun(
        private_key=directory / "keys" / "certifier.key",
        public_key=directory / "keys" / "certifier.pub",
        bundle=directory / "bundle.tar.gz",
        reports=directory / "reports",
        returncode=made["returncode"],
        output=str(made["output"]),
    )


@dataclass(frozen=True)
class ServedRuns:
    """Two whole runs over HTTP against one `conformance serve` on one SQLite database, one after the other."""

    reports: tuple[Path, Path]
    returncodes: tuple[int, int]
    outputs: tuple[str, str]


def _run_twice_served(directory: Path) -> dict[str, Any]:
    made: dict[str, list[Any]] = {"returncodes": [], "outputs": []}
    with served(str(directory / "nmf.sqlite3")) as nmf:
        for attempt in ("first", "second"):  # the second run meets the data of the first
            result = run_conformance(
                "run",
                "--target",
                nmf.base_url,
                "--admin-token",
                ADMIN_TOKEN,
                "--report",
                str(directory / attempt),
                "-n",
                "2",
            )
            made["returncodes"].append(result.returncode)
            made["outputs"].append(result.stdout + result.stderr[-2000:])
    return made


@pytest.fixture(scope="session")
def served_reference_runs(tmp_path_factory: pytest.TempPathFactory) -> ServedRuns:
    """The whole suite run twice over HTTP against one served reference, once for the session."""
    directory, made = _once(tmp_path_factory, "served-reference", _run_twice_served)
    codes, outputs = made["returncodes"], made["outputs"]
    return ServedRuns(
        reports=(directory / "first", directory / "second"),
        returncodes=(codes[0], codes[1]),
        outputs=(outputs[0], outputs[1]),
    )
