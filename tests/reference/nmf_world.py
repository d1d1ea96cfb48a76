"""A small market on one test clock, and helpers that speak the NMF's API like the harness would."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx

from reference_impl.mpan import check_digit

ADMIN_TOKEN = "test-admin-token"
T0 = "2030-01-15T12:00:00Z"
WINDOW = {"start": "2030-01-15T17:00:00Z", "end": "2030-01-15T18:00:00Z"}
DEADLINE = "2030-01-15T16:00:00Z"


def make_mpan(first_twelve: str) -> str:
    """A valid MPAN core from its first twelve digits."""
    return first_twelve + str(check_digit(first_twelve))


@dataclass(frozen=True)
class Party:
    """A registered actor and its credential."""

    id: str
    role: str
    token: str


@dataclass
class World:
    """The actors, zone and sites of one scenario, sharing one test clock."""

    client: httpx.Client
    clock_id: str = ""
    parties: dict[str, Party] = field(default_factory=dict)
    zone_id: str = ""
    mpans: list[str] = field(default_factory=list)

    def admin(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.client.post(path, json=body, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})

    def register(self, name: str, role: str) -> Party:
        response = self.admin("/admin/actors", {"name": name, "role": role, "testClockId": self.clock_id})
        assert response.status_code == 201, response.text
        body = response.json()
        party = Party(body["actorId"], role, body["token"])
        self.parties[name] = party
        return party

    def __getitem__(self, name: str) -> Party:
        return self.parties[name]

    @classmethod
    def build(cls, client: httpx.Client, prefix: str = "1200000000") -> "World":
        world = cls(client)
        response = world.admin("/admin/test-clocks", {"now": T0})
        assert response.status_code == 201, response.text
        world.clock_id = response.json()["testClockId"]
        roles = {
            "dso": "DSO",
            "eso": "ESO",
            "dno": "DNO",
            "aggregator": "AGGREGATOR",
            "owner": "DOMESTIC_CONSUMER",
            "owner2": "NON_DOMESTIC_CONSUMER",
            "supplier": "SUPPLIER",
            "brp": "BRP",
            "trader": "TRADER",
            "dcc": "DCC",
            "bystander": "DOMESTIC_CONSUMER",
        }
        for name, role in roles.items():
            world.register(name, role)
        response = world.admin("/admin/zones", world.zone_body("Zone A", ["T1"]))
        assert response.status_code == 201, response.text
        world.zone_id = response.json()["zoneId"]
        for index, owner in enumerate(("owner", "owner2")):
            mpan = make_mpan(f"{prefix}{index:02d}")
            site = world.site_body(mpan, owner)
            site["aggregatorId"] = world["aggregator"].id
            if index == 0:
                site["traderId"] = world["trader"].id
            response = world.admin("/admin/sites", site)
            assert response.status_code == 201, response.text
            world.mpans.append(mpan)
        return world

    def zone_body(self, name: str, critical_assets: list[str]) -> dict[str, Any]:
        return {
            "name": name,
            "dnoId": self["dno"].id,
            "dsoId": self["dso"].id,
            "esoId": self["eso"].id,
            "criticalAssets": critical_assets,
        }

    def site_body(self, mpan: str, owner: str) -> dict[str, Any]:
        return {
            "mpan": mpan,
            "name": f"Site {mpan}",
            "zoneId": self.zone_id,
            "criticalAsset": "T1",
            "micKva": "100",
            "mecKva": "50",
            "ownerId": self[owner].id,
            "supplierId": self["supplier"].id,
            "brpId": self["brp"].id,
        }

    def advance(self, now: str) -> httpx.Response:
        return self.admin(f"/admin/test-clocks/{self.clock_id}/advance", {"now": now})

    def envelope(
        self,
        sender: Party,
        message_type: str,
        payload: dict[str, Any],
        message_id: str | None = None,
        *,
        correlation_id: str | None = None,
    ) -> dict[str, Any]:
        envelope = {
            "messageId": message_id or str(uuid.uuid4()),
            "messageType": message_type,
            "schemaVersion": "1.0",
            "sender": sender.id,
            "recipient": "NMF",
            "createdAt": T0,
            "payload": payload,
        }
        thread = correlation_id or payload.get("transactionId") or payload.get("requirementId")
        if thread is not None:
            envelope["correlationId"] = thread
        return envelope

    def send(
        self,
        sender: Party,
        path: str,
        message_type: str,
        payload: dict[str, Any],
        message_id: str | None = None,
        *,
        correlation_id: str | None = None,
    ) -> httpx.Response:
        body = self.envelope(sender, message_type, payload, message_id, correlation_id=correlation_id)
        return self.client.post(path, json=body, headers={"Authorization": f"Bearer {sender.token}"})

    def get(self, party: Party, path: str) -> httpx.Response:
        return self.client.get(path, headers={"Authorization": f"Bearer {party.token}"})

    def notices(self, party: Party, message_type: str | None = None) -> list[dict[str, Any]]:
        response = self.get(party, "/notifications?limit=500")
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return [n for n in items if message_type is None or n["messageType"] == message_type]

    # The lifecycle, each step asserting success and returning the resource.

    def requirement_payload(self, **overrides: Any) -> dict[str, Any]:
        payload = {
            "zoneId": self.zone_id,
            "criticalAsset": "T1",
            "service": "CONSTRAINT_MANAGEMENT",
            "window": dict(WINDOW),
            "capacityKw": "100",
            "armingDeadline": DEADLINE,
            "priceCeiling": {"utilisationGbpPerMwh": "400.00", "availabilityGbpPerMwPerH": "20.00"},
        }
        payload.update(overrides)
        return payload

    def post_requirement(self, **overrides: Any) -> dict[str, Any]:
        response = self.send(
            self["dso"], "/requirements", "FlexibilityRequirement", self.requirement_payload(**overrides)
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def offer_payload(self, requirement: dict[str, Any], kws: tuple[str, ...] = ("60", "40")) -> dict[str, Any]:
        baseline_kw = ("80", "50")
        starts = _period_starts(requirement["window"]["start"], requirement["window"]["end"])
        sites = [
            {
                "mpan": mpan,
                "capacityKw": kw,
                "baseline": [{"periodStart": s, "importKw": base, "exportKw": "0"} for s in starts],
            }
            for mpan, kw, base in zip(self.mpans, kws, baseline_kw, strict=False)
        ]
        return {
            "requirementId": requirement["requirementId"],
            "sites": sites,
            "utilisationGbpPerMwh": "300.00",
            "availabilityGbpPerMwPerH": "10.00",
        }

    def post_offer(self, requirement: dict[str, Any], kws: tuple[str, ...] = ("60", "40")) -> dict[str, Any]:
        payload = self.offer_payload(requirement, kws)
        response = self.send(self["aggregator"], "/offers", "FlexibilityOffer", payload)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def ok(self, response: httpx.Response, status: int) -> dict[str, Any]:
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        return body

    def accept(self, offer: dict[str, Any]) -> httpx.Response:
        return self.send(self["dso"], "/acceptances", "OfferAcceptance", {"offerId": offer["offerId"]})

    def arm(self, tx: dict[str, Any]) -> httpx.Response:
        payload = {"transactionId": tx["transactionId"]}
        return self.send(self["dso"], "/arming-instructions", "ArmingInstruction", payload)

    def dispatch(self, tx: dict[str, Any], start: str, end: str, kw: str) -> httpx.Response:
        payload = {"transactionId": tx["transactionId"], "start": start, "end": end, "capacityKw": kw}
        return self.send(self["dso"], "/dispatches", "DispatchInstruction", payload)

    def meter(self, mpan: str, readings: list[tuple[str, str, str]]) -> httpx.Response:
        payload = {
            "mpan": mpan,
            "readings": [{"periodStart": p, "importKwh": i, "exportKwh": e} for p, i, e in readings],
        }
        return self.send(self["dcc"], "/meter-readings", "MeterReadings", payload)

    def armed_transaction(self, **overrides: Any) -> dict[str, Any]:
        requirement = self.post_requirement(**overrides)
        offer = self.post_offer(requirement)
        tx = self.ok(self.accept(offer), 201)
        return self.ok(self.arm(tx), 200)


def _period_starts(start: str, end: str) -> list[str]:
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    current, stop = datetime.strptime(start, fmt), datetime.strptime(end, fmt)
    result = []
    while current < stop:
        result.append(current.strftime(fmt))
        current += timedelta(minutes=30)
    return result
