"""Print what the suite costs against the reference: per exchange above its start-up floor, in one and two workers.

    .venv/bin/python benchmarks/suite_speed.py [--repeat N] [--workers 1 2] [--http]

The floor is `conformance run --collect-only` (interpreter start, imports, collection). The cost per exchange is
(run - floor) / exchanges, from the medians of N interleaved runs, in wall-clock and in CPU time (user + system of
every process of the run: CPU time is steadier than wall time on a shared machine). A run of one scenario also
gives the cost per exchange after the one-time start of the reference. Figures only, never a pass/fail
threshold: a slow machine is not a defect.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CONFORMANCE = str(Path(sys.executable).parent / "conformance")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    exchanges: int
    scenarios: int
    passed: int


def run_once(
    target: str, workers: int, report_dir: Path, *, collect_only: bool = False, select: str | None = None
) -> Run:
    command = [CONFORMANCE, "run", "--target", target, "--report", str(report_dir)]
    if workers > 1:
        command += ["-n", str(workers)]
    if collect_only:
        command += ["--collect-only", "-q"]
    if select:
        command += ["-k", select]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(command, check=False, capture_output=True)  # noqa: S603 - our own console script
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if collect_only:
        return Run(wall, cpu, 0, 0, 0)
    if finished.returncode != 0:
        sys.exit(f"the suite failed against {target}:\n{finished.stdout.decode()[-2000:]}")
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    # A passed scenario's exchanges are summarised in report.json (their bodies only with --full-log).
    exchanges = sum(s["exchangeSummary"]["count"] for s in report["scenarios"])
    summary = report["summary"]
    return Run(wall, cpu, exchanges, summary["total"], summary["passed"])


def per_exchange(target: str, workers: int, repeat: int, tmp: Path, one: str) -> str:
    floors: list[Run] = []
    firsts: list[Run] = []
    runs: list[Run] = []
    for index in range(repeat):  # interleaved, so a burst of load on the machine hits each alike
        floors.append(run_once(target, workers, tmp / f"floor-{index}", collect_only=True))
        firsts.append(run_once(target, workers, tmp / f"one-{index}", select=one))
        runs.append(run_once(target, workers, tmp / f"run-{index}"))
    exchanges = runs[0].exchanges
    floor_wall, floor_cpu = statistics.median(r.wall for r in floors), statistics.median(r.cpu for r in floors)
    one_wall, one_cpu = statistics.median(r.wall for r in firsts), statistics.median(r.cpu for r in firsts)
    wall, cpu = statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)
    more = exchanges - firsts[0].exchanges
    return (
        f"{target:14} -n {workers}  {runs[0].passed}/{runs[0].scenarios} scenarios passed, {exchanges} exchanges: "
        f"run {wall:.2f} s (cpu {cpu:.2f} s), collect-only floor {floor_wall:.2f} s (cpu {floor_cpu:.2f} s)\n"
        f"{'':20}per exchange above the floor: {(wall - floor_wall) / exchanges * 1000:.2f} ms wall, "
        f"{(cpu - floor_cpu) / exchanges * 1000:.2f} ms cpu; after the first scenario (-k {one}: "
        f"{one_wall:.2f} s, cpu {one_cpu:.2f} s, with the reference's boot): "
        f"{(wall - one_wall) / more * 1000:.2f} ms wall, {(cpu - one_cpu) / more * 1000:.2f} ms cpu"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--http", action="store_true", help="also over loopback HTTP (reference-http, -n 1)")
    parser.add_argument("--one", default="BMR-05", help="-k expression of the one-scenario run (default BMR-05)")
    args = parser.parse_args()
    runs = [("reference", workers) for workers in args.workers] + ([("reference-http", 1)] if args.http else [])
    goal = "goal: at most 1 ms per exchange above the floor, in process, -n 1"
    print(f"The suite's own cost (medians of {args.repeat}); {goal}")
    with tempfile.TemporaryDirectory() as tmp:
        for target, workers in runs:
            print(per_exchange(target, workers, args.repeat, Path(tmp) / f"{target}-{workers}", args.one), flush=True)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of one suite process: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
