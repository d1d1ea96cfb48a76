"""The message contract (schemas/) checked the way JSON-Schema-Test-Suite checks its own files."""

import importlib
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing.exceptions
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from conformance import paths
from conformance.paths import SCHEMAS_DIR, SpecNotFoundError
from conformance.schemas import (
    is_mpan_core,
    registry,
    rule_for,
    schema_name_for_message_type,
    schema_names,
    validator_for,
)

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://flex-conformance.org/schemas/1.0/"
EXAMPLES_DIR = SCHEMAS_DIR / "examples"
OPENAPI = SCHEMAS_DIR / "nmf.openapi.json"
SCHEMA_FILES = [SCHEMAS_DIR / name for name in schema_names()]
EXAMPLE_FILES = sorted(EXAMPLES_DIR.glob("*.json"))
TX = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def refs_in(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs_in(item)


def vectors() -> Iterator[Any]:
    for path in EXAMPLE_FILES:
        for group in load(path):
            for test in group["tests"]:
                yield pytest.param(
                    group["schema"], test, id=f"{path.stem} / {group['description']}: {test['description']}"
                )


def message_types() -> list[str]:
    return list(load(SCHEMAS_DIR / "envelope.schema.json")["$defs"]["MessageType"]["enum"])


def test_the_spec_has_its_schemas() -> None:
    assert len(SCHEMA_FILES) == 62
    assert {"common.schema.json", "envelope.schema.json", "problem.schema.json"} <= set(schema_names())


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_2020_12_with_id_title_description(path: Path) -> None:
    schema = load(path)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == BASE + path.name
    assert schema["title"]
    assert schema["description"]


def test_schema_descriptions_are_unique() -> None:
    counts = Counter(load(path)["description"] for path in SCHEMA_FILES)
    assert [text for text, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_ref_resolves_through_the_registry(path: Path) -> None:
    schema = load(path)
    resolver = registry().resolver(base_uri=schema["$id"])
    refs = list(refs_in(schema))
    for ref in refs:
        assert resolver.lookup(ref).contents is not None, ref


def test_every_ref_in_the_openapi_document_resolves() -> None:
    document = load(OPENAPI)
    resolver = registry().resolver(base_uri=BASE + OPENAPI.name)
    refs = list(refs_in(document))
    assert len(refs) > 40
    for ref in refs:
        if ref.startswith("#/"):
            node: Any = document
            for part in ref[2:].split("/"):
                node = node[part]
            assert isinstance(node, dict), ref
        else:
            assert resolver.lookup(ref).contents is not None, ref


def test_an_unknown_ref_fails_fast_without_retrieval() -> None:
    with pytest.raises(referencing.exceptions.NoSuchResource):
        validator_for("https://json-schema.org/draft/2020-12/schema")
    validator = Draft202012Validator({"$ref": "missing.schema.json"}, registry=registry())
    with pytest.raises(referencing.exceptions.Unresolvable):
        validator.is_valid({})


@pytest.mark.parametrize(("schema", "test"), list(vectors()))
def test_example_vector_validates_as_flagged(schema: str, test: dict[str, Any]) -> None:
    errors = list(validator_for(schema).iter_errors(test["data"]))
    assert (not errors) == test["valid"], [error.message for error in errors]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_schema_has_valid_and_invalid_examples(path: Path) -> None:
    example = EXAMPLES_DIR / path.name.replace(".schema.json", ".json")
    flags = {test["valid"] for group in load(example) for test in group["tests"]}
    assert flags == {True, False}
    assert {group["schema"].partition("#")[0] for group in load(example)} == {path.name}


def test_every_message_type_has_its_schema() -> None:
    types = message_types()
    assert len(types) == 34
    for message_type in types:
        schema = load(SCHEMAS_DIR / schema_name_for_message_type(message_type))
        assert schema["properties"]["messageType"] == {"const": message_type}
        assert schema["allOf"] == [{"$ref": "envelope.schema.json"}]


def test_schema_name_for_message_type() -> None:
    assert schema_name_for_message_type("VolumeNotice") == "volume-notice.schema.json"
    assert schema_name_for_message_type("OfferAcceptance") == "offer-acceptance.schema.json"


@pytest.mark.parametrize("mpan", ["1030006718997", "2000000000015", "2012345678906", "1712345678905"])
def test_mpan_core_format_accepts(mpan: str) -> None:
    assert is_mpan_core(mpan)
    assert validator_for("common.schema.json#/$defs/MpanCore").is_valid(mpan)


@pytest.mark.parametrize(
    "mpan",
    [
        "2012345678901",  # check digit 1, 6 expected
        "0912345678901",  # check digit right, distributor 09
        "3712345678900",  # check digit right, distributor 37
        "201234567890",  # 12 digits
        "20123456789060",  # 14 digits
        "\uff12012345678906",  # a full-width digit 2
    ],
)
def test_mpan_core_format_rejects(mpan: str) -> None:
    assert not is_mpan_core(mpan)
    assert not validator_for("site.schema.json").is_valid({"mpan": mpan})


def test_mpan_core_format_leaves_other_types_to_type() -> None:
    assert is_mpan_core(2012345678901)


def test_formats_are_asserted() -> None:
    assert not validator_for("common.schema.json#/$defs/Instant").is_valid("2030-02-31T16:41:07Z")
    assert not validator_for("common.schema.json#/$defs/Uuid").is_valid("9c8b7a6d5e4f4a3b8c2d1e0f9a8b7c6d")


def first_valid(name: str) -> Any:
    return next(t["data"] for g in load(EXAMPLES_DIR / name) for t in g["tests"] if t["valid"])


def best_error(schema: str, instance: object) -> jsonschema.ValidationError:
    error = jsonschema.exceptions.best_match(validator_for(schema).iter_errors(instance))
    assert error is not None
    return error


def with_payload(message: Any, **changes: object) -> Any:
    return {**message, "payload": {**message["payload"], **changes}}


def test_rule_for_a_bad_period_start_is_bmr_01() -> None:
    message = with_payload(first_valid("dispatch-instruction.json"), start="2030-01-15T17:15:00Z")
    assert rule_for(best_error("dispatch-instruction.schema.json", message)) == "BMR-01"


def test_rule_for_a_bad_window_is_bmr_01() -> None:
    message = with_payload(first_valid("flexibility-requirement.json"), window={"start": "2030-01-15T17:00:00Z"})
    assert rule_for(best_error("flexibility-requirement.schema.json", message)) == "BMR-01"


def test_rule_for_a_bad_mpan_is_bmr_02() -> None:
    message = with_payload(first_valid("meter-readings.json"), mpan="2012345678901")
    assert rule_for(best_error("meter-readings.schema.json", message)) == "BMR-02"


def test_rule_for_a_bad_amount_is_bmr_03() -> None:
    message = with_payload(first_valid("dispatch-instruction.json"), capacityKw="150.0001")
    assert rule_for(best_error("dispatch-instruction.schema.json", message)) == "BMR-03"
    verification = first_valid("verification.json")
    verification["periods"][0]["meteredKwh"] = "1.0001"
    assert rule_for(best_error("verification.schema.json", verification)) == "BMR-03"


def test_rule_for_is_none_where_no_rule_applies() -> None:
    message = first_valid("dispatch-instruction.json")
    del message["payload"]["end"]
    assert rule_for(best_error("dispatch-instruction.schema.json", message)) is None
    assert rule_for(best_error("dispatch-instruction.schema.json", {**message, "sender": "NMF"})) is None


def test_rule_for_looks_into_the_branches_of_an_any_of() -> None:
    validator = Draft202012Validator(
        {"anyOf": [{"$ref": "common.schema.json#/$defs/SettlementPeriodStart"}, {"type": "null"}]},
        registry=registry(),
    )
    (error,) = validator.iter_errors("2030-01-15T17:15:00Z")
    assert error.validator == "anyOf"
    assert rule_for(error) == "BMR-01"


def test_spec_dir_honours_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFORMANCE_SPEC_DIR", str(tmp_path))
    with pytest.raises(SpecNotFoundError, match="CONFORMANCE_SPEC_DIR"):
        paths.spec_dir()
    (tmp_path / "features").mkdir()
    (tmp_path / "schemas").mkdir()
    assert paths.spec_dir() == tmp_path
    monkeypatch.delenv("CONFORMANCE_SPEC_DIR")
    assert paths.spec_dir() == ROOT


ENDPOINTS = [
    ("get", "/health", "200"),
    ("get", "/clock", "200"),
    ("get", "/notifications", "200"),
    ("post", "/requirements", "201"),
    ("post", "/offers", "201"),
    ("post", "/acceptances", "201"),
    ("post", "/arming-instructions", "200"),
    ("post", "/dispatches", "201"),
    ("post", "/overrules", "200"),
    ("post", "/unavailability-notices", "201"),
    ("post", "/meter-readings", "201"),
    ("post", "/unwinds", "200"),
    ("post", "/capacity-trades", "201"),
    ("post", "/capacity-trade-agreements", "200"),
    ("post", "/capacity-trade-decisions", "200"),
    ("post", "/capacity-trade-revocations", "200"),
    ("get", "/capacity-trades/{tradeId}", "200"),
    ("get", "/sites/{mpan}/capacity", "200"),
    ("post", "/portfolio-actions", "201"),
    ("post", "/offsetting-schemes", "201"),
    ("post", "/offsetting-scheme-decisions", "200"),
    ("post", "/offsetting-transactions", "201"),
    ("post", "/offsetting-agreements", "200"),
    ("post", "/offsetting-decisions", "200"),
    ("post", "/offsetting-revocations", "200"),
    ("get", "/offsetting-schemes/{schemeId}", "200"),
    ("get", "/offsetting-transactions/{transactionId}", "200"),
    ("get", "/offsetting-transactions/{transactionId}/settlement", "200"),
    ("get", "/requirements/{requirementId}", "200"),
    ("get", "/transactions/{transactionId}", "200"),
    ("get", "/transactions/{transactionId}/verification", "200"),
    ("get", "/transactions/{transactionId}/settlement", "200"),
    ("get", "/portfolio-actions/{actionId}", "200"),
    ("get", "/portfolio-actions/{actionId}/payments", "200"),
    ("post", "/admin/test-clocks", "201"),
    ("post", "/admin/test-clocks/{testClockId}/advance", "200"),
    ("post", "/admin/actors", "201"),
    ("post", "/admin/zones", "201"),
    ("post", "/admin/sites", "201"),
]


def test_the_openapi_document_has_every_endpoint_of_the_interface() -> None:
    document = load(OPENAPI)
    assert document["openapi"].startswith("3.1")
    found = {
        (method, path, code)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for code in operation["responses"]
        if code.startswith("2")
    }
    assert found == set(ENDPOINTS)
    schemes = document["components"]["securitySchemes"]
    assert {scheme["scheme"] for scheme in schemes.values()} == {"bearer"}
    assert document["paths"]["/health"]["get"]["security"] == []


def test_openapi_errors_are_problem_documents() -> None:
    document = load(OPENAPI)
    responses = document["components"]["responses"]
    for code in ["400", "401", "403", "404", "409", "422"]:
        content = responses[f"Problem{code}"]["content"]
        assert content == {"application/problem+json": {"schema": {"$ref": "problem.schema.json"}}}
    operation = document["paths"]["/dispatches"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "dispatch-instruction.schema.json"
    }
    assert operation["responses"]["422"] == {"$ref": "#/components/responses/Problem422"}


def test_generated_models_are_up_to_date() -> None:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def model_module(schema_file: str) -> Any:
    """`dispatch-instruction.schema.json` -> `reference_impl.models.dispatch_instruction_schema`."""
    name = schema_file.removesuffix(".json").replace("-", "_").replace(".", "_")
    return importlib.import_module(f"reference_impl.models.{name}")


def model_class(schema_file: str) -> type[BaseModel]:
    cls = getattr(model_module(schema_file), load(SCHEMAS_DIR / schema_file)["title"])
    assert issubclass(cls, BaseModel)
    return cls


@pytest.mark.parametrize("path", [p for p in SCHEMA_FILES if p.name != "common.schema.json"], ids=lambda p: p.name)
def test_generated_model_parses_the_valid_examples(path: Path) -> None:
    cls = model_class(path.name)
    example = EXAMPLES_DIR / path.name.replace(".schema.json", ".json")
    for group in load(example):
        for test in group["tests"]:
            if test["valid"]:
                cls.model_validate(test["data"])


@pytest.mark.parametrize("message_type", message_types())
def test_every_message_has_a_payload_model(message_type: str) -> None:
    module = model_module(schema_name_for_message_type(message_type))
    payload = getattr(module, f"{message_type}Payload")
    assert issubclass(payload, BaseModel)
    assert payload.model_config.get("extra") == "forbid"
    message = getattr(module, message_type)
    assert message.model_fields["payload"].annotation is payload
