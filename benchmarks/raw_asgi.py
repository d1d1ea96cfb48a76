"""The ceiling: the least an ASGI app can do for `POST /offers` (read the body, answer 201 with JSON).

    python benchmarks/raw_asgi.py --port 0 [--workers N]

Served exactly as `conformance serve` serves the reference (reference_impl.serve: the same uvicorn settings,
a pre-bound socket without Nagle's delay, the same worker supervisor), so the ratio between the two is the
reference's own cost.
"""

import argparse
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from reference_impl.serve import READY_PREFIX, listening_socket

Message = MutableMapping[str, Any]
_ANSWER = b'{"status":"SUBMITTED"}'
_HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(_ANSWER)).encode())]


async def app(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    """Answer every HTTP request 201 once its body is read; ignore the lifespan."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 201, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": _ANSWER})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    sock = listening_socket(args.host, args.port)
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # spawned workers inherit it, and import raw_asgi
    config = uvicorn.Config("raw_asgi:app", workers=args.workers, ws="none", access_log=False, proxy_headers=False)
    print(f"{READY_PREFIX}http://{args.host}:{sock.getsockname()[1]} (raw ASGI, {args.workers} worker(s))", flush=True)
    try:
        if args.workers == 1:
            uvicorn.Server(config).run(sockets=[sock])
        else:
            Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()


if __name__ == "__main__":
    main()
