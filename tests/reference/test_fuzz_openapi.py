"""Schemathesis against the reference served on loopback, through the committed OpenAPI document.

Each operation is called with the credential of a caller the authorization matrix lets through (so
the fuzzer reaches the rules, not just the 401), and the envelope's sender is that actor. The
credential is supplied, never generated, so a negative case is negative in what is really sent. Valid
and invalid bodies, path and query values are generated from the document; no answer may be a 5xx,
and every answer must match the schema, status and content type documented for it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import httpx
import pytest
import requests
import schemathesis
from conftest import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from matrix import ADMIN, NONE, ROOT, endpoint, first_allowed, read_matrix
from nmf_world import ADMIN_TOKEN, T0
from schemathesis import GenerationMode

from conformance.targets import serve_in_thread
from reference_impl.app import create_app

OPENAPI = ROOT / "schemas" / "nmf.openapi.json"
EXAMPLES_PER_OPERATION = 40
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
]


@dataclass(frozen=True)
class Served:
    """The reference on a loopback port, and one actor (id, token) per role."""

    base_url: str
    actors: dict[str, tuple[str, str]]

    def credential(self, caller: str) -> tuple[str | None, str | None]:
        """(actor id, bearer token) of a matrix caller."""
        if caller == ADMIN:
            return None, ADMIN_TOKEN
        if caller == NONE:
            return None, None
        return self.actors[caller]


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    app = create_app(admin_token=ADMIN_TOKEN)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    roles = sorted({caller for row in read_matrix().values() for caller in row} - {NONE, ADMIN})
    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url, headers=admin) as client:
        clock = client.post("/admin/test-clocks", json={"now": T0}).json()["testClockId"]
        actors: dict[str, tuple[str, str]] = {}
        for role in roles:
            actor = client.post("/admin/actors", json={"name": role, "role": role, "testClockId": clock}).json()
            actors[role] = (actor["actorId"], actor["token"])
        yield Served(base_url, actors)
    app.state.database.close()


def _instants() -> st.SearchStrategy[str]:
    """date-time values in the documented range, half of them Settlement Period boundaries.

    Schemathesis tries a format's own generator before the pattern: without this one, nearly every
    instant it draws breaks the pattern and the pattern's own draws are rarely calendar dates.
    """
    moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2999, 12, 31, 23, 59, 59))
    boundaries = moments.map(lambda m: m.replace(minute=m.minute // 30 * 30, second=0))
    return st.one_of(moments, boundaries).map(lambda m: m.strftime("%Y-%m-%dT%H:%M:%SZ"))


schemathesis.openapi.format("date-time", _instants())


SCHEMA = schemathesis.openapi.from_path(str(OPENAPI))
OPERATIONS = {f"{op.method.upper()} {op.path}": op for op in (result.ok() for result in SCHEMA.get_all_operations())}
MATRIX = read_matrix()


# Negative mode needs something to make invalid: a body or a parameter.
RUNS = [
    (name, mode)
    for name, operation in sorted(OPERATIONS.items())
    for mode in GenerationMode
    if mode is GenerationMode.POSITIVE
    or "requestBody" in operation.definition.raw
    or operation.definition.raw.get("parameters")
]


@pytest.mark.parametrize(("name", "mode"), RUNS, ids=[f"{name} {mode.value}" for name, mode in RUNS])
def test_no_server_error_and_no_answer_off_its_schema(name: str, mode: GenerationMode, served: Served) -> None:
    operation = OPERATIONS[name]
    actor_id, token = served.credential(first_allowed(MATRIX[endpoint(operation.method, operation.path)]))
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    session = requests.Session()

    @fuzz_settings(EXAMPLES_PER_OPERATION)
    @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
    def call(case: schemathesis.Case) -> None:
        if isinstance(case.body, dict) and actor_id is not None and "sender" in case.body:
            case.body["sender"] = actor_id
        case.call_and_validate(base_url=served.base_url, session=session, headers=headers, checks=CHECKS)

    with session:
        call()
