"""Reference NMFs with one market-rule parameter changed: each must fail the scenarios of its rule.

Each factory is a target for `--nmf-target python:tests.mutant_nmfs:<name>`; it changes the
parameter where the reference reads it, in the suite's own (sub)process only.
"""

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from importlib import import_module
from typing import Any

import httpx

from conformance.asgi_bridge import ASGIBridgeTransport
from conformance.targets import reference_app

Factory = Callable[[str], httpx.BaseTransport]


def mutant(module: str, name: str, value: Any) -> Factory:
    """A target factory for the reference with `module.name` set to `value`."""

    def factory(admin_token: str) -> httpx.BaseTransport:
        target = import_module(module)
        if not hasattr(target, name):  # a misspelt parameter would make a mutant that changes nothing
            msg = f"{module} has no {name} to mutate"
            raise AttributeError(msg)
        setattr(target, name, value)
        return ASGIBridgeTransport(reference_app(admin_token=admin_token))

    return factory


def wrapped(module: str, name: str, wrap: Callable[[Any], Any]) -> Factory:
    """A target factory for the reference with the function `module.name` replaced by `wrap(original)`."""

    def factory(admin_token: str) -> httpx.BaseTransport:
        target = import_module(module)
        original = getattr(target, name)  # a misspelt name fails here rather than mutating nothing
        setattr(target, name, wrap(getattr(original, "__wrapped__", original)))
        return ASGIBridgeTransport(reference_app(admin_token=admin_token))

    return factory


def _without_revocation(move_of: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda trade: move_of(dataclasses.replace(trade, revoked_from=None))


def _armed_only(original: Callable[[Any, Any], set[str]]) -> Callable[[Any, Any], set[str]]:
    """Stacking that frees a site whose first commitment is accepted but not yet armed."""

    def committed_periods(tx: Any, now: Any) -> set[str]:
        return original(tx, now) if tx.status == "ARMED" else set()

    committed_periods.__wrapped__ = original  # type: ignore[attr-defined]
    return committed_periods


def _with_owners(original: Callable[[Any, str], list[str]]) -> Callable[[Any, str], list[str]]:
    """Requirements published to the owners of aggregated sites as well as to their aggregators."""

    def sellers_for(conn: Any, zone_id: str) -> list[str]:
        repository = import_module("reference_impl.repository")
        owners = [site.owner_id for site in repository.sites_in_zone(conn, zone_id)]
        return list(dict.fromkeys([*original(conn, zone_id), *owners]))

    sellers_for.__wrapped__ = original  # type: ignore[attr-defined]
    return sellers_for


SERVICES = "reference_impl.services"
CAPACITY = {
    # UC4/UC5: one mutant per capacity-trading rule.
    "capacity_direction_swapped": (
        mutant(f"{SERVICES}.capacity_book", "CAPACITY_TYPE", {"IMPORT": "MEC", "EXPORT": "MIC"}),
        "BMR-30",
    ),
    "capacity_sold_twice": (
        wrapped(f"{SERVICES}.capacity_book", "committed_kva", lambda _: lambda *_args: Decimal(0)),
        "BMR-31",
    ),
    "capacity_decision_lead_60_minutes": (
        mutant(f"{SERVICES}.capacity_trades", "CAPACITY_DECISION_LEAD", timedelta(minutes=60)),
        "BMR-32",
    ),
    "capacity_moves_ignored": (
        mutant(f"{SERVICES}.capacity_trades", "effective_kva", lambda authorised, *_args: authorised),
        "BMR-33",
    ),
    "capacity_notices_to_parties_only": (
        wrapped(
            f"{SERVICES}.capacity_book",
            "told",
            lambda _: lambda _conn, trade, dno: [trade.seller_id, trade.buyer_id, dno],
        ),
        "BMR-34",
    ),
    "capacity_power_factor_1": (mutant(f"{SERVICES}.capacity_compliance", "POWER_FACTOR", Decimal(1)), "BMR-35"),
    "capacity_revocation_ignored": (wrapped(f"{SERVICES}.capacity_book", "move_of", _without_revocation), "BMR-36"),
    "capacity_stacking_allowed": (
        mutant(f"{SERVICES}.capacity_trades", "_check_no_stacking", lambda *_args: None),
        "BMR-37",
    ),
}


def _told_parties_only(_: Any) -> Callable[[Any, Any], list[str]]:
    def told(conn: Any, tx: Any) -> list[str]:
        lookup = import_module(f"{SERVICES}.lookup")
        return [tx.buyer_id, tx.seller_id, lookup.zone(conn, tx.zone_id).dno_id]

    return told


OFFSETTING = {
    # UC6: one mutant per offsetting rule.
    "offsetting_without_outline_approval": (
        mutant(f"{SERVICES}.offsetting", "_require_verified", lambda *_args: None),
        "BMR-45",
    ),
    "offsetting_verification_8_days": (
        mutant(f"{SERVICES}.offsetting_book", "SCHEME_VERIFICATION_INTERVAL", timedelta(days=8)),
        "BMR-46",
    ),
    "offsetting_stacking_allowed": (
        mutant(f"{SERVICES}.offsetting", "_check_not_stacked", lambda *_args: None),
        "BMR-47",
    ),
    "offsetting_unwinding_ignored": (
        wrapped(
            f"{SERVICES}.offsetting_book",
            "first_leg_end",
            lambda original: lambda tx: original(dataclasses.replace(tx, unwound_from=None)),
        ),
        "BMR-48",
    ),
    "offsetting_decision_lead_60_minutes": (
        mutant(f"{SERVICES}.offsetting", "CAPACITY_DECISION_LEAD", timedelta(minutes=60)),
        "BMR-48",
    ),
    "offsetting_tolerance_10_percent": (
        mutant(f"{SERVICES}.offsetting_monitor", "OFFSET_LEG_TOLERANCE", Decimal("0.10")),
        "BMR-49",
    ),
    "offsetting_failsafe_never_trips": (
        wrapped(f"{SERVICES}.offsetting_monitor", "_trip", lambda _: lambda _ctx, tx, _reason: tx),
        "BMR-50",
    ),
    "offsetting_silence_limit_20_minutes": (
        mutant(f"{SERVICES}.offsetting_monitor", "DATA_SILENCE_LIMIT", timedelta(minutes=20)),
        "BMR-50",
    ),
    "offsetting_told_parties_only": (wrapped(f"{SERVICES}.offsetting_book", "told", _told_parties_only), "BMR-51"),
    "offsetting_second_leg_paid_in_full": (
        wrapped(f"{SERVICES}.offsetting_settlement", "offset", lambda _: lambda _first, second: second),
        "BMR-52",
    ),
}
MUTANTS: dict[str, tuple[Factory, str]] = {
    # name: (target factory, the rule whose scenarios must catch it)
    "arming_notice_10_minutes": (
        mutant(
            f"{SERVICES}.requirements",
            "ARMING_NOTICE",
            {
                "CONSTRAINT_MANAGEMENT": timedelta(minutes=10),
                "PEAK_MANAGEMENT": timedelta(minutes=120),
                "SHORT_TERM_OPERATING_RESERVE": timedelta(minutes=20),
            },
        ),
        "BMR-06",
    ),
    "peak_price_cap_350": (
        mutant(
            f"{SERVICES}.requirements",
            "PRICE_CAP_GBP_PER_MWH",
            {
                "CONSTRAINT_MANAGEMENT": Decimal("500.00"),
                "PEAK_MANAGEMENT": Decimal("350.00"),
                "SHORT_TERM_OPERATING_RESERVE": Decimal("500.00"),
            },
        ),
        "BMR-06",
    ),
    "dispatch_notice_5_minutes": (mutant(f"{SERVICES}.dispatches", "DISPATCH_NOTICE", timedelta(minutes=5)), "BMR-11"),
    "gate_closure_30_minutes": (
        mutant("reference_impl.settlement_periods", "GATE_CLOSURE", timedelta(minutes=30)),
        "BMR-12",
    ),
    "prompt_notice_25_minutes": (
        mutant(f"{SERVICES}.unavailability", "PROMPT_NOTICE", timedelta(minutes=25)),
        "BMR-17",
    ),
    "tolerance_10_percent": (mutant(f"{SERVICES}.delivery", "DELIVERY_TOLERANCE", Decimal("0.10")), "BMR-19"),
    "penalty_multiplier_1_5": (mutant(f"{SERVICES}.delivery", "PENALTY_MULTIPLIER", Decimal("1.5")), "BMR-20"),
    "stor_minimum_2000_kw": (mutant(f"{SERVICES}.stor", "STOR_MINIMUM_KW", Decimal(2000)), "BMR-23"),
    "stor_sustain_60_minutes": (
        mutant(f"{SERVICES}.stor", "STOR_MINIMUM_SUSTAIN", timedelta(minutes=60)),
        "BMR-23",
    ),
    # An NMF that never consults the DSO: visibility and the right to overrule stay with the ESO.
    "coordination_skipped": (mutant(f"{SERVICES}.stor", "other_operator", lambda zone, _tx: zone.eso_id), "BMR-24"),
    # An NMF that lets a site be committed twice in one period, across services (UC1-UC3).
    "stacking_unchecked": (mutant(f"{SERVICES}.transactions", "_check_stacking", lambda *_: None), "BMR-10"),
    "money_rounded_half_even": (mutant("reference_impl.money", "ROUND_HALF_UP", ROUND_HALF_EVEN), "BMR-03"),
    "stacking_frees_accepted_sites": (wrapped(f"{SERVICES}.transactions", "committed_periods", _armed_only), "BMR-10"),
    "owners_of_aggregated_sites_told": (wrapped(f"{SERVICES}.lookup", "sellers_for", _with_owners), "BMR-15"),
    "unwind_compensation_5_percent": (
        mutant(f"{SERVICES}.delivery", "UNWIND_COMPENSATION_RATE", Decimal("0.05")),
        "BMR-21",
    ),
    **CAPACITY,
    **OFFSETTING,
}


def __getattr__(name: str) -> Factory:
    """`python:tests.mutant_nmfs:<name>` resolves a mutant by name."""
    if name in MUTANTS:
        return MUTANTS[name][0]
    raise AttributeError(name)
