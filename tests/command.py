"""The `conformance` command as a vendor runs it: a subprocess of this environment's console script."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = str(Path(sys.executable).parent / "conformance")
SUITE = ROOT / "src" / "conformance" / "suite"
# The bound suite as a self-test runs it with pytester: only the plugins it uses, as `conformance run`
# does (autoloading every installed pytest plugin costs about 3 s of CPU per run).
SUITE_RUN = (str(SUITE), "--disable-plugin-autoload", "-p", "pytest_bdd.plugin", "-p", "no:cacheprovider")


def run_conformance(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run `conformance *arguments` to its end, with `tests` importable (for python: targets)."""
    return subprocess.run(  # noqa: S603 - our own console script
        [CONFORMANCE, *arguments],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT), **environment},
    )
