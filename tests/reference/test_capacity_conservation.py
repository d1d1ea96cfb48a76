"""Property: whatever trades are proposed, agreed, decided and revoked, capacity is conserved.

In every Settlement Period and for MIC and MEC alike, what the sellers' effective capacity lost
is exactly what the buyers' gained (BMR-33), nobody is left below zero (BMR-31), and each site's
effective capacity is its authorised one moved by the approved, unrevoked trades as the NMF
reports them. Random sequences run against the in-process reference.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from conftest import open_client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from nmf_world import ADMIN_TOKEN, World, make_mpan

from reference_impl.app import create_app

FIRST = datetime.fromisoformat("2030-01-15T16:00:00+00:00")
PERIODS = [FIRST + timedelta(minutes=30 * i) for i in range(6)]
OWNERS = ("owner", "owner2", "bystander")
AUTHORISED = {"MIC": Decimal(100), "MEC": Decimal(50)}
TYPE = {"IMPORT": "MIC", "EXPORT": "MEC"}


def text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def proposals(max_kva: int) -> st.SearchStrategy[tuple[Any, ...]]:
    """A proposal: seller and buyer site, direction, first period, length in periods, kVA."""
    return st.tuples(
        st.just("propose"),
        st.integers(0, 2),
        st.integers(0, 2),
        st.sampled_from(["IMPORT", "EXPORT"]),
        st.integers(0, 4),
        st.integers(1, 3),
        st.integers(1, max_kva),
    )


propose = proposals(110)
agree = st.tuples(st.just("agree"), st.integers(0, 7))
decide = st.tuples(
    st.just("decide"), st.integers(0, 7), st.sampled_from(["APPROVED", "APPROVED_WITH_LIMIT", "REJECTED"])
)
revoke = st.tuples(st.just("revoke"), st.integers(0, 7), st.integers(0, 3))
# A whole trade in one step (proposal, agreement, decision), so that most sequences move capacity.
fitting = proposals(50).filter(lambda step: step[1] != step[2])
whole = st.tuples(
    st.just("whole"), fitting, st.sampled_from(["APPROVED", "APPROVED", "APPROVED_WITH_LIMIT", "REJECTED"])
)
steps = st.lists(st.one_of(whole, propose, agree, decide, revoke), min_size=3, max_size=12)


class Market:
    """The World of the reference tests with three site owners, each owning one site."""

    def __init__(self, client: httpx.Client) -> None:
        self.world = World.build(client, prefix="1300000000")
        mpan = make_mpan("130000000002")
        body = self.world.site_body(mpan, "bystander")
        assert self.world.admin("/admin/sites", body).status_code == 201
        self.world.mpans.append(mpan)
        self.trades: list[str] = []

    def send(self, owner: str, path: str, message_type: str, payload: dict[str, Any]) -> httpx.Response:
        correlation = payload.get("tradeId")
        return self.world.send(self.world[owner], path, message_type, payload, correlation_id=correlation)

    def trade(self, trade_id: str) -> dict[str, Any]:
        response = self.world.get(self.world["dno"], f"/capacity-trades/{trade_id}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def apply(self, step: tuple[Any, ...]) -> None:
        kind = step[0]
        if kind == "whole":
            before = len(self.trades)
            self.apply(step[1])
            if len(self.trades) > before:
                self.apply(("agree", before))
                self.apply(("decide", before, step[2]))
            return
        if kind == "propose":
            _, seller, buyer, direction, slot, length, kva = step
            payload = {
                "direction": direction,
                "sellerMpan": self.world.mpans[seller],
                "buyerMpan": self.world.mpans[buyer],
                "window": {"start": text(PERIODS[slot]), "end": text(PERIODS[slot] + timedelta(minutes=30 * length))},
                "transferKva": str(kva),
                "priceGbp": "1.00",
            }
            response = self.send(OWNERS[seller], "/capacity-trades", "CapacityTradeProposal", payload)
            assert response.status_code in {201, 409, 422}, response.text
            if response.status_code == 201:
                self.trades.append(response.json()["tradeId"])
            return
        if not self.trades:
            return
        trade = self.trade(self.trades[step[1] % len(self.trades)])
        if kind == "agree":
            owner = OWNERS[self.world.mpans.index(trade["buyerMpan"])]
            response = self.send(
                owner, "/capacity-trade-agreements", "CapacityTradeAgreement", {"tradeId": trade["tradeId"]}
            )
        elif kind == "decide":
            payload: dict[str, Any] = {"tradeId": trade["tradeId"], "decision": step[2], "conditions": []}
            if step[2] == "APPROVED_WITH_LIMIT":
                payload["limitKva"] = str(Decimal(trade["transferKva"]) / 2)
            response = self.send("dno", "/capacity-trade-decisions", "CapacityTradeDecision", payload)
        else:
            start = datetime.fromisoformat(trade["window"]["start"]) + timedelta(minutes=30 * step[2])
            payload = {"tradeId": trade["tradeId"], "from": text(start), "reason": "The network changed."}
            response = self.send("dno", "/capacity-trade-revocations", "CapacityTradeRevocation", payload)
        assert response.status_code in {200, 409, 422}, response.text

    def effective(self, mpan: str) -> dict[tuple[str, datetime], Decimal]:
        path = f"/sites/{mpan}/capacity?start={text(PERIODS[0])}&end={text(PERIODS[-1] + timedelta(minutes=90))}"
        response = self.world.get(self.world["dno"], path)
        assert response.status_code == 200, response.text
        result = {}
        for period in response.json()["periods"]:
            start = datetime.fromisoformat(period["periodStart"])
            result[("MIC", start)] = Decimal(period["micKva"])
            result[("MEC", start)] = Decimal(period["mecKva"])
        return result

    def expected(self) -> dict[tuple[str, str, datetime], Decimal]:
        """Authorised capacity moved by each trade's approved kVA over its unrevoked periods, as reported."""
        moved: dict[tuple[str, str, datetime], Decimal] = {}
        for trade_id in self.trades:
            trade = self.trade(trade_id)
            if trade["status"] not in {"APPROVED", "REVOKED"}:
                continue
            start = datetime.fromisoformat(trade["window"]["start"])
            end = datetime.fromisoformat(trade["revokedFrom"] or trade["window"]["end"])
            kva = Decimal(trade["approvedKva"])
            while start < end:
                for mpan, sign in ((trade["sellerMpan"], -1), (trade["buyerMpan"], 1)):
                    key = (mpan, TYPE[trade["direction"]], start)
                    moved[key] = moved.get(key, Decimal(0)) + sign * kva
                start += timedelta(minutes=30)
        return moved


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_capacity_is_conserved_in_every_settlement_period(sequence: list[tuple[Any, ...]]) -> None:
    app = create_app(admin_token=ADMIN_TOKEN)
    try:
        with open_client(app) as client:
            market = Market(client)
            for step in sequence:
                market.apply(step)
            effective = {mpan: market.effective(mpan) for mpan in market.world.mpans}
            moved = market.expected()
            event(f"{len({k[0] for k in moved})} MPANs moved")
            for capacity_type, authorised in AUTHORISED.items():
                for period in sorted({p for _, p in effective[market.world.mpans[0]]}):
                    changes = [effective[mpan][(capacity_type, period)] - authorised for mpan in market.world.mpans]
                    assert sum(changes) == 0, (capacity_type, period, changes)
                    for mpan in market.world.mpans:
                        value = effective[mpan][(capacity_type, period)]
                        assert value >= 0, (mpan, capacity_type, period, value)
                        assert value == authorised + moved.get((mpan, capacity_type, period), Decimal(0))
    finally:
        app.state.database.close()
