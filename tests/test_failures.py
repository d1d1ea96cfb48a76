"""A failure names what was counted, not a field, and carries the earlier observation that explains it."""

import pickle

import pytest

from conformance.checks import expect_count, expect_one_of
from conformance.failures import ConformanceFailure


def test_a_count_says_what_was_counted() -> None:
    with pytest.raises(ConformanceFailure) as caught:
        expect_count(
            ["notice"],
            0,
            rule="BMR-15",
            message="RequirementPublished",
            counted="RequirementPublished to the Consumer (Domestic)",
        )
    assert str(caught.value) == (
        "[BMR-15] RequirementPublished: expected no RequirementPublished to the Consumer (Domestic), got 1"
    )


def test_one_expected_reads_as_one_and_more_as_a_number() -> None:
    with pytest.raises(ConformanceFailure) as one:
        expect_count([], 1, rule="BMR-13", message="VolumeNotice", counted="VolumeNotice to the BRP")
    with pytest.raises(ConformanceFailure) as three:
        expect_count([], 3, rule="BMR-13", message="VolumeNotice", counted="VolumeNotices to the BRP", detail="why")
    assert str(one.value) == "[BMR-13] VolumeNotice: expected one VolumeNotice to the BRP, got 0"
    assert str(three.value) == "[BMR-13] VolumeNotice: expected 3 VolumeNotices to the BRP, got 0 (why)"


def test_an_explained_failure_keeps_its_fields_and_adds_the_note() -> None:
    failure = ConformanceFailure(
        rule="BMR-20", message="settlement", field="/penaltyGbp", detail="penalty", expected="9.00", actual="0.00"
    )
    explained = failure.explained("the NMF recorded the notice as prompt")
    assert str(explained) == (
        "[BMR-20] settlement /penaltyGbp: expected '9.00', got '0.00' (penalty; the NMF recorded the notice as prompt)"
    )


def test_a_counted_failure_survives_pickling() -> None:
    failure = ConformanceFailure(rule="BMR-15", message="m", detail="", expected=0, actual=2, counted="X to Y")
    assert str(pickle.loads(pickle.dumps(failure))) == str(failure)  # noqa: S301 - our own object


def test_either_allowed_answer_passes_and_another_fails() -> None:
    for status in (403, 404):
        expect_one_of(status, (403, 404), rule="BMR-15", message="GET", field="", detail="read")
    with pytest.raises(ConformanceFailure, match=r"expected '403 or 404', got 200"):
        expect_one_of(200, (403, 404), rule="BMR-15", message="GET", field="", detail="read")
