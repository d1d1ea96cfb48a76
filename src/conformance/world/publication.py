"""Who hears of a requirement and its offers, and what they hear: the sellers of the zone and the buyer."""

from decimal import Decimal

from conformance.checks import expect_count, expect_equal, expect_fields
from conformance.world.inspection import about, inbox, of_type
from conformance.world.labels import buyer_for
from conformance.world.market import Json, MarketWorld


def check_requirement_published(market: MarketWorld, zone: str, requirement: str) -> None:
    """Exactly the sellers of the zone's sites (aggregators for aggregated sites) were told, once each, as posted."""
    posted = check_requirement_recorded(market, requirement)
    requirement_id = posted["requirementId"]
    sellers = {site.seller for site in market.sites.values() if site.zone == zone}
    for label in sorted(market.actors):
        published = about(of_type(inbox(market, label), "RequirementPublished"), requirement_id)
        expect_count(
            published,
            1 if label in sellers else 0,
            rule="BMR-07" if label in sellers else "BMR-15",
            message="RequirementPublished",
            counted=f"RequirementPublished about requirement {requirement} to the {label}",
            detail="" if label in sellers else "only those who sell a site of the zone are told",
        )
        if published:
            expect_equal(
                published[0]["createdAt"],
                posted["createdAt"],
                rule="BMR-07",
                message="RequirementPublished",
                field="/createdAt",
                detail=f"when the {label} was told: at the instant requirement {requirement} was posted",
            )
            expect_fields(
                published[0]["payload"]["requirement"],
                posted,
                rule="BMR-07",
                message="RequirementPublished",
                prefix="/payload/requirement",
                detail=f"requirement {requirement} as told to the {label}, against the NMF's answer to the DSO",
            )


def check_requirement_recorded(market: MarketWorld, requirement: str) -> Json:
    """The NMF's answer to the DSO holds the requirement as posted, by the DSO, at the instant it was posted."""
    posted = market.requirement(requirement)
    sent = market.sent[("FlexibilityRequirement", requirement, "")]
    expected = {
        "buyerId": market.actor(buyer_for(sent["service"])).actor_id,
        "zoneId": sent["zoneId"],
        "criticalAsset": sent["criticalAsset"],
        "service": sent["service"],
        "window": sent["window"],
        "armingDeadline": sent["armingDeadline"],
        "createdAt": sent["at"],
    }
    detail = f"requirement {requirement} as the NMF answered the DSO, against what it posted"
    expect_fields(posted, expected, rule="BMR-06", message="requirement", prefix="", detail=detail)
    amounts = {"capacityKw": sent["capacityKw"], **sent["priceCeiling"]}
    expect_fields(
        {"capacityKw": posted.get("capacityKw"), **posted.get("priceCeiling", {})},
        amounts,
        amounts=tuple(amounts),
        rule="BMR-06",
        message="requirement",
        prefix="",
        detail=detail,
    )
    return posted


def check_offers_told(market: MarketWorld, requirement: str, buyer: str) -> None:
    """The buyer was told of each offer once, as the seller sent it, at the instant it arrived."""
    requirement_id = market.requirement(requirement)["requirementId"]
    offers = {record.resource["offerId"]: key[1] for key, record in market.offers.items() if key[0] == requirement}
    received = about(of_type(inbox(market, buyer), "OfferReceived"), requirement_id)
    expect_equal(
        sorted(n["payload"]["offer"]["offerId"] for n in received),
        sorted(offers),
        rule="BMR-07",
        message="OfferReceived",
        field="/payload/offer/offerId",
        detail=f"offers on requirement {requirement} told to the {buyer}",
    )
    for notice in received:
        seller = offers[notice["payload"]["offer"]["offerId"]]
        sent = market.sent[("FlexibilityOffer", requirement, seller)]
        detail = f"the offer of the {seller} as told to the {buyer}, against what the {seller} sent"
        offered = sum((Decimal(site["capacityKw"]) for site in sent["sites"]), Decimal(0))
        amounts = {
            "offeredKw": str(offered),
            "utilisationGbpPerMwh": sent["utilisationGbpPerMwh"],
            "availabilityGbpPerMwPerH": sent["availabilityGbpPerMwPerH"],
        }
        expected = {
            "requirementId": requirement_id,
            "sellerId": market.actor(seller).actor_id,
            "sites": sent["sites"],
            "status": "SUBMITTED",
            "createdAt": sent["at"],
            **amounts,
        }
        offer = notice["payload"]["offer"]
        expect_fields(
            offer,
            expected,
            amounts=tuple(amounts),
            rule="BMR-07",
            message="OfferReceived",
            prefix="/payload/offer",
            detail=detail,
        )
        expect_equal(
            notice["createdAt"],
            sent["at"],
            rule="BMR-07",
            message="OfferReceived",
            field="/createdAt",
            detail=f"when the DSO was told of the {seller}'s offer: at the instant it arrived",
        )
