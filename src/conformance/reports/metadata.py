"""What a report says about its run: suite version and commit, spec version, options, timing, platform identity."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from conformance.paths import SCHEMAS_DIR, SPEC_DIR

__all__ = ["IDENTITY_FIELDS", "finish", "now", "platform_identity", "run_metadata", "spec_version", "suite_identity"]

DISTRIBUTION = "flex-conformance"
# The optional fields of GET /health by which a platform names itself (docs/api.md); copied as reported.
IDENTITY_FIELDS = ("name", "vendor", "version")
_OPENAPI = "nmf.openapi.json"


def now() -> str:
    """The current instant, UTC, RFC 3339 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def suite_identity() -> dict[str, Any]:
    """The suite's name, installed version, and the git commit of its checkout (None when installed from a wheel)."""
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {"name": DISTRIBUTION, "version": version, "commit": _commit()}


def spec_version() -> dict[str, Any]:
    """The NMF interface version (the OpenAPI document's) and a SHA-256 over every schema file, in name order."""
    digest = hashlib.sha256()
    for path in sorted(SCHEMAS_DIR.glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    openapi = SCHEMAS_DIR / _OPENAPI
    interface = json.loads(openapi.read_text(encoding="utf-8"))["info"]["version"] if openapi.is_file() else None
    return {"interfaceVersion": interface, "schemasSha256": digest.hexdigest()}


def platform_identity(health: object) -> dict[str, Any]:
    """The platform as it names itself in its GET /health body: `name`, `vendor`, `version` (None if absent)."""
    body = health if isinstance(health, dict) else {}
    identity: dict[str, Any] = {key: _text(body.get(key)) for key in IDENTITY_FIELDS}
    identity["health"] = body
    return identity


def run_metadata(options: Mapping[str, Any], *, platform: Mapping[str, Any] | None, started_at: str) -> dict[str, Any]:
    """The metadata a report carries; `finish` adds the end and the duration when the run ends."""
    return {
        "suite": suite_identity(),
        "spec": spec_version(),
        "run": {"startedAt": started_at, "finishedAt": None, "durationSeconds": None, "options": dict(options)},
        "platform": dict(platform) if platform is not None else None,
    }


def finish(run_info: Mapping[str, Any], finished_at: str) -> dict[str, Any]:
    """The metadata's `run` with its end and duration."""
    started = datetime.fromisoformat(str(run_info["startedAt"]).replace("Z", "+00:00"))
    ended = datetime.fromisoformat(finished_at.replace("Z", "+00:00"))
    return {**run_info, "finishedAt": finished_at, "durationSeconds": round((ended - started).total_seconds(), 3)}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _commit() -> str | None:
    if not (SPEC_DIR / ".git").exists():
        return None
    try:
        found = subprocess.run(  # noqa: S603 - a fixed git command in our own checkout
            ["git", "-C", str(SPEC_DIR), "rev-parse", "HEAD"],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return None
    return found.stdout.strip() or None if found.returncode == 0 else None
