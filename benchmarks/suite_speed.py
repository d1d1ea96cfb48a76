"""Print how long the suite takes against the reference, in process and over HTTP, and what it costs.

    .venv/bin/python benchmarks/suite_speed.py [--workers N]

Figures only, never a pass/fail threshold: a slow machine is not a defect.
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFORMANCE = str(Path(sys.executable).parent / "conformance")


def measure(target: str, workers: int, report_dir: Path) -> dict[str, float]:
    command = [CONFORMANCE, "run", "--target", target, "--report", str(report_dir)]
    if workers > 1:
        command += ["-n", str(workers)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - our own console script
    wall = time.perf_counter() - started
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    durations = [e["duration_ms"] for s in report["scenarios"] for e in s["exchanges"]]
    scenarios = report["summary"]["total"]
    return {
        "scenarios": scenarios,
        "wall s": round(wall, 2),
        "scenarios/s": round(scenarios / wall, 1),
        "exchanges": len(durations),
        "median ms": round(statistics.median(durations), 2),
        "p95 ms": round(statistics.quantiles(durations, n=20)[18], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for target in ("reference", "reference-http"):
            figures = measure(target, args.workers, Path(tmp) / target)
            print(f"{target:15} " + "  ".join(f"{key} {value}" for key, value in figures.items()))
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of one suite run: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
