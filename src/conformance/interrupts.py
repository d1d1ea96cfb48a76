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
_previous: dict[signal.Signals, Any] = {}
_received: list[str] = []


def install() -> None:
    """Turn SIGINT and SIGTERM into KeyboardInterrupt, remembering the signal; forget earlier signals."""
    _received.clear()
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; pytest runs sessions there
    for signum in _SIGNALS:
        _previous.setdefault(signum, signal.getsignal(signum))
        signal.signal(signum, _interrupt)


def restore() -> None:
    """Put back the handlers `install` replaced."""
    for signum, handler in _previous.items():
        signal.signal(signum, handler)
    _previous.clear()


def received() -> str | None:
    """The name of the first signal received since `install` ("SIGTERM"), or None."""
    return _received[0] if _received else None


def _interrupt(signum: int, frame: FrameType | None) -> None:
    name = signal.Signals(signum).name
    _received.append(name)
    raise KeyboardInterrupt(name)
