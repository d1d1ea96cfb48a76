"""Short-Term Operating Reserve (BMR-23) and the ESO-DSO coordination of dispatches (BMR-16, BMR-24).

The ESO buys STOR through the same lifecycle as the DSO's services; these are the checks that differ.
"""

from datetime import datetime
from decimal import Decimal

from reference_impl.entities import Transaction, Zone
from reference_impl.money import format_quantity
from reference_impl.params import (
    ESO_SERVICES,
    STOR_MINIMUM_KW,
    STOR_MINIMUM_SUSTAIN,
)
from reference_impl.problems import forbidden, invalid

_P = "/payload"


def buyer_of(zone: Zone, service: str) -> str:
    """The system operator of a zone that buys a service: the ESO for STOR, the DSO otherwise."""
    return zone.eso_id if service in ESO_SERVICES else zone.dso_id


def other_operator(zone: Zone, tx: Transaction) -> str:
    """The zone's system operator that is not the transaction's buyer: it watches and may overrule (BMR-24)."""
    return zone.dso_id if tx.buyer_id == zone.eso_id else zone.eso_id


def check_buyer(zone: Zone, service: str, actor_id: str) -> None:
    """Only the zone's ESO posts STOR (BMR-23); only its DSO posts the DSO's services (BMR-06)."""
    if buyer_of(zone, service) == actor_id:
        return
    if service in ESO_SERVICES:
        raise forbidden("only the ESO watching the zone posts STOR requirements for it", rule="BMR-23")
    raise forbidden("only the DSO operating the zone posts requirements for it", rule="BMR-06")


def check_requirement(service: str, start: datetime, end: datetime, capacity_kw: Decimal) -> None:
    """A STOR requirement is at least the minimum size and sustains at least the minimum duration."""
    if service not in ESO_SERVICES:
        return
    if capacity_kw < STOR_MINIMUM_KW:
        raise invalid(
            f"a STOR requirement is for at least {format_quantity(STOR_MINIMUM_KW)} kW",
            pointer=f"{_P}/capacityKw",
            rule="BMR-23",
        )
    if end - start < STOR_MINIMUM_SUSTAIN:
        minutes = int(STOR_MINIMUM_SUSTAIN.total_seconds() // 60)
        raise invalid(f"a STOR window lasts at least {minutes} minutes", pointer=f"{_P}/window", rule="BMR-23")


def check_offer(service: str, offered_kw: Decimal) -> None:
    """A STOR offer, its sites aggregated, is at least the minimum size."""
    if service in ESO_SERVICES and offered_kw < STOR_MINIMUM_KW:
        raise invalid(
            f"a STOR offer, its sites added up, is for at least {format_quantity(STOR_MINIMUM_KW)} kW",
            pointer=f"{_P}/sites",
            rule="BMR-23",
        )


def check_overruler(zone: Zone, tx: Transaction, actor_id: str) -> None:
    """Only the zone's other system operator overrules a dispatch (BMR-16)."""
    if other_operator(zone, tx) != actor_id:
        raise forbidden(
            "only the zone's other system operator overrules a dispatch: the ESO a DSO's, the DSO an ESO's",
            rule="BMR-16",
        )
