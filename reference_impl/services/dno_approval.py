"""The DNO's approval of a P2P transaction (BMR-32): approve, approve with a lower limit, or reject.

Shared by every service the DNO must approve before it takes effect: capacity trades (BMR-32), and
offsetting schemes and transactions (BMR-46, BMR-48), which allow no limit. A decision is stored as
JSON on its subject.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from reference_impl.instants import format_instant
from reference_impl.money import format_quantity
from reference_impl.problems import conflict, invalid
from reference_impl.services import fields as f

APPROVED: Final = "APPROVED"
APPROVED_WITH_LIMIT: Final = "APPROVED_WITH_LIMIT"
REJECTED: Final = "REJECTED"
DECISIONS: Final = (APPROVED, APPROVED_WITH_LIMIT, REJECTED)
_P = "/payload"


@dataclass(frozen=True)
class Approval:
    """One decision of the DNO, with the conditions it attaches for the parties."""

    decision: str
    limit_kva: Decimal | None
    conditions: list[str]
    decided_at: datetime

    def granted(self, proposed_kva: Decimal) -> Decimal | None:
        """The kVA the decision lets the subject move: all of it, the limit, or none (None when rejected)."""
        if self.decision == REJECTED:
            return None
        return self.limit_kva if self.limit_kva is not None else proposed_kva

    def as_json(self) -> dict[str, Any]:
        """The decision as stored and shown."""
        return {
            "decision": self.decision,
            "limitKva": None if self.limit_kva is None else format_quantity(self.limit_kva),
            "conditions": list(self.conditions),
            "decidedAt": format_instant(self.decided_at),
        }


def require_open(now: datetime, deadline: datetime, rule: str = "BMR-32") -> None:
    """409 at or after the decision deadline, citing the subject's approval rule: it lapsed undecided."""
    if now >= deadline:
        raise conflict("the decision deadline has passed; it lapsed undecided", rule=rule)


def require_revocable(start: datetime, window: tuple[datetime, datetime], now: datetime, rule: str) -> None:
    """What the DNO takes back starts at a period of the window (else 422) that has not begun (else 409)."""
    if not window[0] <= start < window[1]:
        raise invalid("from must be a Settlement Period of the window", pointer=f"{_P}/from", rule=rule)
    if start < now:
        raise conflict("a Settlement Period that has begun cannot be taken back", rule=rule, pointer=f"{_P}/from")


def read_decision(payload: dict[str, Any], proposed_kva: Decimal, now: datetime) -> Approval:
    """The decision of a message: a limit is required with, and only with, APPROVED_WITH_LIMIT, 0 < limit < proposed."""
    decision = f.one_of(payload, "decision", DECISIONS, _P)
    raw = payload.get("conditions")
    if not isinstance(raw, list):
        raise invalid("conditions must be an array, empty when there are none", pointer=f"{_P}/conditions")
    conditions = [str(c) for c in raw]
    limit: Decimal | None = None
    if decision == APPROVED_WITH_LIMIT:
        if payload.get("limitKva") is None:
            raise invalid("APPROVED_WITH_LIMIT needs limitKva", pointer=f"{_P}/limitKva", rule="BMR-32")
        limit = f.quantity(payload, "limitKva", _P)
        if not Decimal(0) < limit < proposed_kva:
            raise invalid(
                "limitKva must be above 0 and below the proposed transfer", pointer=f"{_P}/limitKva", rule="BMR-32"
            )
    elif payload.get("limitKva") is not None:
        raise invalid("limitKva is given only with APPROVED_WITH_LIMIT", pointer=f"{_P}/limitKva", rule="BMR-32")
    return Approval(decision=decision, limit_kva=limit, conditions=conditions, decided_at=now)
