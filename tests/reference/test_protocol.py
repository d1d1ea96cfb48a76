"""Protocol behaviour: auth, problem documents, idempotency, clocks, notifications, persistence."""

import uuid
from pathlib import Path

import httpx
from conftest import open_client
from nmf_world import ADMIN_TOKEN, T0, World, make_mpan

from reference_impl.app import create_app


def is_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert str(body["type"]).startswith("urn:flex-conformance:problem:")
    return body


def test_health_needs_no_credential(client: httpx.Client) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_credentials(world: World) -> None:
    assert is_problem(world.client.get("/clock"), 401)
    assert is_problem(world.client.get("/clock", headers={"Authorization": "Bearer nope"}), 401)
    actor_on_admin = world.client.post(
        "/admin/actors",
        json={"name": "x", "role": "DSO"},
        headers={"Authorization": f"Bearer {world['dso'].token}"},
    )
    is_problem(actor_on_admin, 401)
    assert world.ok(world.get(world["dso"], "/clock"), 200) == {"now": T0, "testClockId": world.clock_id}


def test_each_actor_acts_for_itself(world: World) -> None:
    body = world.envelope(world["dso"], "FlexibilityRequirement", world.requirement_payload())
    impersonation = world.client.post(
        "/requirements", json=body, headers={"Authorization": f"Bearer {world['aggregator'].token}"}
    )
    assert is_problem(impersonation, 403)["rule"] == "BMR-04"
    wrong_role = world.send(world["dno"], "/requirements", "FlexibilityRequirement", world.requirement_payload())
    assert is_problem(wrong_role, 403)["rule"] == "BMR-04"
    # The ESO's role sends requirements (STOR, BMR-23); a DSO service from it is refused under BMR-06.
    eso = world.send(world["eso"], "/requirements", "FlexibilityRequirement", world.requirement_payload())
    assert is_problem(eso, 403)["rule"] == "BMR-06"


def test_client_mistakes_never_yield_5xx(world: World) -> None:
    headers = {"Authorization": f"Bearer {world['dso'].token}", "content-type": "application/json"}
    is_problem(world.client.post("/requirements", content=b"{not json", headers=headers), 400)
    is_problem(world.client.post("/requirements", content=b"\xff\xfe", headers=headers), 400)
    is_problem(world.client.post("/requirements", content=b"[]", headers=headers), 422)
    wrong_type = world.envelope(world["dso"], "FlexibilityRequirement", world.requirement_payload(capacityKw=12))
    errors = is_problem(world.client.post("/requirements", json=wrong_type, headers=headers), 422)["errors"]
    assert {"pointer": "/payload/capacityKw", "detail": "Input should be a valid string"} in errors  # type: ignore[operator]
    wrong_message = world.envelope(world["dso"], "OfferAcceptance", {"offerId": str(uuid.uuid4())})
    is_problem(world.client.post("/requirements", json=wrong_message, headers=headers), 422)
    unknown_offer = world.send(world["dso"], "/acceptances", "OfferAcceptance", {"offerId": str(uuid.uuid4())})
    is_problem(unknown_offer, 404)
    is_problem(world.get(world["dso"], f"/transactions/{uuid.uuid4()}"), 404)
    is_problem(world.get(world["dso"], "/transactions/not-a-uuid/settlement"), 404)
    is_problem(world.get(world["dso"], "/no-such-route"), 404)
    is_problem(world.client.delete("/requirements"), 405)
    is_problem(world.get(world["dso"], "/notifications?limit=0"), 400)
    is_problem(world.get(world["dso"], "/notifications?after=abc"), 400)
    bad_site = world.site_body(world.mpans[0][:-1] + str((int(world.mpans[0][-1]) + 1) % 10), "owner")
    assert is_problem(world.admin("/admin/sites", bad_site), 422)["rule"] == "BMR-02"
    assert is_problem(world.admin("/admin/sites", world.site_body(world.mpans[0], "owner")), 409)["rule"] == "BMR-02"
    wrong_owner = world.site_body(make_mpan("130000000000"), "supplier")
    is_problem(world.admin("/admin/sites", wrong_owner), 422)


def test_replay_returns_the_first_answer_and_reuse_is_refused(world: World) -> None:
    message_id = str(uuid.uuid4())
    payload = world.requirement_payload()
    first = world.send(world["dso"], "/requirements", "FlexibilityRequirement", payload, message_id)
    again = world.send(world["dso"], "/requirements", "FlexibilityRequirement", payload, message_id)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert len(world.notices(world["aggregator"], "RequirementPublished")) == 1
    changed = world.requirement_payload(capacityKw="99")
    reuse = world.send(world["dso"], "/requirements", "FlexibilityRequirement", changed, message_id)
    assert is_problem(reuse, 409)["rule"] == "BMR-05"


def test_test_clocks_only_move_forward(world: World) -> None:
    assert world.ok(world.advance("2030-01-15T12:30:00Z"), 200)["now"] == "2030-01-15T12:30:00Z"
    is_problem(world.advance("2030-01-15T12:29:59Z"), 409)
    is_problem(world.advance("2030-01-15T12:31:00.5Z"), 422)
    is_problem(world.admin(f"/admin/test-clocks/{uuid.uuid4()}/advance", {"now": T0}), 404)


def test_without_test_clocks_the_endpoints_are_absent() -> None:
    app = create_app(admin_token=ADMIN_TOKEN, test_clock=False)
    with open_client(app) as client:
        response = client.post(
            "/admin/test-clocks", json={"now": T0}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        assert response.status_code == 404
    app.state.database.close()


def test_notifications_page_with_a_cursor(world: World) -> None:
    for _ in range(3):
        world.post_requirement()
    aggregator = world["aggregator"]
    first = world.ok(world.get(aggregator, "/notifications?limit=2"), 200)
    assert len(first["items"]) == 2
    rest = world.ok(world.get(aggregator, f"/notifications?after={first['nextCursor']}"), 200)
    assert len(rest["items"]) == 1
    empty = world.ok(world.get(aggregator, f"/notifications?after={rest['nextCursor']}"), 200)
    assert empty == {"items": [], "nextCursor": rest["nextCursor"]}
    assert world.ok(world.get(world["bystander"], "/notifications"), 200) == {"items": [], "nextCursor": "0"}


def test_a_restart_on_the_same_file_loses_nothing(tmp_path: Path) -> None:
    database = str(tmp_path / "nmf.sqlite3")
    app = create_app(database=database, admin_token=ADMIN_TOKEN)
    with open_client(app) as client:
        world = World.build(client)
        tx = world.armed_transaction()
    app.state.database.close()
    restarted = create_app(database=database, admin_token=ADMIN_TOKEN)
    with open_client(restarted) as client:
        world.client = client
        again = world.ok(world.get(world["aggregator"], f"/transactions/{tx['transactionId']}"), 200)
        assert again == tx
        assert world.ok(world.get(world["dso"], "/clock"), 200)["now"] == T0
    restarted.state.database.close()
