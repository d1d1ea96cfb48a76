"""The exchange a failure names is the one its check read, whatever was sent or read after or around it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from conformance import provenance
from conformance.checks import expect_count, expect_equal
from conformance.exchange import Exchange, ExchangeLog, expect_success, send
from conformance.failures import ConformanceFailure

PAGE = {"items": [{"messageType": "VolumeNotice", "createdAt": "16:00", "payload": {"volumeKwh": "20"}}]}


@pytest.fixture(autouse=True)
def no_reads() -> Iterator[None]:
    provenance.forget()
    yield
    provenance.forget()


def body(sequence: int, value: object, *names: str) -> object:
    return provenance.traced(value, sequence, frozenset(names))


def failure_of(check: object) -> ConformanceFailure:
    with pytest.raises(ConformanceFailure) as raised:
        check()  # type: ignore[operator]
    return raised.value


def test_a_notice_is_named_by_its_page_even_when_another_body_is_read_after_it() -> None:
    page = body(3, PAGE, "GET /notifications", "notification-page")
    dispatch = body(7, {"instructedAt": "15:59"}, "POST /dispatches", "dispatch")
    failure = failure_of(
        lambda: expect_equal(
            page["items"][0]["createdAt"],  # type: ignore[index]
            dispatch["instructedAt"],  # type: ignore[index]
            rule="BMR-13",
            message="VolumeNotice",
            field="/createdAt",
            detail="",
        )
    )
    assert failure.exchange == 3
    assert failure.as_dict()["exchange"] == 3


def test_of_two_bodies_of_one_kind_the_one_holding_the_observed_value_is_named() -> None:
    read = body(4, {"requirementId": "wrong"}, "GET /requirements/x", "requirement")
    stored = body(2, {"requirementId": "R-1"}, "POST /requirements", "requirement")
    failure = failure_of(
        lambda: expect_equal(
            read["requirementId"],  # type: ignore[index]
            stored["requirementId"],  # type: ignore[index]
            rule=None,
            message="requirement",
            field="/requirementId",
            detail="",
        )
    )
    assert failure.exchange == 4


def test_a_count_names_what_was_read_last_and_an_earlier_failure_keeps_its_exchange() -> None:
    inbox = provenance.traced_as([], body(5, {"items": []}, "GET /notifications"))
    body(9, {"other": 1}, "GET /clock")["other"]  # type: ignore[index]
    failure = failure_of(lambda: expect_count(list(inbox), 1, rule="BMR-13", message="VolumeNotice", counted="x"))
    assert failure.exchange == 5
    body(11, {"late": 1}, "GET /verification")["late"]  # type: ignore[index]
    assert failure.explained("a later read").exchange == 5


def test_nothing_read_names_no_exchange_and_a_given_exchange_wins() -> None:
    assert ConformanceFailure(rule=None, message="m", detail="d").exchange is None
    body(2, {"a": 1}, "m")["a"]  # type: ignore[index]
    assert ConformanceFailure(rule=None, message="m", detail="d", exchange=None).exchange is None
    assert ConformanceFailure(rule=None, message="m", detail="d").exchange == 2


def test_traced_bodies_are_equal_to_their_json() -> None:
    assert body(1, PAGE, "x") == PAGE
    assert provenance.source_of(body(1, PAGE, "x")["items"][0]).names == frozenset({"VolumeNotice"})  # type: ignore[index]


def test_a_failure_found_in_an_answer_names_that_answer_whatever_came_after() -> None:
    answers = {"/a": httpx.Response(200, json={"n": 1}), "/b": httpx.Response(500, json={"oops": True})}
    client = httpx.Client(base_url="http://nmf.test", transport=httpx.MockTransport(lambda r: answers[r.url.path]))
    log = ExchangeLog()

    def get(path: str) -> Exchange:
        return send(
            client, log, actor="x", method="GET", path=path, token=None, request_schema=None, response_schema=None
        )

    first = get("/a")
    assert failure_of(lambda: get("/b")).exchange == 2
    assert failure_of(lambda: expect_success(first, 201)).exchange == 1
