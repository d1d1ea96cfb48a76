"""Hypothesis fuzz of every request schema: mutate a valid body, send it in process, judge the answer.

Each body starts as a valid request on a live market (tests/reference/requests_catalogue.py), sent
with the credential of a caller the authorization matrix lets through. Hypothesis then replaces a
value or a whole subtree with an edge value (huge, deep, non-finite, surrogate, far-off instants,
long digit strings, wrong types), drops a member or adds one. No answer may be a 5xx, every status
must be one the OpenAPI document lists for the operation, and the body must match its schema.
"""

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import fuzz_settings, open_client
from hypothesis import given
from hypothesis import strategies as st
from matrix import ADMIN, ROOT, endpoint, first_allowed, read_matrix
from nmf_world import ADMIN_TOKEN, World
from requests_catalogue import Call, live_calls

from conformance.schemas import validator_for
from reference_impl.app import create_app

EXAMPLES_PER_SCHEMA = 150
OPENAPI: dict[str, Any] = json.loads((ROOT / "schemas" / "nmf.openapi.json").read_text(encoding="utf-8"))
MATRIX = read_matrix()
POSTS = sorted(e for e in MATRIX if e[0] == "POST")

Json = Any
Path = tuple[str | int, ...]

_INSTANTS = [
    "0001-01-01T00:00:00Z",
    "0022-07-02T04:55:52Z",
    "1999-12-31T23:30:00Z",
    "2000-01-01T00:00:00Z",
    "2999-12-31T23:30:00Z",
    "9999-12-31T23:30:00Z",
    "2030-02-30T17:00:00Z",
    "2030-01-15T17:00:00+01:00",
    "2030-01-15T17:00:00.5Z",
]
_DECIMALS = ["9" * 9, "9" * 9 + ".999", "9" * 10, "1" * 5000, "-1", "1e3", "0.0001", "1.2.3", "\uff11", "NaN"]


def _deep(depth: int) -> Json:
    value: Json = "leaf"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


EDGE_VALUES = st.one_of(
    st.sampled_from(_INSTANTS + _DECIMALS),
    st.sampled_from(["", "\ud800", "a\udfffb", "\x00", "x" * 100_000, str(uuid.uuid4()).upper(), "NMF"]),
    st.text(max_size=50),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.sampled_from([2, 32, 33, 1200]).map(_deep),
    st.lists(st.text(max_size=5), max_size=300),
    st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=5),
)


def _paths(document: Json, prefix: Path = ()) -> Iterator[Path]:
    """Every location in a document, the root included."""
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _paths(value, (*prefix, index))


def _replace(document: Json, path: Path, value: Json) -> Json:
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = _replace(document[head], rest, value)  # type: ignore[index]
    return copy


def _drop(document: Json, path: Path) -> Json:
    if not path:
        return document
    parent = _get(document, path[:-1])
    if isinstance(parent, dict):
        return _replace(document, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
    return _replace(document, path[:-1], [v for i, v in enumerate(parent) if i != path[-1]])


def _get(document: Json, path: Path) -> Json:
    for part in path:
        document = document[part]
    return document


@st.composite
def mutated(draw: st.DrawFn, base: Json) -> Json:
    """`base` with one to three of: a value replaced by an edge value or made to end in a lone surrogate,
    a member dropped, a member added."""
    document = base
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(list(_paths(document))))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add", "surrogate"]))
        if action == "replace":
            document = _replace(document, path, draw(EDGE_VALUES))
        elif action == "surrogate":
            document = _replace(document, path, f"{_get(document, path)}\ud800")
        elif action == "drop":
            document = _drop(document, path)
        elif isinstance(target := _get(document, path), dict):
            document = _replace(document, path, {**target, draw(st.text(max_size=20)): draw(EDGE_VALUES)})
    return document


def _response_schema(path: str, status: int) -> str:
    """The schema the OpenAPI document gives an operation's answer with `status` (AssertionError if none)."""
    operation = next(
        item["post"] for template, item in OPENAPI["paths"].items() if endpoint("post", template)[1] == path
    )
    answer = operation["responses"].get(str(status))
    assert answer is not None, f"POST {path} answered {status}, which the OpenAPI document does not list"
    if "$ref" in answer:
        answer = OPENAPI["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
    (content,) = answer["content"].values()
    return str(content["schema"]["$ref"])


@pytest.fixture(scope="module")
def market() -> Iterator[tuple[World, dict[tuple[str, str], Call]]]:
    app = create_app(admin_token=ADMIN_TOKEN)
    with open_client(app) as client:
        world = World.build(client)
        yield world, live_calls(world)
    app.state.database.close()


@pytest.mark.parametrize("operation", POSTS, ids=[path for _, path in POSTS])
def test_no_mutation_of_a_valid_body_gets_a_5xx_or_an_answer_off_its_schema(
    market: tuple[World, dict[tuple[str, str], Call]], operation: tuple[str, str]
) -> None:
    world, calls = market
    call = calls[operation]
    assert call.body is not None
    caller = first_allowed(MATRIX[operation])
    party = None if caller == ADMIN else world.register(f"fuzzed {caller}", caller)
    token = ADMIN_TOKEN if party is None else party.token
    base = call.body(party.id if party else "")
    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}

    @fuzz_settings(EXAMPLES_PER_SCHEMA)
    @given(document=mutated(base))
    def send(document: Json) -> None:
        raw = json.dumps(document, allow_nan=True).encode()
        response: httpx.Response = world.client.post(call.path, content=raw, headers=headers)
        assert response.status_code < 500, response.text
        errors = list(validator_for(_response_schema(operation[1], response.status_code)).iter_errors(response.json()))
        assert errors == [], f"{response.status_code} {response.text[:500]}: {errors[0].message}"

    send()
