"""The published OpenAPI document, the reference NMF's routes and the harness's routing agree."""

import json
import re
from typing import Any

import pytest
from starlette.routing import Route

from conformance.nmf_client import MESSAGE_ROUTES
from conformance.paths import SCHEMAS_DIR
from conformance.schemas import schema_name_for_message_type
from reference_impl.app import MESSAGES, create_app

OPENAPI: dict[str, Any] = json.loads((SCHEMAS_DIR / "nmf.openapi.json").read_text(encoding="utf-8"))
# Served by the reference as a convenience for readers; not part of the interface a vendor implements.
REFERENCE_ONLY = {("GET", "/openapi.json")}


def normalised(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def openapi_operations() -> set[tuple[str, str]]:
    return {
        (method.upper(), normalised(path))
        for path, item in OPENAPI["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def reference_operations() -> set[tuple[str, str]]:
    app = create_app(admin_token="openapi-check")
    return {
        (method, normalised(route.path))
        for route in app.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_the_reference_serves_exactly_the_documented_operations() -> None:
    assert reference_operations() - REFERENCE_ONLY == openapi_operations()


@pytest.mark.parametrize("message_type", sorted(MESSAGE_ROUTES))
def test_the_harness_routes_each_message_as_documented(message_type: str) -> None:
    route = MESSAGE_ROUTES[message_type]
    operation = OPENAPI["paths"][route.path]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert request == schema_name_for_message_type(message_type)
    success = operation["responses"][str(route.success)]["content"]["application/json"]["schema"]["$ref"]
    assert success == route.response_schema


@pytest.mark.parametrize("path", sorted(MESSAGES))
def test_the_reference_takes_the_documented_message_at_each_endpoint(path: str) -> None:
    operation = OPENAPI["paths"][path]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert request == schema_name_for_message_type(MESSAGES[path].message_type)
