"""Find a step's definition once per step text, not once per execution.

pytest-bdd 9 looks a step up by asking pytest, for every fixture name of the session, which
definitions are visible to the scenario, then matching each one's parser against the step: about
75 names per step, every time a step runs, which was a quarter of the suite's time in process.
Which definitions match depends only on the step's keyword type, its text, and where the scenario
sits in the collection tree (what it can see), so the answer is remembered under exactly that key.
The step definitions visible from one place are listed once too: a new step text is then matched
against that list instead of going through every fixture name again. Each lookup still goes through
pytest-bdd's own injection and `getfixturevalue`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

_Finder = Callable[..., Iterable[Any]]
_Definitions = tuple[tuple[Any, Any], ...]
"""(fixture definition, step function context) of every step definition visible from one place."""


@dataclass
class _Session:
    """What one pytest session (one fixture manager) has looked up so far."""

    matches: dict[tuple[object, str, str], tuple[Any, ...]] = field(default_factory=dict)
    visible: dict[str, _Definitions] = field(default_factory=dict)


def _visible_step_definitions(fixturemanager: Any, node: Any) -> _Definitions:
    """The step definitions pytest lets `node` see (its scoping and overriding rules), as pytest-bdd finds them."""
    compat = importlib.import_module("pytest_bdd.compat")
    contexts = importlib.import_module("pytest_bdd.steps").step_function_context_registry
    definitions = []
    for name in compat.get_fixture_names(fixturemanager=fixturemanager):
        for fixturedef in compat.getfixturedefs(fixturemanager, name, node) or []:
            context = contexts.get(fixturedef.func)
            if context is not None:
                definitions.append((fixturedef, context))
    return tuple(definitions)


def _remembering(find: _Finder) -> _Finder:
    # Per fixture manager, that is per pytest session: one process may run several (mutation testing).
    sessions: WeakKeyDictionary[Any, _Session] = WeakKeyDictionary()

    def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> Iterable[Any]:
        session = sessions.setdefault(fixturemanager, _Session())
        where = node.parent.nodeid if node.parent is not None else ""
        key = (step.type, step.name, where)
        if key not in session.matches:
            if where not in session.visible:
                session.visible[where] = _visible_step_definitions(fixturemanager, node)
            session.matches[key] = tuple(
                fixturedef
                for fixturedef, context in session.visible[where]
                if context.type in (None, step.type) and context.parser.is_matching(step.name)
            )
        return session.matches[key]

    # pytest-bdd's own lookup, no longer called here: `install` checks it to replace it once, and a test
    # compares every answer with it.
    find_fixturedefs_for_step.original = find  # type: ignore[attr-defined]
    return find_fixturedefs_for_step


def install() -> None:
    """Replace pytest-bdd's lookup with the remembering one (once per process)."""
    module = importlib.import_module("pytest_bdd.scenario")  # the package's `scenario` attribute is a function
    current = module.find_fixturedefs_for_step
    if not hasattr(current, "original"):
        setattr(module, "find_fixturedefs_for_step", _remembering(current))  # noqa: B010 - a module, not a class
