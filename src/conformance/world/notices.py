"""What the NMF must have told whom: volume notices to the imbalance-exposed, visibility to ESO and DNO."""

from conformance.checks import expect_amount, expect_count, expect_equal
from conformance.world.inspection import about, inbox, of_type
from conformance.world.market import Json, MarketWorld, SiteRecord

# The rule that says who gets each notice the NMF sends.
RULE_OF_NOTICE = {
    "OfferAccepted": "BMR-08",
    "ArmingConfirmed": "BMR-09",
    "DispatchInstructed": "BMR-11",
    "VolumeNotice": "BMR-13",
    "VisibilityNotice": "BMR-14",
    "DispatchOverruled": "BMR-16",
    "UnavailabilityReported": "BMR-17",
    "TransactionUnwound": "BMR-21",
}

# The capacity a VolumeNotice names, by the site field that holds the recipient.
CAPACITIES = {"supplier": "SUPPLIER", "brp": "BRP", "trader": "TRADER"}


def recipients_of(site: SiteRecord) -> dict[str, str]:
    """The actors exposed to imbalance by a dispatch of this site, by the capacity they are told in."""
    holders = {"supplier": site.supplier, "brp": site.brp, "trader": site.trader}
    return {CAPACITIES[key]: label for key, label in holders.items() if label is not None}


def volume_notices(market: MarketWorld, label: str, transaction_id: str, mpan: str, status: str) -> list[Json]:
    """The VolumeNotices an actor got for one MPAN of one transaction, with one status."""
    return [
        notice
        for notice in about(of_type(inbox(market, label), "VolumeNotice"), transaction_id)
        if notice["payload"]["mpan"] == mpan and notice["payload"]["status"] == status
    ]


def check_volumes(market: MarketWorld, requirement: str, site_label: str, status: str, expected: list[Json]) -> None:
    """The supplier, BRP and trader of a site each got one notice with exactly these periods and volumes."""
    site = market.site(site_label)
    seller = site.seller
    transaction_id = market.transaction(requirement, seller)["transactionId"]
    for capacity, label in recipients_of(site).items():
        notices = volume_notices(market, label, transaction_id, site.mpan, status)
        payload = check_one_volume_notice(
            notices,
            label,
            capacity,
            [row["period start"] for row in expected],
            f"{status} VolumeNotice for site {site_label}",
        )
        expect_equal(
            notices[0]["createdAt"],
            _told_at(market, requirement, seller, payload["dispatchId"], status),
            rule="BMR-13",
            message="VolumeNotice",
            field="/createdAt",
            detail=f"when the {label} was told: at the instant the dispatch was {status.lower()}",
        )
        periods = payload["periods"]
        check_volume_periods(periods, expected, rule="BMR-13", site_label=site_label, label=label)


def check_volume_periods(periods: list[Json], expected: list[Json], *, rule: str, site_label: str, label: str) -> None:
    """Each period's volume (under `rule`) and Gate Closure flag (BMR-12) as a table gives them."""
    for index, (period, row) in enumerate(zip(periods, expected, strict=True)):
        expect_amount(
            period["volumeKwh"],
            row["kWh"],
            rule=rule,
            message="VolumeNotice",
            field=f"/payload/periods/{index}/volumeKwh",
            detail=f"the volume of site {site_label} told to the {label}",
        )
        expect_equal(
            period["afterGateClosure"],
            row["after Gate Closure"] == "true",
            rule="BMR-12",
            message="VolumeNotice",
            field=f"/payload/periods/{index}/afterGateClosure",
            detail=f"whether Gate Closure had passed, as told to the {label}",
        )


def check_one_volume_notice(notices: list[Json], label: str, capacity: str, periods: list[str], what: str) -> Json:
    """Exactly one of `notices` reached the actor, in its capacity, for exactly these periods; its payload."""
    expect_count(notices, 1, rule="BMR-13", message="VolumeNotice", counted=f"{what} to the {label}")
    payload: Json = notices[0]["payload"]
    expect_equal(
        payload["capacity"],
        capacity,
        rule="BMR-13",
        message="VolumeNotice",
        field="/payload/capacity",
        detail=f"the capacity in which the {label} is told",
    )
    expect_equal(
        [p["periodStart"] for p in payload["periods"]],
        periods,
        rule="BMR-13",
        message="VolumeNotice",
        field="/payload/periods",
        detail=f"the dispatched Settlement Periods told to the {label}",
    )
    return payload


def _told_at(market: MarketWorld, requirement: str, seller: str, dispatch_id: str, status: str) -> str | None:
    """The instant a dispatch was instructed (INSTRUCTED notices) or overruled (CANCELLED notices)."""
    field = "instructedAt" if status == "INSTRUCTED" else "overruledAt"
    dispatch = next((d for d in market.dispatches_of(requirement, seller) if d["dispatchId"] == dispatch_id), None)
    return None if dispatch is None else dispatch[field]


def check_notice_count(market: MarketWorld, label: str, message_type: str, count: int) -> None:
    """An actor received exactly `count` notices of one type."""
    expect_count(
        of_type(inbox(market, label), message_type),
        count,
        rule=RULE_OF_NOTICE.get(message_type),
        message=message_type,
        counted=f"{message_type} to the {label}",
    )


def check_silence(market: MarketWorld, label: str) -> None:
    """An actor received no notice at all."""
    notices = inbox(market, label)
    expect_count(
        notices,
        0,
        rule="BMR-15",
        message=notices[0]["messageType"] if notices else "notices",
        counted=f"notice to the {label}",
        detail="it is not involved" + (f"; the first is a {notices[0]['messageType']}" if notices else ""),
    )


def check_told_nothing_about(market: MarketWorld, label: str, ids: set[str], what: str) -> None:
    """An actor received no notice correlated with any of these ids (BMR-15)."""
    told = [n["messageType"] for n in inbox(market, label) if n.get("correlationId") in ids]
    expect_equal(
        told,
        [],
        rule="BMR-15",
        message="notices",
        field="/correlationId",
        detail=f"notices about {what} sent to the {label}, who is not involved",
    )
