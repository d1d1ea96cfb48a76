"""The exchange function and the NMF client hold a played NMF to the contract, and log every exchange."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any

import httpx
import jsonschema
import pytest
import respx

from conformance import exchange as exchange_module
from conformance import nmf_client as nmf_client_module
from conformance.exchange import Exchange, ExchangeLog, expect_success, send, validate_message
from conformance.failures import ConformanceFailure
from conformance.nmf_client import Actor, NmfClient, TestClockUnsupported

BASE_URL = "http://nmf.test"
DISPATCH_ID = "6f1c1b9e-0d0b-4a40-9a0c-2f6f5d1c9a11"
KW = {"type": "string", "pattern": r"^[0-9]+(\.[0-9]{1,3})?$", "x-rule": "BMR-03"}
# Small stand-ins for schemas/, so these tests pin the harness, not the evolving contract.
SCHEMAS: dict[str, dict[str, Any]] = {
    "problem.schema.json": {
        "type": "object",
        "required": ["type", "title", "status"],
        "properties": {"status": {"type": "integer"}, "title": {"type": "string"}},
    },
    "dispatch.schema.json": {
        "type": "object",
        "required": ["dispatchId", "capacityKw"],
        "properties": {"dispatchId": {"type": "string", "format": "uuid"}, "capacityKw": KW},
    },
    "dispatch-instruction.schema.json": {
        "type": "object",
        "required": ["messageType", "payload"],
        "properties": {"payload": {"type": "object", "properties": {"capacityKw": KW}}},
    },
    "volume-notice.schema.json": {
        "type": "object",
        "properties": {
            "payload": {
                "properties": {
                    "periods": {
                        "items": {"properties": {"volumeKwh": {**KW, "x-rule": "BMR-13"}}},
                    }
                }
            }
        },
    },
    "clock.schema.json": {"type": "object", "required": ["now"]},
    "notification-page.schema.json": {"type": "object", "required": ["items", "nextCursor"]},
    "test-clock-request.schema.json": {"type": "object"},
    "test-clock.schema.json": {"type": "object", "required": ["testClockId", "now"]},
}
MESSAGE_SCHEMAS = {
    "DispatchInstruction": "dispatch-instruction.schema.json",
    "VolumeNotice": "volume-notice.schema.json",
}


@pytest.fixture(autouse=True)
def standin_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    def validator_for(name: str) -> jsonschema.Draft202012Validator:
        return jsonschema.Draft202012Validator(SCHEMAS[name], format_checker=jsonschema.FormatChecker())

    def rule_for(error: jsonschema.ValidationError) -> str | None:
        return error.schema.get("x-rule") if isinstance(error.schema, dict) else None

    def schema_name_for_message_type(message_type: str) -> str:
        return MESSAGE_SCHEMAS.get(message_type, f"{message_type.lower()}.schema.json")

    for module in (exchange_module, nmf_client_module):
        for function in (validator_for, rule_for, schema_name_for_message_type):
            monkeypatch.setattr(module, function.__name__, function, raising=False)


def client_for(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler), base_url=BASE_URL)


def problem(http_status: int, **extra: Any) -> httpx.Response:
    body = {"type": "about:blank", "title": "Conflict", "status": http_status, **extra}
    return httpx.Response(http_status, json=body, headers={"content-type": "application/problem+json"})


def post_dispatch(client: httpx.Client, log: ExchangeLog, body: object | None = None, **kwargs: Any) -> Exchange:
    return send(
        client,
        log,
        actor="DSO",
        method="POST",
        path="/dispatches",
        token="dso-token",
        body=body if body is not None else {"messageType": "DispatchInstruction", "payload": {"capacityKw": "5"}},
        request_schema="dispatch-instruction.schema.json",
        response_schema="dispatch.schema.json",
        **kwargs,
    )


def test_a_good_exchange_passes_and_is_logged() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"dispatchId": DISPATCH_ID, "capacityKw": "5.5"})

    log = ExchangeLog()
    exchange = post_dispatch(client_for(handler), log)

    assert seen[0].headers["authorization"] == "Bearer dso-token"
    assert json.loads(seen[0].content)["payload"] == {"capacityKw": "5"}
    assert list(log) == [exchange]
    assert (exchange.sequence, exchange.actor, exchange.status) == (1, "DSO", 201)
    assert exchange.response_body == {"dispatchId": DISPATCH_ID, "capacityKw": "5.5"}
    assert exchange.content_type == "application/json"
    assert exchange.started_at.endswith("Z")
    assert exchange.duration_ms >= 0
    assert log.as_json()[0]["path"] == "/dispatches"


def test_a_response_breaking_its_schema_fails_naming_the_field_and_rule() -> None:
    client = client_for(lambda _: httpx.Response(201, json={"dispatchId": DISPATCH_ID, "capacityKw": "5.5555"}))

    with pytest.raises(ConformanceFailure) as failure:
        post_dispatch(client, ExchangeLog())

    assert failure.value.rule == "BMR-03"
    assert failure.value.field == "/capacityKw"
    assert str(failure.value).startswith("[BMR-03] POST /dispatches response /capacityKw: '5.5555' does not match")


def test_a_schema_part_without_a_rule_is_a_contract_failure() -> None:
    client = client_for(lambda _: httpx.Response(201, json={"dispatchId": "not-a-uuid", "capacityKw": "5"}))

    with pytest.raises(ConformanceFailure, match=r"^\[contract\] POST /dispatches response /dispatchId: "):
        post_dispatch(client, ExchangeLog())


@respx.mock(base_url=BASE_URL)
def test_a_server_error_fails_and_is_still_logged(respx_mock: respx.MockRouter) -> None:
    respx_mock.post("/dispatches").respond(503, json={"oops": True})
    log = ExchangeLog()

    with httpx.Client(base_url=BASE_URL) as client, pytest.raises(ConformanceFailure) as failure:
        post_dispatch(client, log)

    assert "answered a client request with a server error" in str(failure.value)
    assert "HTTP 503" in str(failure.value)
    assert [e.status for e in log] == [503]


@respx.mock(base_url=BASE_URL)
def test_a_client_error_without_a_problem_document_fails(respx_mock: respx.MockRouter) -> None:
    respx_mock.post("/dispatches").respond(409, json={"type": "x", "title": "Conflict", "status": 409})

    with httpx.Client(base_url=BASE_URL) as client, pytest.raises(ConformanceFailure) as failure:
        post_dispatch(client, ExchangeLog())

    assert failure.value.expected == "application/problem+json"
    assert failure.value.actual == "application/json"


@pytest.mark.parametrize(
    ("response", "field"),
    [
        (problem(409, title=7), "/title"),
        (problem(409, status=422), "/status"),
        (httpx.Response(409, content=b"<html/>", headers={"content-type": "application/problem+json"}), ""),
    ],
    ids=["title-not-a-string", "status-differs", "unreadable-body"],
)
def test_a_malformed_problem_document_fails(response: httpx.Response, field: str) -> None:
    with pytest.raises(ConformanceFailure) as failure:
        post_dispatch(client_for(lambda _: response), ExchangeLog())

    assert failure.value.field == field


def test_a_client_error_with_a_problem_document_is_an_answer_not_a_failure() -> None:
    exchange = post_dispatch(client_for(lambda _: problem(409, rule="BMR-11")), ExchangeLog())

    assert exchange.status == 409
    assert exchange.response_body["rule"] == "BMR-11"


def test_an_invalid_request_fails_before_it_is_sent_unless_validation_is_off() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return problem(422)

    client, log = client_for(handler), ExchangeLog()
    bad = {"messageType": "DispatchInstruction", "payload": {"capacityKw": "lots"}}

    with pytest.raises(ConformanceFailure, match=r"^\[BMR-03\] DispatchInstruction \(POST /dispatches\) request"):
        post_dispatch(client, log, bad)
    assert (sent, len(log)) == ([], 0)

    assert post_dispatch(client, log, bad, validate_request=False).status == 422
    assert len(sent) == 1


@respx.mock(base_url=BASE_URL)
def test_no_answer_is_a_logged_failure(respx_mock: respx.MockRouter) -> None:
    respx_mock.post("/dispatches").mock(side_effect=httpx.ConnectError("refused"))
    log = ExchangeLog()

    with httpx.Client(base_url=BASE_URL) as client, pytest.raises(ConformanceFailure, match="gave no answer"):
        post_dispatch(client, log)
    assert [e.status for e in log] == [0]


def test_tolerated_statuses_are_returned_unchecked() -> None:
    client = client_for(lambda _: httpx.Response(501, text="no"))

    assert post_dispatch(client, ExchangeLog(), tolerate={501}).status == 501


def test_a_notice_is_validated_against_the_schema_of_its_message_type() -> None:
    notice = {"messageType": "VolumeNotice", "payload": {"periods": [{"volumeKwh": "20.0000"}]}}

    with pytest.raises(ConformanceFailure) as failure:
        validate_message(notice, context="inbox of the supplier")

    assert str(failure.value).startswith("[BMR-13] VolumeNotice /payload/periods/0/volumeKwh: ")
    assert "inbox of the supplier" in str(failure.value)
    validate_message({**notice, "payload": {"periods": [{"volumeKwh": "20.000"}]}}, context="inbox")


@pytest.mark.parametrize("notice", [{"messageType": "Gossip"}, {"payload": {}}, []])
def test_a_notice_of_no_known_type_fails(notice: object) -> None:
    with pytest.raises(ConformanceFailure) as failure:
        validate_message(notice, context="inbox of the DSO")

    assert failure.value.field == "/messageType"


def test_expect_success_quotes_the_problem_document() -> None:
    exchange = post_dispatch(
        client_for(lambda _: problem(409, detail="too late", rule="BMR-11", errors=[{"pointer": "/p", "detail": "x"}])),
        ExchangeLog(),
    )

    with pytest.raises(ConformanceFailure) as failure:
        expect_success(exchange, 201)

    text = str(failure.value)
    assert text.startswith("DispatchInstruction (POST /dispatches): expected 201, got 409 (the NMF refused it: ")
    assert all(part in text for part in ("409 Conflict", "too late", "rule BMR-11", "/p: x"))


def test_a_failure_renders_on_one_line_and_survives_pickling() -> None:
    failure = ConformanceFailure(
        rule="BMR-13",
        message="VolumeNotice",
        field="/payload/periods/0/volumeKwh",
        detail="volume of the dispatched MPAN",
        expected="25.000",
        actual="20.000",
    )
    expected = (
        "[BMR-13] VolumeNotice /payload/periods/0/volumeKwh: expected '25.000', got '20.000' "
        "(volume of the dispatched MPAN)"
    )

    assert str(failure) == expected
    assert isinstance(failure, AssertionError)
    assert str(pickle.loads(pickle.dumps(failure))) == expected  # noqa: S301 - our own bytes (xdist does this)


def test_the_log_never_carries_a_token() -> None:
    client = client_for(lambda _: httpx.Response(201, json={"actorId": "a", "token": "secret"}))
    log = ExchangeLog()
    send(client, log, actor="admin", method="POST", path="/admin/actors", token="t", body={},
         request_schema=None, response_schema=None)  # fmt: skip

    assert log.exchanges[0].response_body["token"] == "secret"  # the harness needs it
    assert "secret" not in json.dumps(log.as_json())  # the report must not show it


# -- the NMF client -------------------------------------------------------------------------------

DSO = Actor(label="the DSO", actor_id="dso-1", role="DSO", token="dso-token")


def test_a_market_message_is_enveloped_with_the_nmf_clock_and_routed() -> None:
    posted: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/clock":
            return httpx.Response(200, json={"now": "2030-01-15T16:40:00Z", "testClockId": "c"})
        posted.append({"path": request.url.path, **json.loads(request.content)})
        return httpx.Response(201, json={"dispatchId": DISPATCH_ID, "capacityKw": "5"})

    nmf = NmfClient(client_for(handler), "admin-token", ExchangeLog())
    exchange = nmf.send(DSO, "DispatchInstruction", {"capacityKw": "5"}, correlation_id="tx-1")

    assert exchange.status == 201
    [message] = posted
    assert message["path"] == "/dispatches"
    assert message["createdAt"] == "2030-01-15T16:40:00Z"
    assert (message["sender"], message["recipient"], message["correlationId"]) == ("dso-1", "NMF", "tx-1")
    assert [e.path for e in nmf.log] == ["/clock", "/dispatches"]


def test_the_inbox_is_read_page_by_page_and_each_notice_validated() -> None:
    pages = {
        None: {"items": [notice(1), notice(2)], "nextCursor": "c2"},
        "c2": {"items": [notice(3)], "nextCursor": "c3"},
        "c3": {"items": [], "nextCursor": "c3"},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["limit"] == "100"
        return httpx.Response(200, json=pages[request.url.params.get("after")])

    nmf = NmfClient(client_for(handler), "admin-token", ExchangeLog())

    assert [n["payload"]["n"] for n in nmf.notifications(DSO)] == [1, 2, 3]
    assert len(nmf.log) == 3


def test_a_notice_addressed_to_someone_else_fails() -> None:
    page = {"items": [{**notice(1), "recipient": "eso-1"}], "nextCursor": "c1"}
    nmf = NmfClient(client_for(lambda _: httpx.Response(200, json=page)), "admin-token", ExchangeLog())

    with pytest.raises(ConformanceFailure, match=r"^\[BMR-15\] VolumeNotice /recipient: expected 'dso-1'"):
        nmf.notifications(DSO)


@pytest.mark.parametrize("status", [404, 405, 501])
def test_an_nmf_without_a_test_clock_is_reported_as_such(status: int) -> None:
    nmf = NmfClient(client_for(lambda _: httpx.Response(status, text="nope")), "admin-token", ExchangeLog())

    with pytest.raises(TestClockUnsupported, match="not tested: the NMF offers no test clock"):
        nmf.create_test_clock("2030-01-15T16:00:00Z")


def notice(n: int) -> dict[str, Any]:
    return {"messageType": "VolumeNotice", "recipient": "dso-1", "payload": {"n": n, "periods": []}}
