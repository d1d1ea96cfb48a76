"""Serve the reference NMF over HTTP: `python -m reference_impl --port 8765 --admin-token T`."""

import argparse
import os

from reference_impl.serve import check_workers, serve


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m reference_impl", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0: a free port, printed once bound")
    parser.add_argument("--admin-token", default=os.environ.get("NMF_ADMIN_TOKEN"))
    parser.add_argument("--database", default=":memory:", help="SQLite file path, :memory:, or postgresql://...")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (several need PostgreSQL)")
    parser.add_argument("--no-test-clock", action="store_true", help="disable /admin/test-clocks")
    args = parser.parse_args(argv)
    if not args.admin_token:
        parser.error("--admin-token (or NMF_ADMIN_TOKEN) is required")
    try:
        check_workers(args.database, args.workers)
    except ValueError as exc:
        parser.error(str(exc))
    serve(
        host=args.host,
        port=args.port,
        database=args.database,
        admin_token=args.admin_token,
        workers=args.workers,
        test_clock=not args.no_test_clock,
    )


if __name__ == "__main__":
    main()
