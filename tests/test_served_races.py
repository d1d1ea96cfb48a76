"""One winner per race, over HTTP: SQLite (one process) and PostgreSQL (two worker processes).

Each race sends its requests at once from separate connections (a barrier releases the threads
together); with two workers the kernel hands the connections to either process.
"""

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.http_market import Market, ok, open_market
from tests.served_reference import ADMIN_TOKEN, ServedNmf, fresh_database, postgres_server, served

__all__ = ["postgres_server"]  # a fixture, imported for pytest
ROUNDS = 8  # races per test: each round is a fresh offer or message


@pytest.fixture(scope="module", params=["sqlite", "postgresql-2-workers"])
def nmf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNmf]:
    if request.param == "sqlite":
        database, workers = str(tmp_path_factory.mktemp("races") / "nmf.sqlite3"), 1
    else:
        database, workers = fresh_database(request.getfixturevalue("postgres_server")), 2
    with served(database, workers=workers) as server:
        yield server


@pytest.fixture
def market(nmf: ServedNmf) -> Iterator[Market]:
    with httpx.Client(base_url=nmf.base_url, timeout=30) as client:
        yield open_market(client, ADMIN_TOKEN, sellers=1)


def at_once(base_url: str, sends: list[Callable[[httpx.Client], httpx.Response]]) -> list[httpx.Response]:
    """Run each send on its own connection, released together."""
    barrier = threading.Barrier(len(sends))
    clients = [httpx.Client(base_url=base_url, timeout=30) for _ in sends]
    for client in clients:
        client.get("/health")  # connect first, so the barrier releases requests, not handshakes

    def go(index: int) -> httpx.Response:
        barrier.wait(timeout=30)
        return sends[index](clients[index])

    try:
        with ThreadPoolExecutor(len(sends)) as pool:
            return list(pool.map(go, range(len(sends))))
    finally:
        for client in clients:
            client.close()


def request(
    method: str, path: str, token: str, body: dict[str, Any] | None = None
) -> Callable[[httpx.Client], httpx.Response]:
    """One request, to be sent by `at_once` on a connection of its own."""
    headers = {"Authorization": f"Bearer {token}"}
    return lambda client: client.request(method, path, json=body, headers=headers)


def send(market: Market, path: str, envelope: dict[str, Any]) -> Callable[[httpx.Client], httpx.Response]:
    """A message, sent as its sender."""
    return request("POST", path, market.tokens[envelope["sender"]], envelope)


def offer(market: Market, requirement_id: str, seller: str, kw: str) -> str:
    return str(ok(market.post("/offers", market.offer_envelope(requirement_id, seller, kw)), 201)["offerId"])


def test_two_acceptances_of_one_offer_make_one_transaction(market: Market) -> None:
    base_url = str(market.client.base_url)
    for _ in range(ROUNDS):
        seller = market.add_seller()  # a fresh site each round: accepted sites are committed (BMR-10)
        offer_id = offer(market, market.requirement("100"), seller, "40")
        answers = at_once(base_url, [send(market, "/acceptances", market.acceptance(offer_id)) for _ in range(2)])
        assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
        refusal = next(a for a in answers if a.status_code == 409).json()
        assert refusal["rule"] == "BMR-08"
        accepted = [n for n in market.notices(seller) if n["messageType"] == "OfferAccepted"]
        assert Counter(n["payload"]["transaction"]["offerId"] for n in accepted)[offer_id] == 1


def test_two_offers_racing_for_the_last_capacity_make_one_transaction(market: Market) -> None:
    base_url = str(market.client.base_url)
    for _ in range(ROUNDS):
        first, second = market.add_seller(), market.add_seller()
        requirement_id = market.requirement("100")
        offers = [offer(market, requirement_id, first, "60"), offer(market, requirement_id, second, "60")]
        answers = at_once(base_url, [send(market, "/acceptances", market.acceptance(o)) for o in offers])
        assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
        assert next(a for a in answers if a.status_code == 409).json()["rule"] == "BMR-08"
        headers = {"Authorization": f"Bearer {market.tokens[market.dso]}"}
        stored = ok(market.client.get(f"/requirements/{requirement_id}", headers=headers), 200)
        assert stored["acceptedKw"] == "60"


def test_one_message_id_sent_twice_at_once_runs_once(market: Market) -> None:
    base_url = str(market.client.base_url)
    seller = next(iter(market.sellers))
    requirement_id = market.requirement("100")
    for _ in range(ROUNDS):
        envelope = market.offer_envelope(requirement_id, seller, "10")
        answers = at_once(base_url, [send(market, "/offers", envelope) for _ in range(2)])
        assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
        assert answers[0].json() == answers[1].json()  # the second is the first's answer, replayed
    notices = market.notices(market.dso)
    received = [n["payload"]["offer"]["offerId"] for n in notices if n["messageType"] == "OfferReceived"]
    assert len(received) == ROUNDS == len(set(received))  # one offer, one notice per message id


def test_a_reader_paging_during_concurrent_writes_misses_no_notice(market: Market) -> None:
    base_url = str(market.client.base_url)
    requirement_id = market.requirement("100")
    sellers = [market.add_seller() for _ in range(6)]
    writing = threading.Event()
    writing.set()
    seen: list[str] = []

    def write(seller: str) -> None:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            for _ in range(15):
                send(market, "/offers", market.offer_envelope(requirement_id, seller, "1"))(client)

    def read() -> None:
        headers = {"Authorization": f"Bearer {market.tokens[market.dso]}"}
        cursor = "0"
        with httpx.Client(base_url=base_url, timeout=30) as client:
            while True:
                done = not writing.is_set()  # read once more after the last write was answered
                page = ok(client.get("/notifications", params={"after": cursor, "limit": 500}, headers=headers), 200)
                seen.extend(n["messageId"] for n in page["items"])
                cursor = page["nextCursor"]
                if done:
                    return

    reader = threading.Thread(target=read)
    reader.start()
    with ThreadPoolExecutor(len(sellers)) as pool:
        list(pool.map(write, sellers))
    writing.clear()
    reader.join(timeout=60)
    every = [n["messageId"] for n in market.notices(market.dso)]
    assert len(every) == 6 * 15
    assert seen == every  # a notice committed behind the reader's cursor would be missing here


def test_a_test_clock_never_moves_backwards_under_racing_advances(market: Market) -> None:
    base_url = str(market.client.base_url)
    for hour in range(10, 10 + ROUNDS):
        later, earlier = f"2031-03-05T{hour:02d}:30:00Z", f"2031-03-05T{hour:02d}:00:00Z"
        path = f"/admin/test-clocks/{market.clock_id}/advance"
        answers = at_once(
            base_url, [request("POST", path, market.admin_token, {"now": now}) for now in (later, earlier)]
        )
        assert answers[0].status_code == 200
        assert answers[1].status_code in (200, 409)  # 409 when it came after the later advance
        clocks = at_once(base_url, [request("GET", "/clock", market.tokens[market.dso]) for _ in range(4)])
        assert {ok(c, 200)["now"] for c in clocks} == {later}  # every worker sees the latest now
