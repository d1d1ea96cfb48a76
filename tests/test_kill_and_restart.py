"""Nothing acknowledged is lost, nothing is half-written: SIGKILL the served reference under writes.

Writers post offers (each a fresh message id) until the server is killed mid-stream. On restart on
the same database, every envelope sent is sent again: an offer that was stored must be replayed with
its first answer (its message record committed with it), one that was not is created now. So each
acknowledged offer comes back as acknowledged, and the buyer holds exactly one OfferReceived notice
per envelope: a notice without its offer and message record, or either without the notice, fails.
"""

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.http_market import Market, ok, open_market
from tests.served_reference import ADMIN_TOKEN, fresh_database, postgres_server, served

__all__ = ["postgres_server"]  # a fixture, imported for pytest
WRITERS = 8
MIN_ACKNOWLEDGED = 40  # the kill comes once this many offers were acknowledged


@pytest.fixture(params=["sqlite", "postgresql-2-workers"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int]]:
    if request.param == "sqlite":
        yield str(tmp_path / "nmf.sqlite3"), 1
    else:
        yield fresh_database(request.getfixturevalue("postgres_server")), 2


class Stream:
    """Writers posting offers until told to stop; what was sent and what was acknowledged."""

    def __init__(self, market: Market, requirement_id: str, base_url: str) -> None:
        self.market, self.requirement_id, self.base_url = market, requirement_id, base_url
        self.sent: list[dict[str, Any]] = []
        self.acknowledged: dict[str, dict[str, Any]] = {}  # message id -> the 201 answer
        self.refused: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def write(self, seller: str) -> None:
        headers = {"Authorization": f"Bearer {self.market.tokens[seller]}"}
        with httpx.Client(base_url=self.base_url, timeout=10) as client:
            while not self.stop.is_set():
                envelope = self.market.offer_envelope(self.requirement_id, seller, "1")
                with self.lock:
                    self.sent.append(envelope)
                try:
                    response = client.post("/offers", json=envelope, headers=headers)
                except httpx.TransportError:
                    return  # the server is gone
                with self.lock:
                    if response.status_code == 201:
                        self.acknowledged[envelope["messageId"]] = response.json()
                    else:
                        self.refused.append(f"{response.status_code} {response.text}")


def test_acknowledged_offers_survive_a_kill(database: tuple[str, int]) -> None:
    path, workers = database
    with served(path, workers=workers) as nmf, httpx.Client(base_url=nmf.base_url, timeout=30) as client:
        market = open_market(client, ADMIN_TOKEN, sellers=WRITERS)
        stream = Stream(market, market.requirement("1000000"), nmf.base_url)
        threads = [threading.Thread(target=stream.write, args=(seller,)) for seller in market.sellers]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(stream.acknowledged) < MIN_ACKNOWLEDGED and time.monotonic() < deadline:
            time.sleep(0.01)
        nmf.kill()  # SIGKILL the server and its workers while the writers are mid-request
        stream.stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert len(stream.acknowledged) >= MIN_ACKNOWLEDGED
    assert stream.refused == []

    with served(path, workers=workers) as nmf, httpx.Client(base_url=nmf.base_url, timeout=30) as client:
        market.client = client
        answers = {e["messageId"]: ok(market.post("/offers", e), 201) for e in stream.sent}
        for message_id, first in stream.acknowledged.items():
            assert answers[message_id] == first, "an acknowledged offer was lost"
        notices = [n for n in market.notices(market.dso) if n["messageType"] == "OfferReceived"]
        noticed = sorted(n["payload"]["offer"]["offerId"] for n in notices)
        assert noticed == sorted(a["offerId"] for a in answers.values())
