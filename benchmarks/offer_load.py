"""Print offer submission throughput and latency of the served reference beside a raw-ASGI ceiling.

    .venv/bin/python benchmarks/offer_load.py [--seconds S] [--repeat N] [--connections 1 32 128]
        [--postgres URL] [--workers 1 2]

`POST /offers` (authenticated, validated, stored) is loaded with wrk (Debian's package; installed with
apt-get when missing and run as root). Each configuration serves the reference with `conformance serve`
and, on the same uvicorn with the same settings and workers, the minimal app of raw_asgi.py; for each
number of connections the two are measured in turn, N times, and the medians are printed with their ratio.
Figures only: the goals are printed beside them, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from conformance.exchange import ExchangeLog
from conformance.nmf_client import NmfClient, expect_success
from conformance.world.mpans import fresh_mpan

HERE = Path(__file__).resolve().parent
CONFORMANCE = str(Path(sys.executable).parent / "conformance")
LUA = HERE / "offers.lua"
MESSAGE_ID = "@MESSAGE_ID@"
GOAL_RATIO = 0.4
GOAL_P99_MS = {32: 25.0, 128: 100.0}
NOW = "2030-01-15T12:00:00Z"


@dataclass(frozen=True)
class Config:
    name: str
    serve_args: tuple[str, ...]
    workers: int


@dataclass(frozen=True)
class Load:
    rate: float  # successful requests per second
    p50_ms: float
    p99_ms: float
    errors: int  # connection errors, timeouts and answers other than 2xx/3xx


@contextlib.contextmanager
def served(command: Sequence[str]) -> Iterator[str]:
    """Run a server on port 0 in its own process group until the block ends; yield the base URL it prints."""
    process = subprocess.Popen(  # noqa: S603 - our own commands
        [*command, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the server prints where it listens once bound
        found = re.search(r"http://127\.0\.0\.1:[0-9]+", line)
        if not found:
            sys.exit(f"{command[0]} did not say where it listens: {line!r}")
        base_url = found.group(0)
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base_url}/health", timeout=2).status_code < 500:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{command[0]} did not answer on {base_url}")
            time.sleep(0.1)
        yield base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def offer_template(client: httpx.Client, admin_token: str) -> tuple[str, str]:
    """Set up a market (clock, actors, zone, site, requirement) through the API; the body of an offer
    (with MESSAGE_ID where its id goes) and its sender's token. One offer is sent first, and must be taken."""
    nmf = NmfClient(client, admin_token, ExchangeLog())
    clock = nmf.create_test_clock(NOW)
    roles = {"dso": "DSO", "dno": "DNO", "eso": "ESO", "aggregator": "AGGREGATOR", "owner": "DOMESTIC_CONSUMER"}
    roles |= {"supplier": "SUPPLIER", "brp": "BRP"}
    actors = {label: nmf.register_actor(label, role, clock) for label, role in roles.items()}
    zone = nmf.register_zone(
        {
            "name": "benchmark zone",
            "dnoId": actors["dno"].actor_id,
            "dsoId": actors["dso"].actor_id,
            "esoId": actors["eso"].actor_id,
            "criticalAssets": ["Primary T1"],
        }
    )
    mpan = fresh_mpan()
    site = {"mpan": mpan, "name": "benchmark site", "zoneId": zone["zoneId"], "criticalAsset": "Primary T1"}
    site |= {"micKva": "100", "mecKva": "0", "ownerId": actors["owner"].actor_id}
    site |= {"aggregatorId": actors["aggregator"].actor_id, "supplierId": actors["supplier"].actor_id}
    site |= {"brpId": actors["brp"].actor_id}
    expect_success(nmf.register_site(site), 201)
    requirement = {
        "zoneId": zone["zoneId"],
        "criticalAsset": "Primary T1",
        "service": "CONSTRAINT_MANAGEMENT",
        "window": {"start": "2030-01-15T17:00:00Z", "end": "2030-01-15T18:00:00Z"},
        "capacityKw": "250",
        "armingDeadline": "2030-01-15T16:30:00Z",
        "priceCeiling": {"utilisationGbpPerMwh": "450.00", "availabilityGbpPerMwPerH": "12.50"},
    }
    requirement_id = expect_success(nmf.send(actors["dso"], "FlexibilityRequirement", requirement), 201)[
        "requirementId"
    ]
    baseline = [
        {"periodStart": start, "importKw": "300", "exportKw": "0"}
        for start in ("2030-01-15T17:00:00Z", "2030-01-15T17:30:00Z")
    ]
    payload = {
        "requirementId": requirement_id,
        "sites": [{"mpan": mpan, "capacityKw": "200", "baseline": baseline}],
        "utilisationGbpPerMwh": "400.00",
        "availabilityGbpPerMwPerH": "10.00",
    }
    seller = actors["aggregator"]
    expect_success(nmf.send(seller, "FlexibilityOffer", payload, correlation_id=requirement_id), 201)
    envelope = nmf.envelope(seller, "FlexibilityOffer", payload, correlation_id=requirement_id)
    envelope["messageId"] = MESSAGE_ID
    return json.dumps(envelope, separators=(",", ":")), seller.token


def wrk(base_url: str, connections: int, seconds: int, body_file: Path, token: str) -> Load:
    threads = min(2, connections)
    environment = {**os.environ, "BENCH_BODY_FILE": str(body_file), "BENCH_TOKEN": token}
    environment["BENCH_RUN"] = str(secrets.randbits(31))
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "-s", str(LUA), base_url]
    finished = subprocess.run(command, capture_output=True, check=True, env=environment)  # noqa: S603
    figures = json.loads(finished.stdout.decode().strip().splitlines()[-1])
    errors = sum(figures[key] for key in ("connect", "read", "write", "status", "timeout"))
    successes = figures["requests"] - figures["status"]
    return Load(
        rate=successes / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=errors,
    )


def median_load(loads: list[Load]) -> Load:
    return Load(
        rate=statistics.median(load.rate for load in loads),
        p50_ms=statistics.median(load.p50_ms for load in loads),
        p99_ms=statistics.median(load.p99_ms for load in loads),
        errors=sum(load.errors for load in loads),
    )


def measure(config: Config, args: argparse.Namespace, tmp: Path) -> list[str]:
    admin_token = secrets.token_urlsafe(24)
    reference = [CONFORMANCE, "serve", "--admin-token", admin_token, *config.serve_args]
    ceiling = [sys.executable, str(HERE / "raw_asgi.py"), "--workers", str(config.workers)]
    lines = []
    with served(reference) as reference_url, served(ceiling) as ceiling_url:
        with httpx.Client(base_url=reference_url, timeout=30) as client:
            body, token = offer_template(client, admin_token)
        body_file = tmp / f"{config.name}-offer.json"
        body_file.write_text(body, encoding="utf-8")
        for url in (reference_url, ceiling_url):  # warm both up
            wrk(url, 8, 1, body_file, token)
        for connections in args.connections:
            ours: list[Load] = []
            raw: list[Load] = []
            for _ in range(args.repeat):  # in turn, so a burst of load on the machine hits both alike
                ours.append(wrk(reference_url, connections, args.seconds, body_file, token))
                raw.append(wrk(ceiling_url, connections, args.seconds, body_file, token))
            lines.append(row(config, connections, median_load(ours), median_load(raw)))
            print(lines[-1], flush=True)
    return lines


def row(config: Config, connections: int, ours: Load, raw: Load) -> str:
    ratio = ours.rate / raw.rate if raw.rate else 0.0
    goals = [f"ratio {'meets' if ratio >= GOAL_RATIO else 'misses'} {GOAL_RATIO}"]
    if connections in GOAL_P99_MS:
        limit = GOAL_P99_MS[connections]
        goals.append(f"p99 {'meets' if ours.p99_ms < limit else 'misses'} <{limit:.0f} ms")
    errors = f"  errors {ours.errors}/{raw.errors}" if ours.errors or raw.errors else ""
    return (
        f"{config.name:18} {connections:4} conn  offers {ours.rate:7.0f}/s  p50 {ours.p50_ms:6.1f} ms  "
        f"p99 {ours.p99_ms:6.1f} ms | raw ASGI {raw.rate:7.0f}/s  p99 {raw.p99_ms:5.1f} ms | "
        f"ratio {ratio:4.2f}  ({', '.join(goals)}){errors}"
    )


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("offer_load needs wrk: install Debian's package (sudo apt-get install wrk) and run again")
    print("installing wrk from Debian's packages ...", flush=True)
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, check=False, capture_output=True).returncode != 0:  # noqa: S603
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)  # noqa: S607
        subprocess.run(install, check=True, capture_output=True)  # noqa: S603


def configurations(args: argparse.Namespace, tmp: Path, postgres: str | None) -> list[Config]:
    configs = [Config("sqlite", ("--database", str(tmp / "nmf.sqlite3")), 1)]
    if postgres:
        for workers in args.workers:
            configs.append(
                Config(f"postgresql x{workers}", ("--database", postgres, "--workers", str(workers)), workers)
            )
    return configs


@contextlib.contextmanager
def postgres_url(args: argparse.Namespace) -> Iterator[tuple[str | None, str]]:
    """The given PostgreSQL URL, else a throwaway cluster of Debian's server binaries; or why there is none."""
    if args.postgres:
        yield args.postgres, f"PostgreSQL: {args.postgres.partition('@')[2] or 'the given URL'}"
        return
    if args.no_postgres:
        yield None, "PostgreSQL: not measured (--no-postgres)"
        return
    from reference_impl.pg_cluster import throwaway_cluster  # noqa: PLC0415 - only when PostgreSQL is measured

    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_cluster())
        except (OSError, RuntimeError) as exc:  # no server binaries, or the cluster would not start
            yield None, f"PostgreSQL: not measured ({exc}); install Debian's postgresql or give --postgres URL"
            return
        yield url, "PostgreSQL: a throwaway local cluster (reference_impl.pg_cluster)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4, help="length of one wrk run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is printed")
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 32, 128])
    parser.add_argument("--postgres", default=os.environ.get("CONFORMANCE_BENCH_POSTGRES"), metavar="URL")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="PostgreSQL worker counts")
    parser.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    args = parser.parse_args()
    ensure_wrk()
    print(
        f"Offer submission (POST /offers) vs raw ASGI on the same uvicorn; medians of {args.repeat} x "
        f"{args.seconds:g} s; goals: ratio >= {GOAL_RATIO}, p99 < 25 ms at 32 and < 100 ms at 128 connections",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp_dir, postgres_url(args) as (postgres, note):
        print(note, flush=True)
        tmp = Path(tmp_dir)
        for config in configurations(args, tmp, postgres):
            measure(config, args, tmp)


if __name__ == "__main__":
    main()
