"""The market actor positions of UC7 and UC8, each made observable at the NMF across a scenario's actions."""

from collections.abc import Callable
from decimal import Decimal

from conformance.checks import expect_count, expect_equal
from conformance.exchange import expect_success
from conformance.failures import ConformanceFailure
from conformance.refusals import check_not_visible
from conformance.world.inspection import inbox, of_type
from conformance.world.labels import NMF_LABEL, canonical_label
from conformance.world.market import Json
from conformance.world.portfolio import PortfolioWorld, payments, read_action, recorded

PortfolioPosition = Callable[[PortfolioWorld, str], None]


def _action_ids(world: PortfolioWorld) -> set[str]:
    return {action["actionId"] for action in world.actions.values()}


def _mpans_of(world: PortfolioWorld, label: str, role: str) -> set[str]:
    """The MPANs of the scenario's sites where the actor holds a role (owner, supplier, brp)."""
    return {site.mpan for site in world.market.sites.values() if getattr(site, role) == canonical_label(label)}


def _action_mpans(world: PortfolioWorld, label: str) -> set[str]:
    return {site["mpan"] for site in world.action(label)["sites"]}


def check_not_involved(world: PortfolioWorld, label: str) -> None:
    """Told nothing about any action, and may not read one."""
    told = [n["messageType"] for n in inbox(world.market, label) if n.get("correlationId") in _action_ids(world)]
    expect_equal(
        told,
        [],
        rule="BMR-15",
        message="notices",
        field="/correlationId",
        detail=f"notices about portfolio actions sent to the {label}",
    )
    for action in world.actions:
        check_not_visible(read_action(world, action, label), reader=label)


def check_devolved_imbalance(world: PortfolioWorld, label: str) -> None:
    """One VolumeNotice per action and site it supplies or balances, in the action's direction, and no other."""
    holder = "supplier" if canonical_label(label) == "Electricity Supplier" else "brp"
    served = _mpans_of(world, label, holder)
    notices = [
        n for n in of_type(inbox(world.market, label), "VolumeNotice") if n["correlationId"] in _action_ids(world)
    ]
    expected = 0
    for action_label, action in world.actions.items():
        for mpan in sorted(served & _action_mpans(world, action_label)):
            mine = [n for n in notices if n["correlationId"] == action["actionId"] and n["payload"]["mpan"] == mpan]
            expect_count(
                mine,
                1,
                rule="BMR-42",
                message="VolumeNotice",
                counted=f"notices of action {action_label} for MPAN {mpan} to the {label}",
            )
            expect_equal(
                mine[0]["payload"].get("direction"),
                action["direction"],
                rule="BMR-42",
                message="VolumeNotice",
                field="/payload/direction",
                detail=f"the direction told to the {label}",
            )
            expected += 1
    expect_count(
        notices,
        expected,
        rule="BMR-42",
        message="VolumeNotice",
        counted=f"volume notices of portfolio actions to the {label}",
    )


def check_paid_seller(world: PortfolioWorld, label: str) -> None:
    """Told of each action that schedules its sites, with its sites only, and paid for them; cannot read the action."""
    owned = _mpans_of(world, label, "owner")
    actor_id = world.market.actor(label).actor_id
    scheduled = 0
    for action_label in world.actions:
        mine = owned & _action_mpans(world, action_label)
        told = {s["mpan"] for n in _reported(world, label, action_label) for s in n["payload"]["sites"]}
        expect_equal(
            sorted(told),
            sorted(mine),
            rule="BMR-42",
            message="PortfolioActionReported",
            field="/payload/sites",
            detail=f"sites of action {action_label} told to the {label}",
        )
        if not mine:
            continue
        scheduled += 1
        check_not_visible(read_action(world, action_label, label), reader=label)
        statement = expect_success(payments(world, action_label), 200)
        for line in statement["lines"]:
            if line["mpan"] in mine and (line["sellerId"] != actor_id or Decimal(line["paymentGbp"]) <= 0):
                raise ConformanceFailure(
                    rule="BMR-44",
                    message="portfolio payments",
                    field="/lines",
                    detail=f"site {line['mpan']} of the {label} is not paid to it",
                    actual=line,
                )
    if scheduled == 0:
        msg = f"the {label} owns no site in any portfolio action of this scenario"
        raise ValueError(msg)


def _reported(world: PortfolioWorld, label: str, action_label: str) -> list[Json]:
    action_id = world.action(action_label)["actionId"]
    return [
        n for n in of_type(inbox(world.market, label), "PortfolioActionReported") if n["correlationId"] == action_id
    ]


def check_meter_data_provider(world: PortfolioWorld, label: str) -> None:
    """Its readings let the NMF pay every action's sellers; it was told nothing."""
    for action_label in world.actions:
        expect_success(payments(world, action_label), 200)
    check_not_involved(world, label)


def check_zone_observer(world: PortfolioWorld, label: str) -> None:
    """One notice per action and zone touched, and nothing else (a departure: the report leaves it out)."""
    for action_label in world.actions:
        zones = {site.zone for site in world.market.sites.values() if site.mpan in _action_mpans(world, action_label)}
        told = _reported(world, label, action_label)
        expect_count(
            told,
            len(zones),
            rule="BMR-41",
            message="PortfolioActionReported",
            counted=f"notices of action {action_label} (zones {sorted(zones)}) to the {label}",
        )
        check_not_visible(read_action(world, action_label, label), reader=label)
    others = [n["messageType"] for n in inbox(world.market, label) if n["messageType"] != "PortfolioActionReported"]
    expect_equal(
        others, [], rule="BMR-15", message="notices", field="/messageType", detail=f"other notices to the {label}"
    )


def check_optimiser(world: PortfolioWorld, label: str) -> None:
    """Every action is its own, and moves its position by exactly the action's change in each period."""
    actor_id = world.market.actor(label).actor_id
    for action_label in world.actions:
        action = recorded(world, action_label)
        expect_equal(
            action["traderId"],
            actor_id,
            rule="BMR-38",
            message="portfolio action",
            field="/traderId",
            detail=f"the trader of action {action_label}",
        )
        sign = Decimal(1) if action["direction"] == "REDUCE_DEMAND" else Decimal(-1)
        change = sign * sum(Decimal(s["capacityKw"]) for s in action["sites"]) / 2
        for index, period in enumerate(action["periods"]):
            moved = Decimal(period["positionAfterKwh"]) - Decimal(period["positionBeforeKwh"])
            expect_equal(
                (Decimal(period["changeKwh"]), moved),
                (change, change),
                rule="BMR-43",
                message="portfolio action",
                field=f"/periods/{index}",
                detail=f"the change to the {label}'s position in {period['periodStart']}",
            )
    told = [n["messageType"] for n in inbox(world.market, label) if n.get("correlationId") in _action_ids(world)]
    expect_equal(
        told,
        [],
        rule="BMR-42",
        message="notices",
        field="/correlationId",
        detail=f"notices of its own actions sent back to the {label}",
    )


def check_recorder(world: PortfolioWorld, label: str) -> None:
    """The NMF kept every action it acknowledged exactly as it answered it."""
    del label
    for action_label, answered in world.actions.items():
        expect_equal(
            recorded(world, action_label),
            answered,
            rule="BMR-38",
            message="portfolio action",
            field="",
            detail=f"action {action_label} as read back",
        )


_POSITIONS: dict[str, PortfolioPosition] = {
    "not involved": check_not_involved,
    "imbalance devolved to the trader": check_devolved_imbalance,
    "seller scheduled and paid": check_paid_seller,
    "meter data provider": check_meter_data_provider,
    "told of actions in its zones": check_zone_observer,
    "optimiser of its own position": check_optimiser,
    "recorder of every action": check_recorder,
}


def check_portfolio_position(world: PortfolioWorld, label: str, position: str) -> None:
    """Check one row of a UC7/UC8 positions table."""
    if position not in _POSITIONS:
        msg = f"no check is defined for position {position!r}; known: {', '.join(_POSITIONS)}"
        raise ValueError(msg)
    if canonical_label(label) != NMF_LABEL:
        world.market.actor(label)
    _POSITIONS[position](world, label)
