"""schemas/ as one offline `referencing.Registry`, validators that assert formats, and rule lookup."""

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.exceptions import relevance
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conformance.paths import SCHEMAS_DIR

SCHEMA_SUFFIX = ".schema.json"
RULE_KEYWORD = "x-rule"
_MPAN_WEIGHTS = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
_MPAN_DISTRIBUTORS = range(10, 37)


def schema_names() -> list[str]:
    """The file name of every schema, sorted."""
    return sorted(path.name for path in SCHEMAS_DIR.glob(f"*{SCHEMA_SUFFIX}"))


@cache
def registry() -> Registry[Any]:
    """Every schema, addressable by file name and by its $id; no retrieval, so an unknown $ref fails fast."""
    pairs: list[tuple[str, Resource[Any]]] = []
    for name in schema_names():
        resource = DRAFT202012.create_resource(json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8")))
        pairs += [(name, resource), (str(resource.id()), resource)]
    return Registry().with_resources(pairs).crawl()


def is_mpan_core(instance: object) -> bool:
    """BMR-02: 13 digits, distributor 10-36, digit 13 = (sum of digits 1-12 x weights) mod 11 mod 10."""
    if not isinstance(instance, str):
        return True
    if not re.fullmatch(r"[0-9]{13}", instance, flags=re.ASCII):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(instance[:12], _MPAN_WEIGHTS, strict=True))
    return int(instance[:2]) in _MPAN_DISTRIBUTORS and total % 11 % 10 == int(instance[12])


@cache
def format_checker() -> FormatChecker:
    """Asserts date-time (RFC 3339), uuid and this suite's mpan-core."""
    checker = FormatChecker(formats=("date-time", "uuid"))
    if "date-time" not in checker.checkers:
        raise RuntimeError("date-time format checking needs rfc3339-validator installed")
    checker.checks("mpan-core")(is_mpan_core)
    return checker


def validator_for(name: str) -> Draft202012Validator:
    """A validator for one schema (file name or $id, optionally with a #/$defs/... fragment): resolves
    through the registry and asserts formats."""
    schema = {"$ref": name} if "#" in name else registry().contents(name)
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker())


def schema_name_for_message_type(message_type: str) -> str:
    """`VolumeNotice` -> `volume-notice.schema.json`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", message_type).lower() + SCHEMA_SUFFIX


def _walk(node: object, inherited: str | None) -> Iterator[tuple[int, str | None]]:
    if isinstance(node, dict):
        rule = node.get(RULE_KEYWORD, inherited)
        yield id(node), rule
        for child in node.values():
            yield from _walk(child, rule)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child, inherited)


@cache
def _nearest_rules() -> dict[int, str | None]:
    """Each subschema of every registered document (by identity) -> the nearest x-rule at or above it."""
    return {key: rule for name in schema_names() for key, rule in _walk(registry().contents(name), None)}


def rule_for(error: ValidationError) -> str | None:
    """The Conformance Market Rule (`BMR-nn`) a schema error breaks: the nearest `x-rule` at or above the failing
    subschema in its document; for anyOf/oneOf failures, the most relevant branch error that names one."""
    rule = _nearest_rules().get(id(error.schema))
    if rule is not None:
        return rule
    for sub in sorted(error.context or (), key=relevance, reverse=True):
        if (rule := rule_for(sub)) is not None:
            return rule
    return None
