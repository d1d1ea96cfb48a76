"""The state of one scenario's market: what the harness registered and traded, by scenario label."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from conformance.exchange import Exchange
from conformance.nmf_client import Actor, NmfClient
from conformance.world.labels import canonical_label

Json = dict[str, Any]
DealKey = tuple[str, str]  # (requirement label, seller label)


@dataclass(frozen=True)
class SiteRecord:
    """A registered site and the actors around it, by their scenario labels."""

    label: str
    mpan: str
    zone: str
    owner: str
    aggregator: str | None
    supplier: str
    brp: str
    trader: str | None

    @property
    def seller(self) -> str:
        """Who may sell this site's flexibility: its aggregator when it has one, else its owner."""
        return self.aggregator or self.owner


@dataclass(frozen=True)
class OfferRecord:
    """An offer the NMF took, with the kW each site put into it."""

    requirement: str
    seller: str
    resource: Json
    site_kw: dict[str, Decimal]


@dataclass
class MarketWorld:
    """Everything one scenario created at the NMF; each scenario starts with an empty one."""

    nmf: NmfClient
    clock_id: str | None = None
    now: str | None = None  # the scenario clock as the harness last set it
    actors: dict[str, Actor] = field(default_factory=dict)
    zones: dict[str, Json] = field(default_factory=dict)
    sites: dict[str, SiteRecord] = field(default_factory=dict)
    requirements: dict[str, Json] = field(default_factory=dict)
    offers: dict[DealKey, OfferRecord] = field(default_factory=dict)
    transactions: dict[DealKey, Json] = field(default_factory=dict)
    dispatches: dict[DealKey, list[Json]] = field(default_factory=dict)
    unavailability: dict[DealKey, list[Json]] = field(default_factory=dict)
    capacity_trades: dict[str, Json] = field(default_factory=dict)
    capacity_conditions: dict[str, list[str]] = field(default_factory=dict)
    # Offsetting schemes and transactions as the NMF last returned them, by scenario label (UC6).
    offsetting_schemes: dict[str, Json] = field(default_factory=dict)
    offsetting: dict[str, Json] = field(default_factory=dict)
    offsetting_conditions: dict[str, list[str]] = field(default_factory=dict)
    # The transaction as the NMF answered the acceptance and the arming, by (message type, deal).
    answers: dict[tuple[str, DealKey], Json] = field(default_factory=dict)
    # What the harness sent and when, by (message type, requirement label, seller label or "").
    sent: dict[tuple[str, str, str], Json] = field(default_factory=dict)
    # What the ESO and DNO must be shown of each deal, in order (BMR-14): event, kW, span and instant.
    events: dict[DealKey, list[Json]] = field(default_factory=dict)
    last_sent: Exchange | None = None
    # Each inbox as last read, with the sequence of the last non-read request before that read.
    inboxes: dict[str, tuple[int, list[Json]]] = field(default_factory=dict)

    def actor(self, label: str) -> Actor:
        """A registered actor by the name the scenario gives it."""
        name = canonical_label(label)
        if name not in self.actors:
            msg = f"no actor {label!r} is registered in this scenario; registered: {sorted(self.actors)}"
            raise LookupError(msg)
        return self.actors[name]

    def label_of(self, actor_id: str) -> str:
        """The scenario label of a registered actor id, or the id itself if it is no actor of ours."""
        return next((label for label, actor in self.actors.items() if actor.actor_id == actor_id), actor_id)

    def site(self, label: str) -> SiteRecord:
        """A registered site by its scenario label."""
        if label not in self.sites:
            msg = f"no site {label!r} is registered in this scenario; registered: {sorted(self.sites)}"
            raise LookupError(msg)
        return self.sites[label]

    def site_by_mpan(self, mpan: str) -> SiteRecord | None:
        """The site of this scenario with this MPAN, if any."""
        return next((site for site in self.sites.values() if site.mpan == mpan), None)

    def requirement(self, label: str) -> Json:
        """A requirement the NMF accepted, by its scenario label."""
        if label not in self.requirements:
            msg = f"requirement {label!r} was never accepted by the NMF in this scenario"
            raise LookupError(msg)
        return self.requirements[label]

    def offer(self, requirement: str, seller: str) -> OfferRecord:
        """The offer a seller made against a requirement."""
        key = (requirement, canonical_label(seller))
        if key not in self.offers:
            msg = f"the {seller} made no accepted offer against requirement {requirement!r}"
            raise LookupError(msg)
        return self.offers[key]

    def transaction(self, requirement: str, seller: str) -> Json:
        """The transaction a seller holds on a requirement, as the NMF last returned it."""
        key = (requirement, canonical_label(seller))
        if key not in self.transactions:
            msg = f"the {seller} holds no transaction on requirement {requirement!r}"
            raise LookupError(msg)
        return self.transactions[key]

    def buyer_of(self, requirement: str) -> str:
        """The scenario label of the actor that posted a requirement."""
        return self.label_of(self.requirement(requirement)["buyerId"])

    def deals_on(self, requirement: str) -> list[DealKey]:
        """Every (requirement, seller) that became a transaction on a requirement."""
        return [key for key in self.transactions if key[0] == requirement]

    def record_event(self, requirement: str, seller: str, event: str, kw: str, start: str, end: str) -> None:
        """Note an event of a deal the NMF took, as the ESO and the DNO must be shown it."""
        entry = {"event": event, "capacityKw": kw, "start": start, "end": end, "at": self.now}
        self.events.setdefault((requirement, canonical_label(seller)), []).append(entry)

    def events_of(self, requirement: str, seller: str) -> list[Json]:
        """The events of a deal the harness caused, in order."""
        return self.events.get((requirement, canonical_label(seller)), [])

    def dispatches_of(self, requirement: str, seller: str) -> list[Json]:
        """The dispatches the NMF returned for a transaction, in the order they were sent."""
        return self.dispatches.get((requirement, canonical_label(seller)), [])
