"""Database files are created readable and writable by their owner only (0600)."""

import os


def create_private(path: str) -> None:
    """Create the SQLite file at `path` with mode 0600 unless it exists; ":memory:" and URLs are left alone.

    SQLite gives its journal and WAL files the mode of the database file, so they stay private too.
    """
    if path == ":memory:" or "://" in path or path.startswith("file:"):
        return
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(descriptor)
