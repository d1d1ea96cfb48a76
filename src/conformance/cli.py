"""`conformance run | serve | report`: parse the command line, then hand over to pytest, uvicorn or report."""

from __future__ import annotations

import argparse
import importlib
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.report import REPORT_FILE, load_report, render_markdown, render_verdict
from conformance.targets import ADMIN_TOKEN_ENV, REFERENCE

__all__ = ["main", "pytest_arguments"]

PACKAGE_DIR = Path(__file__).resolve().parent
RUN_CONFIG = PACKAGE_DIR / "run.ini"
DEFAULT_REPORT_DIR = "conformance-report"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "run":
        return run(args, extra)
    if args.command == "serve":
        return serve(args)
    return report(args)


def pytest_arguments(args: argparse.Namespace, extra: Sequence[str] = ()) -> list[str]:
    """The pytest command line of `conformance run`: the bound suite, our plugin, our config only."""
    arguments = [
        "--pyargs",
        "conformance.suite",
        "-c",
        str(RUN_CONFIG),
        "--rootdir",
        str(PACKAGE_DIR),
        "-p",
        "conformance.plugin",
        "-p",
        "no:cacheprovider",
        "--nmf-target",
        args.target,
        "--conformance-report",
        str(Path(args.report).resolve()),
    ]
    if args.admin_token:
        arguments += ["--nmf-admin-token", args.admin_token]
    if args.n is not None:
        arguments += ["-n", str(args.n)]
    if args.k:
        arguments += ["-k", args.k]
    return [*arguments, *extra]


def run(args: argparse.Namespace, extra: Sequence[str]) -> int:
    """Run the suite; exit 0 only if every selected scenario passed (not tested is not passed)."""
    import pytest  # noqa: PLC0415 - only `run` needs pytest

    report_file = Path(args.report).resolve() / REPORT_FILE
    report_file.unlink(missing_ok=True)  # never judge this run by an earlier run's report
    exit_code = int(pytest.main(pytest_arguments(args, extra)))
    if not report_file.exists():
        return exit_code or 1
    results = load_report(report_file)
    # The Markdown beside report.json is the one a vendor hands to a certifier.
    report_file.with_suffix(".md").write_text(render_markdown(results), encoding="utf-8")
    print()
    print(render_verdict(results), end="")
    print(f"Report: {report_file} (and {report_file.with_suffix('.md').name})")
    summary = results["summary"]
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return exit_code
    return 0 if summary["total"] and summary["passed"] == summary["total"] else 1


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
    results = load_report(Path(args.directory))
    if args.markdown is None:
        print(render_verdict(results), end="")
        return 0
    out = Path(args.markdown)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(results), encoding="utf-8")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="conformance", description="NMF conformance suite")
    commands = parser.add_subparsers(dest="command", required=True)

    run_parser = commands.add_parser("run", help="run the suite against an NMF (extra args go to pytest)")
    run_parser.add_argument(
        "--target",
        default=os.environ.get("CONFORMANCE_TARGET", REFERENCE),
        help="reference (in process, default), reference-http (loopback server), the NMF's base URL, "
        "or python:<module>:<factory> for an in-process httpx transport",
    )
    run_parser.add_argument("--admin-token", help=f"administration token of a remote NMF [env {ADMIN_TOKEN_ENV}]")
    run_parser.add_argument("--report", default=DEFAULT_REPORT_DIR, metavar="DIR", help="write DIR/report.json")
    run_parser.add_argument("-n", type=int, help="run scenarios in N parallel workers (pytest-xdist)")
    run_parser.add_argument(
        "-k",
        metavar="EXPR",
        help="only scenarios matching EXPR: words of their names, a use case (UC1) or a rule (BMR-09)",
    )

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

    report_parser = commands.add_parser("report", help="render a report directory")
    report_parser.add_argument("directory", help="a directory holding report.json (or the file itself)")
    report_parser.add_argument("--markdown", metavar="OUT", help="write the Markdown results page to OUT")
    return parser


if __name__ == "__main__":
    sys.exit(main())
