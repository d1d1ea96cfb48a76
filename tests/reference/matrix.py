"""The authorization matrix of docs/security.md, read as data: one table for the docs, the tests and the fuzzer."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECURITY = ROOT / "docs" / "security.md"
NONE, ADMIN, ALLOWED = "none", "admin", "ok"
_TABLE = re.compile(r"<!-- authorization-matrix:start -->\n(.*?)\n<!-- authorization-matrix:end -->", re.DOTALL)
_PARAMETER = re.compile(r"\{[^}]+\}")

Endpoint = tuple[str, str]


def endpoint(method: str, path: str) -> Endpoint:
    """An operation as the matrix names it: upper-case method, every path parameter written {id}."""
    return method.upper(), _PARAMETER.sub("{id}", path)


def read_matrix() -> dict[Endpoint, dict[str, str]]:
    """{(method, path): {caller: "ok" | "401" | "403"}} from the table of docs/security.md."""
    found = _TABLE.search(SECURITY.read_text(encoding="utf-8"))
    assert found is not None, "docs/security.md has no authorization matrix"
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in found.group(1).splitlines()]
    header, body = rows[0], rows[2:]
    matrix: dict[Endpoint, dict[str, str]] = {}
    for row in body:
        method, path = row[0].strip("`").split(" ", 1)
        matrix[endpoint(method, path)] = dict(zip(header[1:], row[1:], strict=True))
    return matrix


def first_allowed(row: dict[str, str]) -> str:
    """A caller the matrix lets through, preferring an actor role to the administration token."""
    allowed = [caller for caller, cell in row.items() if cell == ALLOWED and caller != NONE]
    actors = [caller for caller in allowed if caller != ADMIN]
    return (actors or allowed or [NONE])[0]
