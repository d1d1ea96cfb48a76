"""A served worker keeps its start-up heap out of the garbage collector (docs/operations.md, "Speed")."""

import os
import subprocess
import sys
from pathlib import Path

from reference_impl.serve import ADMIN_TOKEN_ENV, DATABASE_ENV

_FROZEN_AFTER_BUILDING = """
import gc
from reference_impl.serve import app_from_environment
app_from_environment()
print(gc.get_freeze_count())
"""


def test_a_served_worker_freezes_what_it_built_at_start_up(tmp_path: Path) -> None:
    environment = {**os.environ, DATABASE_ENV: str(tmp_path / "nmf.sqlite3"), ADMIN_TOKEN_ENV: "admin"}
    # A process of its own: freezing this one would hide the test run's garbage from the collector.
    finished = subprocess.run(  # noqa: S603 - this interpreter and a constant program
        [sys.executable, "-c", _FROZEN_AFTER_BUILDING], env=environment, capture_output=True, text=True, check=True
    )
    # The models, validators and routes alone are tens of thousands of objects; none left to full collections.
    assert int(finished.stdout) > 20_000
