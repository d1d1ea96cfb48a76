"""Serve the reference NMF over HTTP: `python -m reference_impl --port 8765 --admin-token T`."""

import argparse
import os

import uvicorn

from reference_impl.app import create_app


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run uvicorn until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m reference_impl", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--admin-token", default=os.environ.get("NMF_ADMIN_TOKEN"))
    parser.add_argument("--database", default=":memory:", help="SQLite file path, or :memory:")
    parser.add_argument("--no-test-clock", action="store_true", help="disable /admin/test-clocks")
    args = parser.parse_args(argv)
    if not args.admin_token:
        parser.error("--admin-token (or NMF_ADMIN_TOKEN) is required")
    app = create_app(database=args.database, admin_token=args.admin_token, test_clock=not args.no_test_clock)
    uvicorn.run(app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
