"""Locate the spec (features/, schemas/): env override, then a source checkout, then the wheel copy."""

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
ENV_VAR = "CONFORMANCE_SPEC_DIR"


class SpecNotFoundError(Exception):
    """Neither the environment, a source checkout nor the installed wheel holds features/ and schemas/."""

    def __init__(self, tried: list[Path]) -> None:
        self.tried = tried
        listed = ", ".join(str(path) for path in tried)
        super().__init__(
            f"Cannot find the spec (features/ and schemas/) in: {listed}. "
            f"Set {ENV_VAR} to a directory that holds both, e.g. a checkout of the suite."
        )


def _holds_spec(directory: Path) -> bool:
    return (directory / "features").is_dir() and (directory / "schemas").is_dir()


def spec_dir() -> Path:
    """The directory holding features/ and schemas/; an explicit CONFORMANCE_SPEC_DIR must hold both."""
    override = os.environ.get(ENV_VAR)
    if override:
        if _holds_spec(Path(override)):
            return Path(override)
        raise SpecNotFoundError([Path(override)])
    candidates = [_PACKAGE.parents[1], _PACKAGE / "_spec"]
    for candidate in candidates:
        if _holds_spec(candidate):
            return candidate
    raise SpecNotFoundError(candidates)


SPEC_DIR = spec_dir()
FEATURES_DIR = SPEC_DIR / "features"
SCHEMAS_DIR = SPEC_DIR / "schemas"
