"""Market rules through the API: notices, stacking and lapse, dispatch limits, overrule, unwind."""

import httpx
from nmf_world import DEADLINE, World

S1, S2, END = "2030-01-15T17:00:00Z", "2030-01-15T17:30:00Z", "2030-01-15T18:00:00Z"


def problem(world: World, response: object, status: int, rule: str | None) -> None:
    assert isinstance(response, httpx.Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().get("rule") == rule


def test_requirement_is_published_to_sellers_not_owners_of_aggregated_sites(world: World) -> None:
    requirement = world.post_requirement()
    published = world.notices(world["aggregator"], "RequirementPublished")
    assert [n["payload"]["requirement"]["requirementId"] for n in published] == [requirement["requirementId"]]
    assert published[0]["sender"] == "NMF"
    assert published[0]["correlationId"] == requirement["requirementId"]
    assert world.notices(world["owner"]) == []
    assert world.get(world["owner"], f"/requirements/{requirement['requirementId']}").status_code == 200
    assert world.get(world["bystander"], f"/requirements/{requirement['requirementId']}").status_code == 404


def test_requirement_rules(world: World) -> None:
    dso = world["dso"]
    too_late = world.requirement_payload(armingDeadline="2030-01-15T16:50:00Z")
    problem(world, world.send(dso, "/requirements", "FlexibilityRequirement", too_late), 422, "BMR-06")
    peak = world.requirement_payload(service="PEAK_MANAGEMENT", armingDeadline="2030-01-15T15:30:00Z")
    problem(world, world.send(dso, "/requirements", "FlexibilityRequirement", peak), 422, "BMR-06")
    pricey = world.requirement_payload(
        priceCeiling={"utilisationGbpPerMwh": "500.01", "availabilityGbpPerMwPerH": "1.00"}
    )
    problem(world, world.send(dso, "/requirements", "FlexibilityRequirement", pricey), 422, "BMR-06")
    misaligned = world.requirement_payload(window={"start": "2030-01-15T17:15:00Z", "end": END})
    response = world.send(dso, "/requirements", "FlexibilityRequirement", misaligned)
    problem(world, response, 422, "BMR-01")
    assert response.json()["errors"][0]["pointer"] == "/payload/window/start"
    past = world.requirement_payload(
        window={"start": "2030-01-15T11:00:00Z", "end": END}, armingDeadline="2030-01-15T10:00:00Z"
    )
    problem(world, world.send(dso, "/requirements", "FlexibilityRequirement", past), 409, "BMR-06")
    foreign = world.register("other-dso", "DSO")
    payload = world.requirement_payload()
    problem(world, world.send(foreign, "/requirements", "FlexibilityRequirement", payload), 403, "BMR-06")


def test_acceptance_notifies_seller_eso_and_dno_and_nobody_else(world: World) -> None:
    requirement = world.post_requirement()
    offer = world.post_offer(requirement)
    assert world.notices(world["dso"], "OfferReceived")[0]["payload"]["offer"]["offeredKw"] == "100"
    tx = world.ok(world.accept(offer), 201)
    assert tx["status"] == "ACCEPTED"
    assert tx["acceptedKw"] == "100"
    assert world.notices(world["aggregator"], "OfferAccepted")[0]["correlationId"] == tx["transactionId"]
    for operator in ("eso", "dno"):
        (visibility,) = world.notices(world[operator], "VisibilityNotice")
        assert visibility["payload"]["event"] == "ACCEPTED"
    for uninvolved in ("supplier", "brp", "trader", "dcc", "bystander", "owner"):
        assert world.notices(world[uninvolved]) == []
    problem(world, world.accept(offer), 409, "BMR-08")
    assert world.get(world["eso"], f"/transactions/{tx['transactionId']}").status_code == 404


def test_stacking_conflicts_until_the_first_commitment_lapses(world: World) -> None:
    first = world.ok(world.accept(world.post_offer(world.post_requirement())), 201)
    second_requirement = world.post_requirement(
        window={"start": S2, "end": "2030-01-15T18:30:00Z"}, armingDeadline="2030-01-15T17:00:00Z"
    )
    second_offer = world.post_offer(second_requirement)
    problem(world, world.accept(second_offer), 409, "BMR-10")
    world.ok(world.advance(DEADLINE), 200)
    assert world.ok(world.get(world["dso"], f"/transactions/{first['transactionId']}"), 200)["status"] == "LAPSED"
    problem(world, world.arm(first), 409, "BMR-09")
    assert world.ok(world.accept(second_offer), 201)["status"] == "ACCEPTED"


def test_dispatch_sends_volume_notices_and_overrule_cancels_them(world: World) -> None:
    tx = world.armed_transaction()
    problem(world, world.dispatch(tx, S1, END, "100.001"), 422, "BMR-11")
    world.ok(world.advance("2030-01-15T16:30:00Z"), 200)
    dispatch = world.ok(world.dispatch(tx, S1, S2, "50"), 201)
    problem(world, world.dispatch(tx, S1, END, "10"), 409, "BMR-11")
    volumes = world.notices(world["supplier"], "VolumeNotice")
    assert sorted(v["payload"]["periods"][0]["volumeKwh"] for v in volumes) == ["10.000", "15.000"]
    assert volumes[0]["payload"]["periods"][0]["afterGateClosure"] is True
    assert len(world.notices(world["trader"], "VolumeNotice")) == 1  # only the first site has a trader
    for actor, rule in (("dso", "BMR-16"), ("dno", "BMR-04")):  # the buyer itself; a role that never overrules
        response = world.send(
            world[actor],
            "/overrules",
            "DispatchOverrule",
            {"dispatchId": dispatch["dispatchId"], "reason": "x"},
            correlation_id=tx["transactionId"],
        )
        problem(world, response, 403, rule)
    overrule = {"dispatchId": dispatch["dispatchId"], "reason": "system balance"}
    overruled = world.ok(
        world.send(world["eso"], "/overrules", "DispatchOverrule", overrule, correlation_id=tx["transactionId"]),
        200,
    )
    assert overruled["status"] == "OVERRULED"
    assert overruled["overruleReason"] == "system balance"
    cancelled = world.notices(world["brp"], "VolumeNotice")
    assert [v["payload"]["status"] for v in cancelled] == [
        "INSTRUCTED",
        "INSTRUCTED",
        "CANCELLED",
        "CANCELLED",
    ]
    assert world.notices(world["dso"], "DispatchOverruled")
    verification = world.ok(world.get(world["aggregator"], f"/transactions/{tx['transactionId']}/verification"), 200)
    assert verification["periods"] == []


def test_dispatch_needs_notice_and_respects_declared_availability(world: World) -> None:
    tx = world.armed_transaction()
    world.ok(world.advance("2030-01-15T16:50:00Z"), 200)
    problem(world, world.dispatch(tx, S1, END, "10"), 409, "BMR-11")  # starts in 10 minutes
    notice = {
        "transactionId": tx["transactionId"],
        "detectedAt": "2030-01-15T16:40:00Z",
        "from": S2,
        "to": END,
        "availableKw": "30",
        "reason": "inverter fault",
    }
    reported = world.ok(world.send(world["aggregator"], "/unavailability-notices", "UnavailabilityNotice", notice), 201)
    assert reported["prompt"] is True
    assert reported["receivedAt"] == "2030-01-15T16:50:00Z"
    assert world.notices(world["dso"], "UnavailabilityReported")
    problem(world, world.dispatch(tx, S2, END, "31"), 422, "BMR-17")
    assert world.ok(world.dispatch(tx, S2, END, "30"), 201)["capacityKw"] == "30"


def test_unwind_releases_undispatched_future_periods_with_compensation(world: World) -> None:
    tx = world.armed_transaction()
    world.ok(world.dispatch(tx, S1, S2, "100"), 201)
    unwind = {"transactionId": tx["transactionId"], "reason": "need changed"}
    unwound = world.ok(world.send(world["dso"], "/unwinds", "UnwindRequest", unwind), 200)
    assert unwound["status"] == "UNWOUND"
    assert unwound["unwoundPeriods"] == [S2]
    assert world.notices(world["aggregator"], "TransactionUnwound")
    problem(world, world.send(world["dso"], "/unwinds", "UnwindRequest", unwind), 409, "BMR-21")
    world.ok(world.advance(END), 200)
    settlement_path = f"/transactions/{tx['transactionId']}/settlement"
    problem(world, world.get(world["dso"], settlement_path), 409, "BMR-20")  # S1 awaits meter data
    a, b = world.mpans
    world.ok(world.meter(a, [(S1, "0", "0")]), 201)
    world.ok(world.meter(b, [(S1, "0", "0")]), 201)
    settlement = world.ok(world.get(world["aggregator"], settlement_path), 200)
    # availability 2 x 0.50; S1 utilisation min(65, 50)/1000 x 300 = 15.00; S2 compensation 1.50
    assert [line["compensationGbp"] for line in settlement["lines"]] == ["0.00", "1.50"]
    assert (settlement["availabilityGbp"], settlement["utilisationGbp"], settlement["netGbp"]) == (
        "1.00",
        "15.00",
        "17.50",
    )


def test_meter_readings_rules(world: World) -> None:
    a, _ = world.mpans
    problem(world, world.meter(a, [(S1, "1", "0")]), 409, "BMR-18")  # period not ended
    problem(world, world.meter(a, [("2030-01-15T10:00:00Z", "1", "0")] * 2), 422, "BMR-18")
    problem(
        world,
        world.meter(a[:-1] + str((int(a[-1]) + 1) % 10), [("2030-01-15T10:00:00Z", "1", "0")]),
        422,
        "BMR-02",
    )
    payload = {
        "mpan": a,
        "readings": [{"periodStart": "2030-01-15T10:00:00Z", "importKwh": "1", "exportKwh": "0"}],
    }
    problem(world, world.send(world["supplier"], "/meter-readings", "MeterReadings", payload), 403, "BMR-04")
    receipt = world.ok(world.meter(a, [("2030-01-15T10:00:00Z", "1", "0")]), 201)
    assert receipt == {
        "mpan": a,
        "acceptedPeriods": ["2030-01-15T10:00:00Z"],
        "receivedAt": "2030-01-15T12:00:00Z",
    }
