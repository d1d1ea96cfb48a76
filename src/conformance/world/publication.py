"""Who hears of a requirement and its offers: the sellers of the zone and the buyer."""

from conformance.checks import expect_equal
from conformance.world.inspection import about, inbox, of_type
from conformance.world.market import MarketWorld


def check_requirement_published(market: MarketWorld, zone: str, requirement: str) -> None:
    """Exactly the sellers of the zone's sites (aggregators for aggregated sites) were told, once each."""
    requirement_id = market.requirement(requirement)["requirementId"]
    sellers = {site.seller for site in market.sites.values() if site.zone == zone}
    for label in sorted(market.actors):
        published = about(of_type(inbox(market, label), "RequirementPublished"), requirement_id)
        expect_equal(
            len(published),
            1 if label in sellers else 0,
            rule="BMR-07",
            message="RequirementPublished",
            field="/correlationId",
            detail=f"notices of requirement {requirement} sent to the {label}",
        )


def check_offers_told(market: MarketWorld, requirement: str, buyer: str) -> None:
    """The buyer was told of each offer once."""
    requirement_id = market.requirement(requirement)["requirementId"]
    offers = sorted(record.resource["offerId"] for key, record in market.offers.items() if key[0] == requirement)
    told = sorted(
        n["payload"]["offer"]["offerId"] for n in about(of_type(inbox(market, buyer), "OfferReceived"), requirement_id)
    )
    expect_equal(
        told,
        offers,
        rule="BMR-07",
        message="OfferReceived",
        field="/payload/offer/offerId",
        detail=f"offers on requirement {requirement} told to the {buyer}",
    )
