"""MIC and MEC (BMR-39): the net flow at one MPAN in one Settlement Period against its registered limits.

Kept apart from the portfolio service so that a capacity traded between sites can later raise or
lower the limit a check uses, without touching who calls it. Power is compared with kVA as if at
unity power factor (1 kW = 1 kVA), as BMR-39 states.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reference_impl.entities import Site


@dataclass(frozen=True)
class Breach:
    """The net flow at `mpan` in one period passes its `limit` (MIC on import, MEC on export)."""

    mpan: str
    period_start: datetime
    limit: str
    limit_kva: Decimal
    net_kw: Decimal


def limits_of(site: Site, period_start: datetime) -> tuple[Decimal, Decimal]:
    """(MIC, MEC) of a site for one Settlement Period: today its registered micKva and mecKva."""
    del period_start  # the registered limits hold in every period; traded capacity will vary them
    return site.mic_kva, site.mec_kva


def breach_of(site: Site, period_start: datetime, net_kw: Decimal) -> Breach | None:
    """The breach of a net import (negative: export) in one period, or None when within both limits.

    Reaching a limit exactly is within it.
    """
    mic, mec = limits_of(site, period_start)
    if net_kw > mic:
        return Breach(site.mpan, period_start, "MIC", mic, net_kw)
    if -net_kw > mec:
        return Breach(site.mpan, period_start, "MEC", mec, net_kw)
    return None
