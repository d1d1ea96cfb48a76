"""Every endpoint x every role x no credential, checked against the matrix that docs/security.md shows."""

import json
import uuid

import httpx
import pytest
from matrix import ADMIN, NONE, ROOT, endpoint, read_matrix
from nmf_world import ADMIN_TOKEN, World
from requests_catalogue import Call, live_calls

OPENAPI = ROOT / "schemas" / "nmf.openapi.json"
REFERENCE_ONLY = {("GET", "/openapi.json")}
MATRIX_ROWS = read_matrix()


def _answer(world: World, call: Call, caller: str) -> httpx.Response:
    headers: dict[str, str] = {}
    sender_id = str(uuid.uuid4())
    if caller == ADMIN:
        headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
    elif caller != NONE:
        party = world.register(f"{caller} caller", caller)
        headers["Authorization"] = f"Bearer {party.token}"
        sender_id = party.id
    if call.body is None:
        return world.client.get(call.path, headers=headers)
    return world.client.post(call.path, json=call.body(sender_id), headers=headers)


def _verdict(response: httpx.Response) -> str:
    if response.status_code == 401:
        return "401"
    if response.status_code == 403 and response.json().get("rule") == "BMR-04":
        return "403"
    assert response.status_code < 500, response.text
    return "ok"


def test_the_matrix_has_a_row_for_every_documented_operation_and_a_column_for_every_role() -> None:
    openapi = json.loads(OPENAPI.read_text(encoding="utf-8"))
    documented = {endpoint(method, path) for path, item in openapi["paths"].items() for method in item}
    assert set(MATRIX_ROWS) - REFERENCE_ONLY == documented
    common = json.loads((ROOT / "schemas" / "common.schema.json").read_text(encoding="utf-8"))
    callers = {caller for row in MATRIX_ROWS.values() for caller in row}
    assert callers == {NONE, ADMIN, *common["$defs"]["Role"]["enum"]}


@pytest.mark.parametrize("endpoint", sorted(MATRIX_ROWS), ids=lambda e: f"{e[0]} {e[1]}")
def test_each_caller_gets_exactly_what_the_matrix_says(world: World, endpoint: tuple[str, str]) -> None:
    call = live_calls(world)[endpoint]
    expected = MATRIX_ROWS[endpoint]
    answered = {caller: _verdict(_answer(world, call, caller)) for caller in expected}
    assert answered == expected
