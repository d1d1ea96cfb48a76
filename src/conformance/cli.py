"""`conformance run | serve | report | ids | list | requirements`: parse the command line, then hand over."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from conformance.certify.commands import COMMANDS as CERTIFY_COMMANDS
from conformance.certify.commands import add_parsers, certify, strict
from conformance.configuration.capabilities import manifest_option
from conformance.configuration.config import DEFAULT_CONFIG, ConfigError, load_config
from conformance.exit_codes import RunExit, exit_code_lines
from conformance.paths import FEATURES_DIR
from conformance.report import REPORT_FILE, load_report, render_markdown, render_verdict
from conformance.targets import ADMIN_TOKEN_ENV, DEFAULT_TIMEOUT, REFERENCE

__all__ = ["main", "pytest_arguments"]

PACKAGE_DIR = Path(__file__).resolve().parent
RUN_CONFIG = PACKAGE_DIR / "run.ini"
DEFAULT_REPORT_DIR = "conformance-report"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    given = list(sys.argv[1:] if argv is None else argv)
    # Options for pytest go after `--`; before it, an unknown option is our error, not pytest's usage.
    ours, extra = (given[: given.index("--")], given[given.index("--") + 1 :]) if "--" in given else (given, [])
    args = parser.parse_args(ours)
    if extra and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command in ("run", "certify"):
        return _run_command(args, extra)
    if args.command == "verify-trace":
        from conformance.trace_check import verify_trace_command  # noqa: PLC0415

        return verify_trace_command(Path(args.trace))
    if args.command in CERTIFY_COMMANDS:
        return CERTIFY_COMMANDS[args.command](args)
    if args.command == "serve":
        return serve(args)
    if args.command in _CATALOGUE_COMMANDS:
        return _CATALOGUE_COMMANDS[args.command](args)
    return report(args)


def _run_command(args: argparse.Namespace, extra: list[str]) -> int:
    """`run`, or `certify` (a strict run, then the bundle)."""
    if args.command == "certify":
        strict(args)
    try:
        _configure(args)
    except ConfigError as exc:
        print(f"conformance: {exc} (exit {int(RunExit.USAGE_ERROR)}; no report written)", file=sys.stderr)
        return int(RunExit.USAGE_ERROR)
    if args.capabilities is not None:
        extra = [*extra, "--nmf-capabilities", json.dumps(args.capabilities)]
    if args.last_failed:
        only = _last_failed(Path(args.report))
        if only is None:
            return int(RunExit.NOTHING_SELECTED)
        extra = [*extra, "--nmf-only-ids", ",".join(only)]
    code = run(args, extra)
    return code if args.command == "run" else certify(args, code)


def pytest_arguments(args: argparse.Namespace, extra: Sequence[str] = ()) -> list[str]:
    """The pytest command line of `conformance run`: the bound suite, our plugin, our config only."""
    arguments = [
        "--pyargs",
        "conformance.suite",
        "-c",
        str(RUN_CONFIG),
        "--rootdir",
        str(PACKAGE_DIR),
        # Only the plugins the suite uses: autoloading every installed pytest plugin (Hypothesis,
        # Schemathesis, ...) took about 3 s of CPU per run and per xdist worker.
        "--disable-plugin-autoload",
        "-p",
        "pytest_bdd.plugin",
        "-p",
        "xdist.plugin",
        "-p",
        "conformance.plugin",
        "-p",
        "no:cacheprovider",
        "--nmf-target",
        args.target,
        "--conformance-report",
        str(Path(args.report).resolve()),
        "--nmf-timeout",
        str(args.timeout),
    ]
    if args.admin_token:
        arguments += ["--nmf-admin-token", args.admin_token]
    if args.n is not None:
        arguments += ["-n", str(args.n)]
    if args.max_failures is not None:
        arguments += ["--maxfail", str(args.max_failures)]
    if args.k:
        arguments += ["-k", args.k]
    return [*arguments, *extra]


def run(args: argparse.Namespace, extra: Sequence[str]) -> int:
    """Run the suite; the exit code says whether every selected scenario ran and passed (see --help)."""
    from conformance.runner import run_suite  # noqa: PLC0415 - only `run` needs pytest

    return int(
        run_suite(
            pytest_arguments(args, extra),
            target=args.target,
            admin_token=args.admin_token,
            timeout=args.timeout,
            keywords=args.k or "",
            report_dir=Path(args.report).resolve(),
            options={
                "workers": args.n,
                "maxFailures": args.max_failures,
                "fullLog": args.full_log,
                "lastFailed": args.last_failed,
                "config": args.config,
                "capabilities": args.capabilities,
                "adminToken": "given" if args.admin_token else None,
            },
        )
    )


def _configure(args: argparse.Namespace) -> None:
    """Fill what the command line left open from the configuration file, then from defaults."""
    path = Path(args.config) if args.config else Path(DEFAULT_CONFIG)
    config = load_config(path) if args.config or path.is_file() else None
    args.config = str(path) if config is not None else None
    args.target = args.target or (config and config.target) or os.environ.get("CONFORMANCE_TARGET", REFERENCE)
    args.admin_token = args.admin_token or (config and config.admin_token) or None
    args.timeout = args.timeout or (config and config.timeout) or DEFAULT_TIMEOUT
    claimed = config.capabilities if config is not None else None
    args.capabilities = manifest_option(claimed.use_cases, claimed.test_clock) if claimed is not None else None


def _last_failed(report_dir: Path) -> list[str] | None:
    """The IDs of the scenarios of the last report in `report_dir` that failed or did not run (None: none, said why)."""
    last = _load(report_dir)
    if last is None:
        return None
    ids = [str(s["id"]) for s in last["scenarios"] if s["outcome"] in ("failed", "notRun") and s.get("id")]
    if not ids:
        print(f"conformance: the last report in {report_dir} has no failed or unfinished scenario", file=sys.stderr)
        return None
    print(f"--last-failed: {len(ids)} scenarios of the last report ({', '.join(ids)})", flush=True)
    return ids


def serve(args: argparse.Namespace) -> int:
    """Serve the reference NMF (test clock on) until interrupted."""
    # Imported by name, only here: the harness depends on the reference only to boot it.
    reference = importlib.import_module("reference_impl.serve")
    try:
        reference.check_workers(args.database, args.workers)
    except ValueError as exc:
        print(f"conformance serve: {exc}", file=sys.stderr)
        return 2
    token = args.admin_token or os.environ.get(ADMIN_TOKEN_ENV)
    if not token:
        token = secrets.token_urlsafe(24)
        print(f"Administration token: {token}", flush=True)
    reference.serve(host=args.host, port=args.port, database=args.database, admin_token=token, workers=args.workers)
    return 0


def report(args: argparse.Namespace) -> int:
    """Print the verdict of a report directory, or write its Markdown results page."""
    results = _load(Path(args.directory))
    if results is None:
        return int(RunExit.USAGE_ERROR)
    if args.markdown is None:
        print(render_verdict(results), end="")
        return 0
    out = Path(args.markdown)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(results), encoding="utf-8")
    return 0


def ids(args: argparse.Namespace) -> int:
    """Check that every scenario has one stable ID of its own; with --write, give the missing ones the next free."""
    from conformance.scenario_ids import assign, problems  # noqa: PLC0415

    paths = sorted(FEATURES_DIR.glob("*.feature"))
    if args.write:
        for heading, given in assign(paths):
            print(f"{heading.path.name}:{heading.line + 1}: @{given} {heading.name}")
    found = problems(paths)
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print(f"Every scenario of the {len(paths)} feature files has one ID of its own.")
    return 1 if found else 0


def list_suite(args: argparse.Namespace) -> int:
    """Print the use cases, the rules and every scenario with its ID."""
    from conformance.catalogue import documented_rules, render_list, scenarios  # noqa: PLC0415

    print(render_list(scenarios(), documented_rules()), end="")
    return 0


def requirements(args: argparse.Namespace) -> int:
    """Print the matrix report section → rule → scenarios → outcome in the latest report (if there is one)."""
    from conformance.catalogue import documented_rules, render_requirements, scenarios  # noqa: PLC0415

    latest = None
    if args.report is not None:
        latest = _load(Path(args.report))
        if latest is None:
            return int(RunExit.USAGE_ERROR)
    elif (Path(DEFAULT_REPORT_DIR) / REPORT_FILE).is_file():
        latest = load_report(Path(DEFAULT_REPORT_DIR))
    print(render_requirements(scenarios(), documented_rules(), latest), end="")
    return 0


def _load(path: Path) -> dict[str, Any] | None:
    """The report at `path` (a directory or report.json), or None after saying why it cannot be read."""
    try:
        return load_report(path)
    except (OSError, ValueError) as exc:
        print(f"conformance: no readable report at {path}: {exc}", file=sys.stderr)
        return None


_CATALOGUE_COMMANDS = {"ids": ids, "list": list_suite, "requirements": requirements}


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line exits 4 (`RunExit.USAGE_ERROR`): argparse's 2 means INCOMPLETE here."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments"):
            message += " (options for pytest go after --)"
        self.print_usage(sys.stderr)
        self.exit(RunExit.USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="conformance", description="NMF conformance suite")
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", required=True)

    # The options naming the target and its settings, shared by `run` and `certify`.
    target_options = _Parser(add_help=False)
    target_options.add_argument(
        "--config",
        metavar="FILE",
        help=f"read the target, credential, timeout and capability manifest from FILE (default ./{DEFAULT_CONFIG} "
        "if there); options given here override it",
    )
    target_options.add_argument(
        "--target",
        help="reference (in process, default), reference-http (loopback server), the NMF's base URL, "
        "or python:<module>:<factory> for an in-process httpx transport",
    )
    target_options.add_argument("--admin-token", help=f"administration token of a remote NMF [env {ADMIN_TOKEN_ENV}]")
    target_options.add_argument(
        "--report",
        default=DEFAULT_REPORT_DIR,
        metavar="DIR",
        help="write DIR/report.json, DIR/junit.xml, DIR/report.html and DIR/report.md",
    )
    target_options.add_argument(
        "--timeout",
        type=_positive_seconds,
        metavar="SECONDS",
        help=f"wait up to SECONDS for each answer of the NMF (default {DEFAULT_TIMEOUT:g}); a request left "
        "unanswered fails its scenario and stops the run (INCOMPLETE)",
    )

    run_parser = commands.add_parser(
        "run",
        parents=[target_options],
        help="run the suite against an NMF (pytest options after --)",
        description="Run the suite against an NMF and write its reports into DIR. Options for pytest "
        "go after --. A run that did not finish says INCOMPLETE, a selection says PARTIAL: neither is a "
        "conformance claim.",
        epilog="exit codes:\n" + "\n".join(f"  {code:>2}  {meaning}" for code, meaning in exit_code_lines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run_parser.add_argument(
        "--last-failed",
        action="store_true",
        help="run only the scenarios that failed or did not run in the last report in DIR (a partial run)",
    )
    run_parser.add_argument(
        "--full-log",
        action="store_true",
        help="keep the request and response bodies of passed scenarios in report.json (default: only of the others)",
    )
    run_parser.add_argument("-n", type=int, help="run scenarios in N parallel workers (pytest-xdist)")
    run_parser.add_argument(
        "-k",
        metavar="EXPR",
        help="only scenarios matching EXPR: words of their names, a use case (UC1) or a Conformance Market "
        "Rule (BMR-09); an ID matches whole and must exist. The report records the selection and says it is partial",
    )
    run_parser.add_argument(
        "--max-failures",
        type=_at_least_one,
        metavar="N",
        help="stop after N failed scenarios; the rest are reported as not run (INCOMPLETE)",
    )

    add_parsers(commands, target_options)

    serve_parser = commands.add_parser("serve", help="serve the reference NMF over HTTP, test clock on")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8765, help="0: a free port, printed once bound")
    serve_parser.add_argument("--admin-token", help=f"default: env {ADMIN_TOKEN_ENV}, else a new one, printed")
    serve_parser.add_argument(
        "--database",
        default=":memory:",
        help="SQLite file, :memory: (default), or a postgresql:// URL (docs/operations.md)",
    )
    serve_parser.add_argument(
        "--workers", type=int, default=1, help="worker processes behind the port (several need PostgreSQL)"
    )

    ids_parser = commands.add_parser("ids", help="check the scenarios' stable IDs (--write: give missing ones)")
    ids_parser.add_argument(
        "--write",
        action="store_true",
        help="tag each scenario without an ID with the next free ID of its use case; existing IDs never change",
    )
    commands.add_parser("list", help="list use cases, Conformance Market Rules and scenarios with their IDs")
    requirements_parser = commands.add_parser(
        "requirements", help="the matrix report section -> rule -> scenarios -> outcome in the latest report"
    )
    requirements_parser.add_argument(
        "--report", metavar="DIR", help=f"the report to take outcomes from (default {DEFAULT_REPORT_DIR}, if there)"
    )

    trace_parser = commands.add_parser(
        "verify-trace", help="judge a recorded exchange log (JSON lines) by what the trace alone shows"
    )
    trace_parser.add_argument("trace", metavar="FILE", help="JSON lines, one exchange a line (exchanges.jsonl)")

    report_parser = commands.add_parser("report", help="render a report directory")
    report_parser.add_argument("directory", help="a directory holding report.json (or the file itself)")
    report_parser.add_argument("--markdown", metavar="OUT", help="write the Markdown results page to OUT")
    return parser


def _version() -> str:
    from conformance.reports.metadata import spec_version, suite_identity  # noqa: PLC0415

    suite, spec = suite_identity(), spec_version()
    commit = f", commit {suite['commit'][:12]}" if suite["commit"] else ""
    return f"conformance ({suite['name']}) {suite['version']}{commit}; NMF interface {spec['interfaceVersion']}"


def _at_least_one(text: str) -> int:
    count = int(text)
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected a number of failures of 1 or more, got {text!r}")
    return count


def _positive_seconds(text: str) -> float:
    seconds = float(text)
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return seconds


if __name__ == "__main__":
    sys.exit(main())
