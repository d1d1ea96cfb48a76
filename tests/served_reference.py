"""The reference NMF served as `conformance serve` in its own process group, on SQLite or PostgreSQL.

`postgres_server` is a pytest fixture (import it into a test module): one throwaway cluster per test
process. Without PostgreSQL binaries the tests that need it are skipped on a developer's machine and
fail in CI (CI=true), so CI never passes without having run them.
"""

import os
import re
import selectors
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from reference_impl.pg_cluster import PostgresUnavailableError, create_database, throwaway_cluster

CONFORMANCE = str(Path(sys.executable).parent / "conformance")
ADMIN_TOKEN = "served-reference-admin-token"
_READY = re.compile(r"Serving the reference NMF on (http://\S+)")
_START_TIMEOUT_S = 60.0


@dataclass
class ServedNmf:
    """A running `conformance serve` and the base URL it answers on."""

    process: subprocess.Popen[str]
    base_url: str

    def kill(self) -> None:
        """SIGKILL every process of the server (the supervisor and its workers) and reap it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Ask the server to stop (SIGTERM), then kill it if it lingers."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def conformance(*arguments: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run the `conformance` command to its end; its output is captured."""
    command = [CONFORMANCE, *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603


def _ready_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + _START_TIMEOUT_S
    seen: list[str] = []
    while time.monotonic() < deadline and process.poll() is None:
        if not selector.select(timeout=0.5):
            continue
        line = process.stdout.readline()
        seen.append(line)
        found = _READY.search(line)
        if found:
            return found.group(1)
    raise AssertionError(f"conformance serve did not report its URL: {''.join(seen)[-2000:]}")


def _wait_healthy(base_url: str) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{base_url} did not answer /health within {_START_TIMEOUT_S:.0f}s")


@contextmanager
def served(database: str, *, workers: int = 1) -> Iterator[ServedNmf]:
    """`conformance serve --port 0 --database DATABASE --workers N` until the block ends."""
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [
            CONFORMANCE,
            "serve",
            "--port",
            "0",
            "--admin-token",
            ADMIN_TOKEN,
            "--database",
            database,
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group: the workers are stopped and killed with it
    )
    nmf = ServedNmf(process, "")
    try:
        nmf.base_url = _ready_url(process)
        _wait_healthy(nmf.base_url)
        yield nmf
    finally:
        nmf.stop()
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL cluster (its `postgres` database)."""
    try:
        # The tests kill the NMF, never PostgreSQL: its own fsync adds only time here.
        with throwaway_cluster(settings={"fsync": "off"}) as url:
            yield url
    except PostgresUnavailableError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(f"PostgreSQL tests not run: {exc}")


def fresh_database(server_url: str) -> str:
    """A new, empty database on the cluster."""
    return create_database(server_url, f"nmf_{uuid.uuid4().hex[:12]}")
