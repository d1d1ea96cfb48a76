"""The effective MIC and MEC of an MPAN per Settlement Period (BMR-33).

An approved transfer moves kVA from one MPAN to another for some Settlement Periods; the effective
capacity is the authorised one plus what moved in, minus what moved out. Any service whose approved
transactions move capacity (capacity trades; offsetting later) supplies its moves here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

MIC: Final = "MIC"
MEC: Final = "MEC"


@dataclass(frozen=True)
class CapacityMove:
    """kVA of one capacity type moved from one MPAN to another in each period of [start, end)."""

    capacity_type: str
    from_mpan: str
    to_mpan: str
    start: datetime
    end: datetime
    kva: Decimal

    def covers(self, period_start: datetime) -> bool:
        """The move holds in the Settlement Period starting at `period_start`."""
        return self.start <= period_start < self.end

    def change_for(self, mpan: str) -> Decimal:
        """What this move adds to (or, negative, takes from) an MPAN's capacity in each covered period."""
        if mpan == self.to_mpan:
            return self.kva
        if mpan == self.from_mpan:
            return -self.kva
        return Decimal(0)


def effective_kva(
    authorised_kva: Decimal, mpan: str, capacity_type: str, period_start: datetime, moves: Iterable[CapacityMove]
) -> Decimal:
    """The authorised capacity of one type, changed by every move that covers the period."""
    change = sum(
        (m.change_for(mpan) for m in moves if m.capacity_type == capacity_type and m.covers(period_start)),
        Decimal(0),
    )
    return authorised_kva + change
