"""Testing the tester: against an NMF that breaks a rule, the suite fails and names message, field and rule."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.command import ROOT, SUITE_RUN

pytest_plugins = ["pytester"]


def run_suite(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str
) -> pytest.RunResult:
    """Run the selected scenarios against `factory` (`name` in tests.faulty_nmfs, or `module:name`)."""
    target = factory if ":" in factory else f"faulty_nmfs:{factory}"
    monkeypatch.chdir(ROOT)  # the project's configuration, and `tests` importable as a package
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester.runpytest_subprocess(
        *SUITE_RUN,
        "--nmf-target",
        f"python:tests.{target}",
        "-k",
        selection,
    )


@pytest.mark.parametrize(
    ("factory", "selection", "failure"),
    [
        (
            "dispatch_off_the_half_hour",
            "test_a_supplier_whose_sites_were_not_dispatched_is_told_nothing",
            "[BMR-01] POST /dispatches response /start: '2030-01-15T16:45:00Z' does not match",
        ),
        (
            "brp_never_told",
            "gate_closure and 10",
            "[BMR-13] VolumeNotice: expected one INSTRUCTED VolumeNotice for site S5 to the "
            "Balance Responsible Person, got 0",
        ),
        (
            "penalty_waived",
            "delivery_is_verified_against_the_baseline and 47.000",
            "[BMR-20] settlement /penaltyGbp: expected '0.90', got '0.00'",
        ),
    ],
)
def test_suite_names_the_broken_rule(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str, failure: str
) -> None:
    result = run_suite(pytester, monkeypatch, factory, selection)
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines([".*" + re.escape(failure)])


def test_the_same_scenarios_pass_against_the_reference(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = pytester.runpytest_subprocess(
        *SUITE_RUN,
        "-k",
        "supplier_whose_sites_were_not_dispatched or (gate_closure and 10) or (delivery_is_verified and 47.000)",
    )
    result.assert_outcomes(passed=3)


def test_the_command_exits_non_zero_and_names_the_rule(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - our own console script
        [
            str(Path(sys.executable).parent / "conformance"),
            "run",
            "--target",
            "python:tests.faulty_nmfs:penalty_waived",
            "--report",
            str(tmp_path),
            "-k",
            "BMR-20 and delivery_is_verified",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[BMR-20] settlement /penaltyGbp: expected '0.90', got '0.00'" in result.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    failed = [s for s in report["scenarios"] if s["outcome"] == "failed"]
    assert {s["useCase"] for s in failed} == {"UC1", "UC2"}
    assert all("[BMR-20] settlement /penaltyGbp" in s["message"] for s in failed)


# Each broken NMF gets one thing wrong; the selected scenarios each fail on it, naming rule, message and field.
ONE_THING_WRONG = [
    (
        "arming_never_confirmed",
        "flexibility_bought_after_an_outage",
        "[BMR-09] ArmingConfirmed: expected one ArmingConfirmed about the Aggregator transaction on R1 to the "
        "Aggregator, got 0",
    ),
    (
        "acceptance_filed_under_the_requirement",
        "forecast_peak_is_met",
        "[BMR-08] OfferAccepted /correlationId: expected",
    ),
    (
        "mutant_nmfs:stacking_frees_accepted_sites",
        "accepted_and_still_armable",
        "[BMR-10] POST /acceptances: expected 409, got 201",
    ),
    (
        "aggregator_penalty_waived",
        "every_kind_of_seller or every_kind_of_peak_seller",
        "[BMR-20] settlement /penaltyGbp: expected '8.00', got '0.00' (penalty GBP of the Aggregator on R1; "
        "the NMF verified 2030-01-15T16:30:00Z UNDER_DELIVERED (30 of 50 kWh))",
    ),
    (
        "seller_shown_no_penalty",
        "every_kind_of_seller or every_kind_of_peak_seller",
        "[BMR-20] settlement /penaltyGbp: expected '8.00', got '0.00' (the penalty of the Aggregator, read by itself",
    ),
    (
        "dno_never_told",
        "flexibility_bought_after_an_outage or forecast_peak_is_met",
        "[BMR-14] VisibilityNotice /payload/event: expected ['ACCEPTED', 'ARMED', 'DISPATCHED'], got [] "
        "(the events of the Aggregator transaction on R1 shown to the DNO, in order)",
    ),
    (
        "unavailability_shown_with_wrong_kw",
        "prompt_unavailability_notice_reaches_the_dso",
        "[BMR-14] VisibilityNotice /payload/capacityKw: expected '",
    ),
    (
        "dispatch_shown_running_too_long",
        "eso_overrules_a_dispatch_before_it_starts or eso_overrules_a_scheduled_peak_dispatch",
        "[BMR-14] VisibilityNotice /payload/end: expected '2030-01-15T17:00:00Z', got '2030-01-15T17:30:00Z'",
    ),
    (
        "partial_unwind_left_armed",
        "stays_in_force_when_the_rest",
        "[BMR-21] transaction /status: expected 'UNWOUND', got 'ARMED'",
    ),
    (
        "cancelled_volumes_zeroed",
        "eso_overrules_a_dispatch_before_it_starts or eso_overrules_a_scheduled_peak_dispatch",
        "[BMR-13] VolumeNotice /payload/periods/0/volumeKwh: expected '50.000', got '0.000'",
    ),
    (
        "mutant_nmfs:money_rounded_half_even",
        "land_on_a_halfpenny",
        "[BMR-20] settlement /availabilityGbp: expected '0.01', got '0.00'",
    ),
    (
        "mutant_nmfs:money_rounded_half_even",
        "half_a_watthour",
        "[BMR-13] VolumeNotice /payload/periods/0/volumeKwh: expected '5.001', got '5.000'",
    ),
    (
        "mutant_nmfs:owners_of_aggregated_sites_told",
        "flexibility_bought_after_an_outage or forecast_peak_is_met",
        "[BMR-15] RequirementPublished: expected no RequirementPublished about requirement R1 to the "
        "Consumer (Domestic), got 1",
    ),
    (
        "unavailability_promptness_flipped",
        "only_a_prompt",
        "[BMR-17] unavailability /prompt: expected",
    ),
    (
        "overrule_told_without_reason",
        "eso_overrules_a_dispatch_before_it_starts or eso_overrules_a_scheduled_peak_dispatch",
        "[BMR-16] DispatchOverruled /payload/dispatch/overruleReason: expected 'Using this flexibility",
    ),
    (
        "unwind_told_as_still_armed",
        "unwinds_an_armed_transaction or unwinds_a_peak_transaction",
        "[BMR-21] TransactionUnwound /payload/transaction/status: expected 'UNWOUND', got 'ARMED'",
    ),
    (
        "offer_told_at_double_kw",
        "flexibility_bought_after_an_outage or forecast_peak_is_met",
        "[BMR-07] OfferReceived /payload/offer/offeredKw: expected '100', got '200'",
    ),
    (
        "requirement_published_with_another_deadline",
        "flexibility_bought_after_an_outage or forecast_peak_is_met",
        "[BMR-07] RequirementPublished /payload/requirement/armingDeadline: expected",
    ),
    (
        "receipt_without_periods",
        "each_settlement_period_is_verified or each_peak_settlement_period",
        "[BMR-18] meter-readings-receipt /acceptedPeriods: expected",
    ),
    (
        "verification_total_not_summed",
        "each_settlement_period_is_verified or each_peak_settlement_period",
        "[BMR-19] verification /deliveredKwh: expected '50', got '0'",
    ),
    (
        "outsiders_read_as_the_buyer",
        "flexibility_bought_after_an_outage or forecast_peak_is_met or every_kind",
        "expected '404, or 403 citing BMR-15', got 200",
    ),
    (
        "dispatch_told_at_half_kw",
        "flexibility_bought_after_an_outage or forecast_peak_is_met",
        "[BMR-11] DispatchInstructed /payload/dispatch/capacityKw: expected",
    ),
    (
        "unavailability_told_to_buyer_at_full_kw",
        "only_a_prompt",
        "[BMR-17] UnavailabilityReported /payload/unavailability/availableKw: expected '40', got '41'",
    ),
    (
        "settlement_without_its_last_line",
        "unwinds_an_armed_transaction or unwinds_a_peak_transaction",
        "[BMR-20] settlement /lines: expected",
    ),
    (
        "transaction_priced_above_the_offer",
        "flexibility_bought_after_an_outage or forecast_peak_is_met",
        "[BMR-08] transaction /utilisationGbpPerMwh: expected '",
    ),
    (
        # The penalty is wrong because the NMF took a late notice as prompt; the failure says so.
        "mutant_nmfs:prompt_notice_25_minutes",
        "only_a_prompt and late",
        "[BMR-20] settlement /penaltyGbp: expected '9.00', got '0.00' (penalty GBP of the Directly-Connected "
        "Storage on R1; the NMF recorded the unavailability notice detected at 2030-01-15T16:35:00Z and received "
        "at 2030-01-15T16:55:00Z as prompt (prompt=True); the NMF verified 2030-01-15T16:30:00Z UNDER_DELIVERED "
        "(20 of 50 kWh))",
    ),
]


@pytest.mark.parametrize(("factory", "selection", "failure"), ONE_THING_WRONG)
def test_every_selected_scenario_fails_on_the_one_thing_wrong(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, factory: str, selection: str, failure: str
) -> None:
    result = run_suite(pytester, monkeypatch, factory, selection)
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1, result.stdout.str()[-2000:]
    assert outcomes.get("passed", 0) == 0, f"a selected scenario missed {factory}"
    result.stdout.re_match_lines([".*" + re.escape(failure)])


def test_the_one_thing_wrong_selections_pass_against_the_reference(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    selection = " or ".join(f"({case[1]})" for case in ONE_THING_WRONG)
    result = pytester.runpytest_subprocess(*SUITE_RUN, "-k", selection)
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0
    assert outcomes.get("passed", 0) >= len({case[1] for case in ONE_THING_WRONG})
