"""SIGINT and SIGTERM end a run the same way: pytest sees a KeyboardInterrupt and the report says which.

SIGTERM is what a CI job timeout sends; by default it kills the process before any report is written.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

__all__ = ["install", "received", "restore"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_replaced: list[dict[signal.Signals, Any]] = []  # one entry per `install`: a session may run inside another
_received: list[str] = []


def install() -> None:
    """Turn SIGINT and SIGTERM into KeyboardInterrupt, remembering the signal; forget earlier signals."""
    _received.clear()
    if threading.current_thread() is not threading.main_thread():
        _replaced.append({})  # only the main thread may set handlers; pytest runs sessions there
        return
    _replaced.append({signum: signal.getsignal(signum) for signum in _SIGNALS})
    for signum in _SIGNALS:
        signal.signal(signum, _interrupt)


def restore() -> None:
    """Put back the handlers the latest `install` replaced."""
    for signum, handler in (_replaced.pop() if _replaced else {}).items():
        signal.signal(signum, handler)


def received() -> str | None:
    """The name of the first signal received since `install` ("SIGTERM"), or None."""
    return _received[0] if _received else None


def _interrupt(signum: int, frame: FrameType | None) -> None:
    name = signal.Signals(signum).name
    _received.append(name)
    raise KeyboardInterrupt(name)
