"""A throwaway PostgreSQL cluster for tests and benchmarks: `with throwaway_cluster() as url: ...`.

It runs Debian's (or any) PostgreSQL binaries on a private data directory in a temporary directory,
listening on 127.0.0.1 on a free port, with a random password, and removes everything on exit.
PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user.

From a shell (prints the URL, serves until interrupted):
    python -m reference_impl.pg_cluster
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

BINDIR_ENV = "NMF_PG_BINDIR"
_START_TIMEOUT_S = 60.0
_USER = "nmf"


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server binaries were found on this machine."""


def find_bindir() -> Path:
    """The directory holding `initdb` and `postgres`: $NMF_PG_BINDIR, Debian's newest, or the PATH."""
    candidates = [os.environ.get(BINDIR_ENV, "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    found = shutil.which("initdb")
    candidates.append(str(Path(found).parent) if found else "")
    for candidate in filter(None, candidates):
        if (Path(candidate) / "initdb").is_file() and (Path(candidate) / "postgres").is_file():
            return Path(candidate)
    raise PostgresUnavailableError(
        "PostgreSQL server binaries (initdb, postgres) not found: install Debian's `postgresql` package "
        f"(apt-get install -y postgresql) or set {BINDIR_ENV}"
    )


def _version(bindir: str) -> int:
    name = Path(bindir).parent.name
    return int(name) if name.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class _RunAs:
    """Who runs initdb and postgres: None keeps our own user (both refuse to run as root)."""

    uid: int | None = None
    gid: int | None = None

    @classmethod
    def server_user(cls) -> _RunAs:
        if os.geteuid() != 0:
            return cls()
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            msg = "running as root, and there is no `postgres` user to run PostgreSQL as"
            raise PostgresUnavailableError(msg) from None
        return cls(user.pw_uid, user.pw_gid)

    def own(self, path: Path) -> None:
        if self.uid is not None and self.gid is not None:
            os.chown(path, self.uid, self.gid)

    def popen(self, arguments: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 - PostgreSQL's own programs
            arguments,
            stdout=log,
            stderr=log,
            start_new_session=True,
            user=self.uid,
            group=self.gid,
            extra_groups=None if self.uid is None else [],
        )


@contextlib.contextmanager
def throwaway_cluster(*, settings: dict[str, str] | None = None) -> Iterator[str]:
    """Start a private cluster; yield its `postgresql://` URL; stop it and delete its files."""
    bindir = find_bindir()
    run_as = _RunAs.server_user()
    root = Path(tempfile.mkdtemp(prefix="nmf-pg-"))
    try:
        run_as.own(root)
        password = secrets.token_urlsafe(18)
        (root / "pw").write_text(password, encoding="utf-8")
        run_as.own(root / "pw")
        with (root / "initdb.log").open("wb") as log:
            initdb = run_as.popen(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(root / "data"),
                    "-U",
                    _USER,
                    "--pwfile",
                    str(root / "pw"),
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
                log,
            )
        if initdb.wait() != 0:
            raise RuntimeError(f"initdb failed: {(root / 'initdb.log').read_text(errors='replace')}")
        url = f"postgresql://{_USER}:{password}@127.0.0.1:{{port}}/postgres"
        with _running(bindir, root, run_as, settings or {}, url) as port:
            yield url.format(port=port)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def _running(bindir: Path, root: Path, run_as: _RunAs, settings: dict[str, str], url: str) -> Iterator[int]:
    for _ in range(5):  # another process may take the free port before the server binds it
        port = _free_port()
        options = {
            "listen_addresses": "127.0.0.1",
            "port": str(port),
            "unix_socket_directories": str(root),
            "max_connections": "200",
            **settings,
        }
        arguments = [str(bindir / "postgres"), "-D", str(root / "data")]
        for name, value in options.items():
            arguments += ["-c", f"{name}={value}"]
        log = (root / "server.log").open("ab")
        server = run_as.popen(arguments, log)
        try:
            if _wait_ready(server, url.format(port=port)):
                yield port
                return
        finally:
            server.send_signal(signal.SIGINT)  # fast shutdown: roll back open transactions, stop
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
    raise RuntimeError(f"PostgreSQL did not start; see {root / 'server.log'}")


def _wait_ready(server: subprocess.Popen[bytes], url: str) -> bool:
    import psycopg  # noqa: PLC0415 - only PostgreSQL users need psycopg

    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False  # it could not start (a port taken meanwhile): the caller tries another
        try:
            psycopg.connect(url, connect_timeout=2).close()
        except psycopg.OperationalError:
            time.sleep(0.05)
        else:
            return True
    return False


def create_database(url: str, name: str) -> str:
    """Create database `name` on the cluster of `url`; return its URL."""
    import psycopg  # noqa: PLC0415 - only PostgreSQL users need psycopg
    from psycopg import sql  # noqa: PLC0415

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    """Print the URL of a fresh cluster and keep it until interrupted."""
    with throwaway_cluster() as url:
        print(url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.sigwait({signal.SIGINT, signal.SIGTERM})


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    main()
