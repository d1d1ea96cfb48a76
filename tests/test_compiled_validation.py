"""The compiled validators (jsonschema-rs) judge every message as jsonschema does, never more leniently.

The harness asks the compiled validator first and jsonschema only to explain a refusal, so a message the
compiled validator wrongly accepted would pass unchecked. Each example vector, and variants of it with one
value removed or replaced, must get the same verdict from both.
"""

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.exchange import json_pointer
from conformance.paths import SCHEMAS_DIR
from conformance.schemas import validator_for

EXAMPLE_FILES = sorted((SCHEMAS_DIR / "examples").glob("*.json"))
_REMOVED = object()
# One of each JSON type, and strings that break a format or a pattern.
REPLACEMENTS: tuple[object, ...] = (_REMOVED, None, 1.5, "x", [], {}, "2030-02-31T16:41:07Z", "12.3456")


def paths_in(node: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if path:
        yield path
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield from paths_in(child, (*path, key))


def replaced(document: Any, path: tuple[str | int, ...], value: object) -> Any:
    copied = copy.deepcopy(document)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    if value is _REMOVED:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copied


def value_at(document: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


def variants(document: Any) -> Iterator[Any]:
    """`document`, then each copy of it with one value removed or replaced."""
    yield document
    for path in paths_in(document):
        for value in REPLACEMENTS:
            yield replaced(document, path, value)
        if isinstance(original := value_at(document, path), str):
            yield replaced(document, path, original + "\n")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_compiled_and_explaining_validators_agree(path: Path) -> None:
    accepted_only_by_compiled: list[str] = []
    refused_only_by_compiled: list[str] = []
    checked = 0
    for group in json.loads(path.read_text(encoding="utf-8")):
        validator = validator_for(group["schema"])
        for test in group["tests"]:
            for instance in variants(test["data"]) if test["valid"] else [test["data"]]:
                checked += 1
                explained = [json_pointer(e.absolute_path) for e in validator.explaining.iter_errors(instance)]
                if validator.is_valid(instance) and explained:
                    accepted_only_by_compiled.append(json.dumps(instance)[:200])
                elif not validator.is_valid(instance) and not explained:
                    refused_only_by_compiled.append(json.dumps(instance))
    assert checked > len(REPLACEMENTS)
    assert accepted_only_by_compiled == []
    # JSON Schema patterns are ECMA-262: `$` ends the string. Python's `re` also lets it match before a final
    # newline, so jsonschema accepts "200\n" for ^[0-9]+$; the compiled validator (rightly) refuses it.
    assert all('\\n"' in text for text in refused_only_by_compiled), refused_only_by_compiled[:3]


def test_a_refusal_only_the_compiled_validator_makes_is_still_explained() -> None:
    validator = validator_for("common.schema.json#/$defs/Instant")
    instance = "2030-01-01T00:00:00Z\n"
    assert not validator.is_valid(instance)
    assert list(validator.explaining.iter_errors(instance)) == []
    errors = list(validator.iter_errors(instance))
    assert len(errors) == 1
    assert "does not match" in errors[0].message
