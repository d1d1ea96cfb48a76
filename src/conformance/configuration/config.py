"""Read and check `conformance.toml`: a TOML file validated against `config.schema.json`."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

__all__ = ["DEFAULT_CONFIG", "Capabilities", "Config", "ConfigError", "load_config"]

DEFAULT_CONFIG = "conformance.toml"  # read from the working directory when --config is not given
SCHEMA = Path(__file__).with_name("config.schema.json")


class ConfigError(ValueError):
    """The configuration cannot be read or does not match its schema."""


@dataclass(frozen=True)
class Capabilities:
    """The capability manifest: the use cases offered and whether the test clock is."""

    use_cases: frozenset[str]
    test_clock: bool


@dataclass(frozen=True)
class Config:
    """A configuration file's settings; None where the file is silent."""

    path: Path
    target: str | None
    admin_token: str | None
    timeout: float | None
    capabilities: Capabilities | None


def load_config(path: Path) -> Config:
    """Read `path`; raise `ConfigError` naming the file and the offending key."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise ConfigError(f"{path}: {where}: {error.message}")
    target = data.get("target", {})
    token = target.get("admin_token")
    if "admin_token_env" in target:
        token = os.environ.get(target["admin_token_env"])
        if not token:
            raise ConfigError(f"{path}: target/admin_token_env: {target['admin_token_env']} is not set")
    manifest = data.get("capabilities")
    capabilities = (
        Capabilities(frozenset(manifest["use_cases"]), bool(manifest["test_clock"])) if manifest is not None else None
    )
    return Config(path, target.get("url"), token, target.get("timeout"), capabilities)
