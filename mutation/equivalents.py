"""The documented equivalent mutants: changes no NMF-visible behaviour can tell apart, each with why.

`mutation/equivalents.toml` holds one `[[equivalent]]` table per mutant: `mutant` is its key as the
tool prints it, `reason` says why no scenario could ever catch it. A listed mutant is still run: if
the suite kills it, it was not equivalent and the entry is wrong; an entry that names no mutant of
the current code is stale. Both are errors, so the file cannot drift from the code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Equivalent", "EquivalentsError", "load_equivalents"]


class EquivalentsError(ValueError):
    """The equivalents file is malformed."""


@dataclass(frozen=True)
class Equivalent:
    mutant: str
    reason: str


def load_equivalents(path: Path) -> dict[str, Equivalent]:
    """The entries of `path` by mutant key; a missing file holds none."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries: dict[str, Equivalent] = {}
    for i, entry in enumerate(data.get("equivalent", []), start=1):
        mutant, reason = entry.get("mutant"), entry.get("reason")
        if not isinstance(mutant, str) or not isinstance(reason, str) or not reason.strip():
            raise EquivalentsError(f"{path}: entry {i} needs a mutant key and a reason")
        if set(entry) - {"mutant", "reason"}:
            raise EquivalentsError(f"{path}: entry {i} has unknown fields {sorted(set(entry) - {'mutant', 'reason'})}")
        if mutant in entries:
            raise EquivalentsError(f"{path}: {mutant} is listed twice")
        entries[mutant] = Equivalent(mutant, reason.strip())
    return entries
