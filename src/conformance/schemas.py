"""schemas/ as one offline registry, validators that assert formats, and rule lookup.

Each schema has two validators over the same documents and the same format checks: a compiled one
(jsonschema-rs) that answers "valid?" in microseconds, and the reference implementation (jsonschema) that
explains a failure with a JSON pointer and a rule. A message passes only if both accept it.
"""

import json
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache, partial
from typing import Any

import jsonschema_rs
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


class SchemaValidator:
    """One schema's validators: `is_valid` is the compiled check, `iter_errors` explains a refusal."""

    def __init__(self, explaining: Draft202012Validator, compiled: jsonschema_rs.Draft202012Validator) -> None:
        self.explaining = explaining
        self._compiled = compiled

    def is_valid(self, instance: object) -> bool:
        return self._compiled.is_valid(instance)

    def iter_errors(self, instance: object) -> Iterator[ValidationError]:
        """jsonschema's errors; should it accept what the compiled check refuses, the compiled error."""
        found = False
        for error in self.explaining.iter_errors(instance):
            found = True
            yield error
        if not found:
            try:
                self._compiled.validate(instance)
            except jsonschema_rs.ValidationError as error:
                path = tuple(error.instance_path)
                yield ValidationError(error.message, path=path, instance=error.instance)


@cache
def validator_for(name: str) -> SchemaValidator:
    """A validator for one schema (file name or $id, optionally with a #/$defs/... fragment): resolves
    through the registry and asserts formats."""
    schema = {"$ref": name} if "#" in name else registry().contents(name)
    explaining = Draft202012Validator(schema, registry=registry(), format_checker=format_checker())
    document, _, fragment = name.partition("#")
    absolute = str(registry().contents(document).get("$id", document))  # the compiled registry knows $ids only
    compiled = jsonschema_rs.Draft202012Validator(
        {"$ref": f"{absolute}#{fragment}"} if fragment else registry().contents(name),
        registry=_compiled_registry(),
        formats=_compiled_formats(),
        validate_formats=True,
        offline=True,
    )
    return SchemaValidator(explaining, compiled)


@cache
def _compiled_registry() -> jsonschema_rs.Registry:
    documents = [registry().contents(name) for name in schema_names()]
    return jsonschema_rs.Registry([(str(doc["$id"]), doc) for doc in documents])


@cache
def _compiled_formats() -> dict[str, Callable[[str], bool]]:
    """Every format the schemas name, checked by the same `FormatChecker` (a format it does not assert passes)."""
    names = {node["format"] for node, _ in _every_subschema() if isinstance(node.get("format"), str)}
    return {name: partial(_conforms, name) for name in names}


@lru_cache(maxsize=1 << 16)
def _conforms(name: str, value: str) -> bool:
    # Pure and called for every id and instant of every message; the same values recur across a run.
    return format_checker().conforms(value, name)


def schema_name_for_message_type(message_type: str) -> str:
    """`VolumeNotice` -> `volume-notice.schema.json`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", message_type).lower() + SCHEMA_SUFFIX


def _walk(node: object, inherited: str | None) -> Iterator[tuple[dict[str, Any], str | None]]:
    if isinstance(node, dict):
        rule = node.get(RULE_KEYWORD, inherited)
        yield node, rule
        for child in node.values():
            yield from _walk(child, rule)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child, inherited)


@cache
def _nearest_rules() -> dict[int, str | None]:
    """Each subschema of every registered document (by identity) -> the nearest x-rule at or above it."""
    return {id(node): rule for node, rule in _every_subschema()}


def _every_subschema() -> Iterator[tuple[dict[str, Any], str | None]]:
    """Every object in every registered document, with the nearest x-rule at or above it."""
    for name in schema_names():
        yield from _walk(registry().contents(name), None)


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
