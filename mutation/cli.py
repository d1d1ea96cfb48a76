"""`python -m mutation`: mutate the reference's rule code and run the conformance suite against each mutant.

Exit codes: 0 every counted mutant killed; 1 survivors remain; 2 the equivalents file is wrong
(stale, malformed, or lists a mutant the suite kills) or a run broke; 3 the run is incomplete
(interrupted, or the suite fails against the unmutated reference).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from mutation.equivalents import Equivalent, EquivalentsError, load_equivalents
from mutation.operators import Mutant, find_mutants, mutated_code
from mutation.runner import TIMED_OUT, Finished, Job, MutantLoader, run_jobs
from mutation.score import (
    ERROR,
    KILLED,
    SURVIVED,
    TIMEOUT,
    UNCOVERED,
    Outcome,
    load_outcomes,
    score,
    survivor_line,
    write_results,
)
from mutation.suite import CoverageMap, FirstFailure, Selection, map_coverage, preload_harness, run_suite

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = "reference_impl/services"
DEFAULT_EQUIVALENTS = Path(__file__).resolve().parent / "equivalents.toml"
COVERAGE_TIMEOUT = 1800.0
EXIT_SURVIVORS, EXIT_BROKEN, EXIT_INCOMPLETE = 1, 2, 3


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Ctrl-C and SIGTERM (a CI timeout) both stop the run, end its children and report it INCOMPLETE,
    # also when a shell started it in the background with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    files = _files(args.paths)
    everything = [m for f in files for m in find_mutants(f, _module(f), display_path=_relative(f))]
    try:
        equivalents = load_equivalents(args.equivalents)
    except EquivalentsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    if args.paths == [DEFAULT_FILES] and (stale := sorted(set(equivalents) - {m.key for m in everything})):
        print("error: equivalents that name no mutant of the current code (remove or update them):", file=sys.stderr)
        print("\n".join(f"  {key}" for key in stale), file=sys.stderr)
        return EXIT_BROKEN
    chosen = _choose(everything, args)
    partial = len(chosen) < len(everything) or args.scenarios is not None
    if args.list:
        print("\n".join(f"{m.path}:{m.line}: {m.key}" for m in chosen))
        return 0
    header = _header(files, chosen, everything, args, partial)
    out: Path = args.out
    if args.rescore is not None:
        header = f"Rescored {args.rescore} with {args.equivalents}; the run was: {header}"
        outcomes = load_outcomes(args.rescore)
        return _report(outcomes, equivalents, header, complete=True, partial=partial, out=out, started=time.monotonic())
    carried: dict[str, Outcome] = {}
    for earlier in args.carry_over or []:
        keys = {m.key for m in chosen}
        for o in load_outcomes(earlier):
            if o.outcome in (KILLED, TIMEOUT) and o.mutant.key in keys:
                carried.setdefault(o.mutant.key, o)
    if carried:
        chosen = [m for m in chosen if m.key not in carried]
        sources = ", ".join(str(p) for p in args.carry_over)
        header += (
            f"\nINCREMENTAL: {len(carried)} mutants killed in {sources} are carried over, not run again "
            f"(checks were only added since); {len(chosen)} run now"
        )
    print(header, flush=True)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    measured = _measure(files, chosen, args)
    if measured is None:
        return EXIT_INCOMPLETE
    outcomes, complete = measured
    outcomes += carried.values()
    return _report(outcomes, equivalents, header, complete=complete, partial=partial, out=out, started=started)


def _measure(files: list[Path], chosen: list[Mutant], args: argparse.Namespace) -> tuple[list[Outcome], bool] | None:
    """Map coverage, then run every chosen mutant: `(outcomes, complete)`, or None when nothing could run."""
    scratch = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        started = time.monotonic()
        preload_harness()
        try:
            coverage_map = _coverage(files, scratch, args.scenarios)
        except KeyboardInterrupt:
            print("INCOMPLETE: interrupted while mapping coverage; no mutant was run", file=sys.stderr)
            return None
        if coverage_map is None:
            return None
        print(f"Coverage map: {len(coverage_map.durations)} scenarios in {time.monotonic() - started:.0f}s", flush=True)
        return _run(chosen, coverage_map, scratch, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _report(
    outcomes: list[Outcome],
    equivalents: dict[str, Equivalent],
    header: str,
    *,
    complete: bool,
    partial: bool,
    out: Path,
    started: float,
) -> int:
    """Print the survivors and the score, write the survivors file; the exit code."""
    result = score(outcomes, equivalents)
    if not complete:
        header = f"INCOMPLETE (interrupted after {len(outcomes)} mutants): not a score\n{header}"
    survivors_file = write_results(out, outcomes, result, header)
    print()
    for outcome in result.survivors:
        print(survivor_line(outcome))
    for outcome in result.wrong_equivalents:
        print(f"error: listed as equivalent, yet killed by {outcome.failed_scenario}: {outcome.mutant.key}")
    for outcome in result.errors:
        print(f"error: the run broke: {survivor_line(outcome)}")
    print()
    print(("INCOMPLETE: " if not complete else "PARTIAL: " if partial else "") + result.summary())
    print(f"Survivors: {survivors_file}  (every mutant: {out / 'results.json'}; {time.monotonic() - started:.0f}s)")
    if not complete:
        return EXIT_INCOMPLETE
    if result.errors or result.wrong_equivalents:
        return EXIT_BROKEN
    return EXIT_SURVIVORS if result.survivors else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[DEFAULT_FILES], help=f"files or folders (default {DEFAULT_FILES})")
    parser.add_argument("--workers", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--sample", type=int, metavar="N", help="run a random sample of N mutants (a partial run)")
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    parser.add_argument("--only", metavar="TEXT", help="only mutants whose key contains TEXT (a partial run)")
    parser.add_argument(
        "--scenarios", metavar="EXPR", help="only the scenarios `conformance run -k EXPR` selects (a partial run)"
    )
    parser.add_argument("--out", type=Path, default=Path("mutation-report"), help="survivors.txt and results.json")
    parser.add_argument("--equivalents", type=Path, default=DEFAULT_EQUIVALENTS, help="documented equivalents")
    parser.add_argument("--logs", action="store_true", help="keep each mutant's suite output in OUT/logs/")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument(
        "--rescore", type=Path, metavar="RESULTS", help="score an earlier results.json again, run nothing"
    )
    parser.add_argument("--keys", type=Path, metavar="FILE", help="only the mutants whose keys FILE lists, one a line")
    parser.add_argument(
        "--carry-over",
        type=Path,
        action="append",
        metavar="RESULTS",
        help="keep the mutants killed in an earlier results.json, run only the others (an incremental run)",
    )
    return parser


def _files(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = (ROOT / name).resolve()
        files += sorted(p for p in path.rglob("*.py") if p.name != "__init__.py") if path.is_dir() else [path]
    return files


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _choose(mutants: list[Mutant], args: argparse.Namespace) -> list[Mutant]:
    chosen = [m for m in mutants if args.only is None or args.only in m.key]
    if args.keys is not None:
        listed = set(args.keys.read_text(encoding="utf-8").splitlines())
        chosen = [m for m in chosen if m.key in listed]
    if args.sample is not None and args.sample < len(chosen):
        chosen = sorted(
            random.Random(args.seed).sample(chosen, args.sample),  # noqa: S311 - a reproducible sample, not a secret
            key=lambda m: (m.path, m.line),
        )
    return chosen


def _header(
    files: list[Path], chosen: list[Mutant], everything: list[Mutant], args: argparse.Namespace, partial: bool
) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    scope = f"{len(files)} files under {', '.join(args.paths)}"
    selection = ""
    if partial:
        how = [f"--only {args.only!r}"] if args.only else []
        how += [f"--keys {args.keys}"] if args.keys else []
        how += [f"--sample {args.sample} --seed {args.seed}"] if args.sample is not None else []
        how += [f"--scenarios {args.scenarios!r}"] if args.scenarios else []
        selection = f"; PARTIAL run ({' '.join(how)}): not the score of the rule code"
    return f"Mutation testing {when}: {len(chosen)} of {len(everything)} mutants of {scope}{selection}"


def _coverage(files: list[Path], scratch: Path, scenarios: str | None) -> CoverageMap | None:
    """Which scenarios run each line; None (after saying why) when the suite fails on the reference."""
    out = scratch / "coverage.json"
    statuses: list[int] = []
    log = scratch / "coverage.log"
    job = Job(
        "coverage", lambda: map_coverage(files, scratch / "coverage-report", out, k=scenarios), COVERAGE_TIMEOUT, log
    )
    run_jobs([job], workers=1, on_finished=lambda f: statuses.append(f.status))
    if statuses != [0] or not out.exists():
        tail = "".join(log.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)[-30:])
        print(f"{tail}\nerror: the suite does not pass against the unmutated reference", file=sys.stderr)
        return None
    return CoverageMap.from_json(json.loads(out.read_text(encoding="utf-8")))


def _run(
    mutants: list[Mutant], coverage_map: CoverageMap, scratch: Path, args: argparse.Namespace
) -> tuple[list[Outcome], bool]:
    """Run each mutant against the scenarios that execute it; `(outcomes, complete)`."""
    outcomes: list[Outcome] = []
    selected: dict[str, tuple[Mutant, list[str]]] = {}
    # Scenarios that killed mutants of a function (or file) go first for its next mutants: with -x,
    # a mutant is usually killed by its first scenario instead of after every passing one.
    killers: dict[str, Counter[str]] = defaultdict(Counter)

    def jobs() -> Iterator[Job]:
        for i, mutant in enumerate(mutants):
            filename = str(ROOT / mutant.path)
            if mutant.at_import:  # runs at import: any scenario may depend on it
                found = list(coverage_map.durations)
            else:
                found = coverage_map.scenarios_for(filename, mutant.line, mutant.end_line)
            if not found:
                outcomes.append(Outcome(mutant, UNCOVERED, 0, 0.0))
                continue
            in_scope, in_file = killers[f"{mutant.path}:{mutant.scope}"], killers[mutant.path]
            scenarios = sorted(found, key=lambda n: (-in_scope[n], -in_file[n], coverage_map.durations[n], n))
            name = f"m{i:04d}"
            selected[name] = (mutant, scenarios)
            budget = 60.0 + 4 * sum(coverage_map.durations[s] for s in scenarios)
            log = args.out / "logs" / f"{name}.log" if args.logs else None
            if log is not None:
                log.parent.mkdir(parents=True, exist_ok=True)
            yield Job(name, _mutant_work(mutant, filename, scenarios, scratch / name), budget, log)

    def finished(done: Finished) -> None:
        mutant, scenarios = selected[done.job.name]
        outcome = {0: SURVIVED, 1: KILLED, TIMED_OUT: TIMEOUT}.get(done.status, ERROR)
        failure = scratch / done.job.name / FirstFailure.FILE
        first = failure.read_text(encoding="utf-8") if failure.exists() else None
        if first is not None:
            killers[f"{mutant.path}:{mutant.scope}"][first] += 1
            killers[mutant.path][first] += 1
        outcomes.append(Outcome(mutant, outcome, len(scenarios), round(done.seconds, 2), first))
        shutil.rmtree(scratch / done.job.name, ignore_errors=True)
        if outcome != KILLED or len(outcomes) % 25 == 0:
            where = f"{mutant.path}:{mutant.line} {mutant.operator}: {mutant.original} -> {mutant.mutated}"
            print(f"[{len(outcomes)}/{len(mutants)}] {outcome:8} {where} ({done.seconds:.1f}s)", flush=True)

    try:
        run_jobs(jobs(), workers=args.workers, on_finished=finished)
    except KeyboardInterrupt:
        return outcomes, False
    return outcomes, True


def _mutant_work(mutant: Mutant, filename: str, scenarios: list[str], report_dir: Path) -> Callable[[], int]:
    def work() -> int:
        code = mutated_code(Path(filename).read_text(encoding="utf-8"), mutant, filename)
        with MutantLoader(mutant.module, code).installed():
            return run_suite(report_dir, fail_fast=True, plugins=[Selection(scenarios), FirstFailure(report_dir)])

    return work
