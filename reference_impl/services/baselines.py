"""Declared baselines: a site's expected import and export kW for every Settlement Period of a window."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from reference_impl.instants import format_instant, parse_instant
from reference_impl.problems import invalid
from reference_impl.services import fields as f
from reference_impl.settlement_periods import require_period_start

Baseline = dict[str, Decimal]
"""Net import kW (import minus export; negative: net export) by Settlement Period start text."""


def declared_baseline(site_data: dict[str, Any], base: str, window: list[datetime], rule: str) -> Baseline:
    """The site's baseline, which declares every period of the window exactly once (422 under `rule`)."""
    declared: Baseline = {}
    entries: list[Any] = site_data.get("baseline") or []  # none declared: refused below, under `rule`
    for index, period in enumerate(entries):
        pointer = f"{base}/baseline/{index}"
        entry = f.obj(period, pointer)
        start = parse_instant(entry.get("periodStart"), f"{pointer}/periodStart", "BMR-01")
        require_period_start(start, f"{pointer}/periodStart")
        declared[format_instant(start)] = f.quantity(entry, "importKw", pointer) - f.quantity(
            entry, "exportKw", pointer
        )
    if len(declared) != len(entries) or sorted(declared) != [format_instant(p) for p in window]:
        raise invalid(
            "the baseline must declare every Settlement Period of the window exactly once",
            pointer=f"{base}/baseline",
            rule=rule,
        )
    return declared
