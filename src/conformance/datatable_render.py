"""Render a step's data table without deep-copying it.

pytest-bdd renders each scenario before it runs it (an outline's `<name>` placeholders take the row's
values), and renders every data table by deep-copying it and then replacing its cell texts. The copy
walked every table of every scenario through `copy.deepcopy`, a few percent of the suite's time in
process. The same table is built here directly: new rows and cells with rendered texts, sharing only
the immutable source locations.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def _render_datatable(datatable: Any, context: Mapping[str, object]) -> Any:
    gherkin = importlib.import_module("pytest_bdd.gherkin_parser")
    render_string = importlib.import_module("pytest_bdd.parser").render_string
    rows = [
        gherkin.Row(
            id=row.id,
            location=row.location,
            cells=[gherkin.Cell(location=c.location, value=render_string(c.value, context)) for c in row.cells],
        )
        for row in datatable.rows
    ]
    return gherkin.DataTable(location=datatable.location, rows=rows)


def install() -> None:
    """Replace pytest-bdd's data table rendering with the copying-free one (once per process)."""
    step = importlib.import_module("pytest_bdd.parser").Step
    step.render_datatable = staticmethod(_render_datatable)
