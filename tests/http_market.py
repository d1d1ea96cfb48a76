"""A small market set up over plain HTTP, for the storage tests (durability, races).

One test clock, one zone with its DSO/ESO/DNO, sellers each owning one site, and requirements the
sellers answer with offers. Independent of the suite's step code on purpose: these tests exercise
the reference's storage, not the harness.
"""

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from reference_impl.mpan import check_digit

NOW = "2031-03-04T08:00:00Z"
WINDOW = {"start": "2031-03-04T10:00:00Z", "end": "2031-03-04T11:00:00Z"}
PERIODS = ("2031-03-04T10:00:00Z", "2031-03-04T10:30:00Z")
_mpan_serial = itertools.count(int(uuid.uuid4().int % 10**9))


def fresh_mpan() -> str:
    """A valid MPAN core not used before in this process (random start: databases are reused)."""
    first_twelve = f"17{next(_mpan_serial) % 10**10:010d}"
    return first_twelve + str(check_digit(first_twelve))


def ok(response: httpx.Response, status: int) -> dict[str, Any]:
    """The JSON body, after checking the status."""
    assert response.status_code == status, f"{response.request.url}: {response.status_code} {response.text}"
    body: dict[str, Any] = response.json()
    return body


@dataclass
class Market:
    """Actors and a zone at the NMF behind `client`; `tokens` maps actor id to bearer token."""

    client: httpx.Client
    admin_token: str
    clock_id: str = ""
    zone_id: str = ""
    dso: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    sellers: dict[str, str] = field(default_factory=dict)  # seller id -> its site's MPAN

    def admin(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST an administration request; 201 expected."""
        headers = {"Authorization": f"Bearer {self.admin_token}"}
        return ok(self.client.post(path, json=body, headers=headers), 201)

    def actor(self, role: str) -> str:
        """Register an actor on the market's clock; return its id."""
        created = self.admin("/admin/actors", {"name": role.title(), "role": role, "testClockId": self.clock_id})
        self.tokens[created["actorId"]] = created["token"]
        return str(created["actorId"])

    def envelope(self, sender: str, message_type: str, payload: dict[str, Any], **extra: str) -> dict[str, Any]:
        """A message from `sender` to the NMF."""
        return {
            "messageId": str(uuid.uuid4()),
            "messageType": message_type,
            "schemaVersion": "1.0",
            "sender": sender,
            "recipient": "NMF",
            **extra,
            "createdAt": NOW,
            "payload": payload,
        }

    def post(self, path: str, envelope: dict[str, Any]) -> httpx.Response:
        """POST a message as its sender."""
        headers = {"Authorization": f"Bearer {self.tokens[envelope['sender']]}"}
        return self.client.post(path, json=envelope, headers=headers)

    def add_seller(self) -> str:
        """A provider owning one site in the zone."""
        seller, supplier, brp = self.actor("NON_DOMESTIC_CONSUMER"), self.actor("SUPPLIER"), self.actor("BRP")
        mpan = fresh_mpan()
        site = {"mpan": mpan, "name": "Site", "zoneId": self.zone_id, "criticalAsset": "Primary A"}
        site |= {"micKva": "500", "mecKva": "500", "ownerId": seller, "supplierId": supplier, "brpId": brp}
        self.admin("/admin/sites", site)
        self.sellers[seller] = mpan
        return seller

    def requirement(self, capacity_kw: str = "100") -> str:
        """A requirement of the DSO; its id."""
        payload = {
            "zoneId": self.zone_id,
            "service": "CONSTRAINT_MANAGEMENT",
            "criticalAsset": "Primary A",
            "window": WINDOW,
            "capacityKw": capacity_kw,
            "armingDeadline": "2031-03-04T09:00:00Z",
            "priceCeiling": {"utilisationGbpPerMwh": "300.00", "availabilityGbpPerMwPerH": "10.00"},
        }
        envelope = self.envelope(self.dso, "FlexibilityRequirement", payload)
        return str(ok(self.post("/requirements", envelope), 201)["requirementId"])

    def offer_envelope(self, requirement_id: str, seller: str, kw: str = "50") -> dict[str, Any]:
        """A FlexibilityOffer of the seller's site for the whole window."""
        baseline = [{"periodStart": p, "importKw": "80", "exportKw": "0"} for p in PERIODS]
        site = {"mpan": self.sellers[seller], "capacityKw": kw, "baseline": baseline}
        payload = {
            "requirementId": requirement_id,
            "sites": [site],
            "utilisationGbpPerMwh": "250.00",
            "availabilityGbpPerMwPerH": "5.00",
        }
        return self.envelope(seller, "FlexibilityOffer", payload, correlationId=requirement_id)

    def acceptance(self, offer_id: str) -> dict[str, Any]:
        """The DSO's OfferAcceptance of an offer."""
        return self.envelope(self.dso, "OfferAcceptance", {"offerId": offer_id})

    def notices(self, actor: str) -> list[dict[str, Any]]:
        """Every notice of an actor, in cursor order."""
        headers = {"Authorization": f"Bearer {self.tokens[actor]}"}
        items: list[dict[str, Any]] = []
        cursor = "0"
        while True:
            page = ok(self.client.get("/notifications", params={"after": cursor, "limit": 500}, headers=headers), 200)
            items += page["items"]
            if not page["items"]:
                return items
            cursor = page["nextCursor"]


def open_market(client: httpx.Client, admin_token: str, sellers: int = 1) -> Market:
    """A fresh clock, zone and `sellers` sellers at the NMF."""
    market = Market(client, admin_token)
    market.clock_id = str(market.admin("/admin/test-clocks", {"now": NOW})["testClockId"])
    market.dso = market.actor("DSO")
    zone = {"name": "Zone", "dnoId": market.actor("DNO"), "dsoId": market.dso, "esoId": market.actor("ESO")}
    market.zone_id = str(market.admin("/admin/zones", zone | {"criticalAssets": ["Primary A"]})["zoneId"])
    for _ in range(sellers):
        market.add_seller()
    return market
