"""Hostile input: each defect found by probing the reference NMF, refused as a problem document, never a 5xx."""

import json
import socket
import stat
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from conftest import open_client
from nmf_world import ADMIN_TOKEN, T0, World
from starlette.applications import Starlette
from test_protocol import is_problem

from conformance.targets import serve_in_thread
from reference_impl import settlement_periods
from reference_impl.app import create_app
from reference_impl.instants import format_instant
from reference_impl.money import parse_quantity
from reference_impl.problems import ProblemError
from reference_impl.web import reads
from reference_impl.web.bodies import MAX_BODY_BYTES, MAX_NESTING


def post_raw(world: World, path: str, body: bytes, **headers: str) -> httpx.Response:
    sent = {"Authorization": f"Bearer {world['dso'].token}", "content-type": "application/json", **headers}
    return world.client.post(path, content=body, headers=sent)


# Bounded bodies: refused from Content-Length before anything is read or authenticated, and while streaming.


def test_an_oversized_body_is_refused_unread_and_before_authentication(app: Starlette) -> None:
    received: list[object] = []

    async def receive() -> dict[str, object]:
        received.append("read")
        return {"type": "http.request", "body": b"{}", "more_body": False}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/requirements",
        "raw_path": b"/requirements",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(MAX_BODY_BYTES + 1).encode())],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    anyio.run(app, scope, receive, send)
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["type"] == "urn:flex-conformance:problem:payload-too-large"
    assert received == []


def test_a_streamed_body_is_cut_off_at_the_limit(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(4):
            yield b" " * (MAX_BODY_BYTES // 2)

    response = client.post("/requirements", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    is_problem(response, 413)


def test_a_body_at_the_limit_is_read(world: World) -> None:
    body = json.dumps(world.envelope(world["dso"], "FlexibilityRequirement", world.requirement_payload())).encode()
    padded = body + b" " * (MAX_BODY_BYTES - len(body))
    assert world.ok(post_raw(world, "/requirements", padded), 201)["capacityKw"] == "100"


# Only JSON, readable and sane.


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_that_is_not_sent_as_json_is_refused(world: World, content_type: str | None) -> None:
    body = json.dumps(world.envelope(world["dso"], "FlexibilityRequirement", world.requirement_payload()))
    headers = {"Authorization": f"Bearer {world['dso'].token}"}
    if content_type is not None:
        headers["content-type"] = content_type
    response = world.client.post("/requirements", content=body.encode(), headers=headers)
    assert is_problem(response, 415)["type"] == "urn:flex-conformance:problem:unsupported-media-type"
    assert world.notices(world["aggregator"], "RequirementPublished") == []


def test_json_with_a_charset_parameter_is_json(world: World) -> None:
    body = json.dumps(world.envelope(world["dso"], "FlexibilityRequirement", world.requirement_payload())).encode()
    world.ok(post_raw(world, "/requirements", body, **{"content-type": "application/json; charset=utf-8"}), 201)


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 1000, 100_000])
def test_deep_nesting_is_refused_as_unreadable(world: World, depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    assert "nested deeper" in str(is_problem(post_raw(world, "/requirements", body), 400)["detail"])


def test_brackets_inside_strings_are_not_nesting(world: World) -> None:
    payload = world.requirement_payload(criticalAsset="[" * 100)
    body = json.dumps(world.envelope(world["dso"], "FlexibilityRequirement", payload)).encode()
    assert is_problem(post_raw(world, "/requirements", body), 422)["errors"] != []


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_not_json(world: World, constant: str) -> None:
    is_problem(post_raw(world, "/requirements", f'{{"messageId": {constant}}}'.encode()), 400)


def test_a_lone_surrogate_is_refused(world: World) -> None:
    body = json.dumps(
        world.zone_body("Zone B", ["\ud800"])
    ).encode()  # ensure_ascii writes the lone surrogate as the escape \ud800
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}", "content-type": "application/json"}
    assert "surrogate" in str(is_problem(world.client.post("/admin/zones", content=body, headers=headers), 400))


# Instants in 2000-2999, always four-digit years; period counts by arithmetic.


def test_instants_outside_the_years_2000_to_2999_are_invalid(world: World) -> None:
    window = {"start": "2030-01-15T17:00:00Z", "end": "9999-12-31T23:30:00Z"}
    errors = is_problem(
        world.send(world["dso"], "/requirements", "FlexibilityRequirement", world.requirement_payload(window=window)),
        422,
    )["errors"]
    assert [e["pointer"] for e in errors] == ["/payload/window/end"]  # type: ignore[index,union-attr]
    is_problem(world.admin("/admin/test-clocks", {"now": "0022-07-02T04:55:52Z"}), 422)
    is_problem(world.admin("/admin/test-clocks", {"now": "1999-12-31T23:59:59Z"}), 422)
    last = world.meter(world.mpans[0], [("9999-12-31T23:30:00Z", "1", "0")])
    assert is_problem(last, 422)["rule"] == "BMR-01"


def test_the_range_ends_are_accepted(world: World) -> None:
    assert world.ok(world.admin("/admin/test-clocks", {"now": "2000-01-01T00:00:00Z"}), 201)["now"] == (
        "2000-01-01T00:00:00Z"
    )
    assert world.ok(world.admin("/admin/test-clocks", {"now": "2999-12-31T23:59:59Z"}), 201)["now"] == (
        "2999-12-31T23:59:59Z"
    )


def test_instants_are_written_with_four_digit_years() -> None:
    assert format_instant(datetime(22, 7, 2, 4, 55, 52, tzinfo=UTC)) == "0022-07-02T04:55:52Z"
    assert format_instant(datetime(2030, 1, 15, 17, tzinfo=UTC)) == "2030-01-15T17:00:00Z"


def test_the_48_period_limit_is_checked_without_listing_the_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    def listing(*_: object) -> list[datetime]:
        raise AssertionError("periods() was called to count a window")

    monkeypatch.setattr(settlement_periods, "periods", listing)
    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2999, 12, 31, 23, 30, tzinfo=UTC)
    with pytest.raises(ProblemError) as too_long:
        settlement_periods.require_window(start, end, "/window")
    assert (too_long.value.status, too_long.value.rule) == (422, "BMR-01")
    assert settlement_periods.period_count(start, end) == (end - start) // timedelta(minutes=30)
    assert settlement_periods.period_count(start, start + timedelta(minutes=31)) == 2


# Decimal strings bounded in digits before any arithmetic.


@pytest.mark.parametrize("capacity", ["1000000000", "1" * 5000, "\uff11\uff12"])  # full-width: Unicode digits
def test_quantities_past_nine_integer_digits_are_invalid(world: World, capacity: str) -> None:
    response = world.send(
        world["dso"], "/requirements", "FlexibilityRequirement", world.requirement_payload(capacityKw=capacity)
    )
    assert is_problem(response, 422)["rule"] == "BMR-03"
    with pytest.raises(ProblemError):
        parse_quantity(capacity, "/capacityKw")


def test_nine_integer_digits_are_accepted(world: World) -> None:
    requirement = world.post_requirement(capacityKw="999999999.999")
    assert requirement["capacityKw"] == "999999999.999"


# correlationId is the thread's id on every message that carries one (docs/api.md).


def test_an_acceptance_names_the_requirement_of_its_offer(world: World) -> None:
    requirement = world.post_requirement()
    offer = world.post_offer(requirement)
    payload = {"offerId": offer["offerId"]}
    wrong = world.send(world["dso"], "/acceptances", "OfferAcceptance", payload, correlation_id=str(uuid.uuid4()))
    assert [e["pointer"] for e in is_problem(wrong, 422)["errors"]] == ["/correlationId"]  # type: ignore[index,union-attr]
    assert world.notices(world["aggregator"], "OfferAccepted") == []
    right = world.send(
        world["dso"], "/acceptances", "OfferAcceptance", payload, correlation_id=requirement["requirementId"]
    )
    world.ok(right, 201)


def test_an_overrule_names_the_transaction_of_its_dispatch(world: World) -> None:
    tx = world.armed_transaction()
    dispatch = world.ok(world.dispatch(tx, "2030-01-15T17:00:00Z", "2030-01-15T17:30:00Z", "50"), 201)
    payload = {"dispatchId": dispatch["dispatchId"], "reason": "System shortfall."}
    wrong = world.send(world["eso"], "/overrules", "DispatchOverrule", payload, correlation_id=str(uuid.uuid4()))
    assert [e["pointer"] for e in is_problem(wrong, 422)["errors"]] == ["/correlationId"]  # type: ignore[index,union-attr]
    right = world.send(world["eso"], "/overrules", "DispatchOverrule", payload, correlation_id=tx["transactionId"])
    assert world.ok(right, 200)["status"] == "OVERRULED"


# A defect answers 500 and the connection stays open for the next request.


def _exchange(sock: socket.socket, request: bytes) -> bytes:
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def test_a_500_keeps_the_keep_alive_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def defect(_: datetime) -> str:
        raise RuntimeError("a defect")

    app = create_app(admin_token=ADMIN_TOKEN)
    with open_client(app) as client:
        world = World.build(client)
    token = world["dso"].token
    monkeypatch.setattr(reads, "format_instant", defect)
    with serve_in_thread(app) as base_url:
        host, port = base_url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            get = f"GET /clock HTTP/1.1\r\nHost: nmf\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
            first = _exchange(sock, get)
            assert first.startswith(b"HTTP/1.1 500"), first[:200]
            assert b"application/problem+json" in first
            second = _exchange(sock, b"GET /health HTTP/1.1\r\nHost: nmf\r\n\r\n")
            assert second.startswith(b"HTTP/1.1 200"), second[:200]
    app.state.database.close()


# Database files are private.


def test_the_database_file_is_created_private(tmp_path: Path) -> None:
    database = tmp_path / "nmf.sqlite3"
    app = create_app(database=str(database), admin_token=ADMIN_TOKEN)
    with open_client(app) as client:
        World.build(client)
    app.state.database.close()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_notifications_read_only_their_own_query_parameters(world: World) -> None:
    assert "unknown query parameter" in str(is_problem(world.get(world["dso"], "/notifications?offset=5"), 400))
    world.ok(world.get(world["dso"], "/notifications?after=0&limit=500"), 200)


def test_a_wrong_media_type_is_refused_before_the_credential_is_looked_at(client: httpx.Client) -> None:
    is_problem(client.post("/requirements", content=b"{}", headers={"content-type": "text/plain"}), 415)


@pytest.mark.parametrize(
    ("path", "pointer", "make"),
    [
        ("/offers", "/payload/sites", lambda w, req: {**w.offer_payload(req), "sites": [{}] * 201}),
        (
            "/offers",
            "/payload/sites/0/baseline",
            lambda w, req: _with_baseline(w.offer_payload(req), 49),
        ),
        (
            "/meter-readings",
            "/payload/readings",
            lambda w, _: {
                "mpan": w.mpans[0],
                "readings": [{"periodStart": T0, "importKwh": "1", "exportKwh": "0"}] * 1489,
            },
        ),
    ],
)
def test_lists_past_their_bound_are_invalid(world: World, path: str, pointer: str, make: Any) -> None:
    requirement = world.post_requirement()
    sender = world["aggregator"] if path == "/offers" else world["dcc"]
    message_type = "FlexibilityOffer" if path == "/offers" else "MeterReadings"
    response = world.send(sender, path, message_type, make(world, requirement))
    pointers = [e["pointer"] for e in is_problem(response, 422)["errors"]]  # type: ignore[union-attr]
    assert pointer in pointers


def _with_baseline(payload: dict[str, Any], count: int) -> dict[str, Any]:
    site = payload["sites"][0]
    baseline = [{**site["baseline"][0]} for _ in range(count)]
    return {**payload, "sites": [{**site, "baseline": baseline}, *payload["sites"][1:]]}


def test_a_zone_names_at_most_100_critical_assets_of_at_most_200_characters(world: World) -> None:
    too_many = world.admin("/admin/zones", world.zone_body("Z", [f"T{i}" for i in range(101)]))
    assert [e["pointer"] for e in is_problem(too_many, 422)["errors"]] == ["/criticalAssets"]  # type: ignore[union-attr]
    too_long = world.admin("/admin/zones", world.zone_body("Z", ["T" * 201]))
    assert [e["pointer"] for e in is_problem(too_long, 422)["errors"]] == ["/criticalAssets/0"]  # type: ignore[union-attr]
    world.ok(world.admin("/admin/zones", world.zone_body("Z", [f"T{i}" for i in range(100)])), 201)
