"""Find a step's definition once per step text, not once per execution.

pytest-bdd 9 looks a step up by asking pytest, for every fixture name of the session, which
definitions are visible to the scenario, then matching each one's parser against the step: about
75 names per step, every time a step runs, which was a quarter of the suite's time in process.
Which definitions match depends only on the step's keyword type, its text, and where the scenario
sits in the collection tree (what it can see), so the answer is remembered under exactly that key.
Each lookup still goes through pytest-bdd's own injection and `getfixturevalue`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any
from weakref import WeakKeyDictionary

_Finder = Callable[..., Iterable[Any]]


def _remembering(find: _Finder) -> _Finder:
    # Per fixture manager, that is per pytest session: one process may run several (mutation testing).
    sessions: WeakKeyDictionary[Any, dict[tuple[object, str, str], tuple[Any, ...]]] = WeakKeyDictionary()

    def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> Iterable[Any]:
        found = sessions.setdefault(fixturemanager, {})
        key = (step.type, step.name, node.parent.nodeid if node.parent is not None else "")
        if key not in found:
            found[key] = tuple(find(step=step, fixturemanager=fixturemanager, node=node))
        return found[key]

    find_fixturedefs_for_step.original = find  # type: ignore[attr-defined]
    return find_fixturedefs_for_step


def install() -> None:
    """Replace pytest-bdd's lookup with the remembering one (once per process)."""
    module = importlib.import_module("pytest_bdd.scenario")  # the package's `scenario` attribute is a function
    current = module.find_fixturedefs_for_step
    if not hasattr(current, "original"):
        setattr(module, "find_fixturedefs_for_step", _remembering(current))  # noqa: B010 - a module, not a class
