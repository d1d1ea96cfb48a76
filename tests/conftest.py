"""Fixtures several test modules share: the whole-suite runs made once per session (tests/shared_runs.py)."""

from tests.shared_runs import certified_reference, served_reference_runs

__all__ = ["certified_reference", "served_reference_runs"]
