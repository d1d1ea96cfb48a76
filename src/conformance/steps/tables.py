"""Gherkin data tables as rows of named cells."""

from conformance.world.market import Json


def rows(datatable: list[list[str]]) -> list[Json]:
    """Each row below the header as a dict keyed by the header's cells, cells stripped."""
    header = [cell.strip() for cell in datatable[0]]
    return [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in datatable[1:]]


def single_row(datatable: list[list[str]]) -> Json:
    """The one row of a table that describes a single thing."""
    body = rows(datatable)
    if len(body) != 1:
        msg = f"this step takes a table with exactly one row, got {len(body)}"
        raise ValueError(msg)
    return body[0]
