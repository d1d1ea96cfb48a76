"""The whole lifecycle through the API, with the figures worked by hand."""

from nmf_world import World


def test_lifecycle_settles_with_hand_worked_figures(world: World) -> None:
    tx = world.armed_transaction()
    assert tx["status"] == "ARMED"
    dispatch = world.ok(world.dispatch(tx, "2030-01-15T17:00:00Z", "2030-01-15T18:00:00Z", "100"), 201)
    assert dispatch["status"] == "INSTRUCTED"
    world.ok(world.advance("2030-01-15T18:00:00Z"), 200)
    a, b = world.mpans
    world.ok(world.meter(a, [("2030-01-15T17:00:00Z", "10", "0"), ("2030-01-15T17:30:00Z", "10", "0")]), 201)
    world.ok(world.meter(b, [("2030-01-15T17:00:00Z", "7.5", "0"), ("2030-01-15T17:30:00Z", "8", "0")]), 201)
    settlement = world.ok(world.get(world["dso"], f"/transactions/{tx['transactionId']}/settlement"), 200)
    assert settlement["availabilityGbp"] == "1.00"
    assert settlement["utilisationGbp"] == "28.35"
    assert settlement["penaltyGbp"] == "0.90"
    assert settlement["netGbp"] == "28.45"
