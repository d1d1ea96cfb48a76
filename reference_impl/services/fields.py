"""Typed access to already-parsed JSON, raising 422 with a JSON pointer when a field is wrong.

The generated models validate shapes first; these accessors keep the services safe on their own.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from reference_impl.instants import parse_instant
from reference_impl.money import parse_money, parse_quantity
from reference_impl.problems import invalid


def obj(data: Any, pointer: str) -> dict[str, Any]:
    """A JSON object."""
    if not isinstance(data, dict):
        raise invalid("must be an object", pointer=pointer or "/")
    return data


def text(data: dict[str, Any], key: str, base: str = "") -> str:
    """A required non-empty string."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise invalid("is required and must be a non-empty string", pointer=f"{base}/{key}")
    return value


def optional_text(data: dict[str, Any], key: str, base: str = "") -> str | None:
    """An optional string (absent or null → None)."""
    if data.get(key) is None:
        return None
    return text(data, key, base)


def items(data: dict[str, Any], key: str, base: str = "") -> list[Any]:
    """A required non-empty array."""
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise invalid("is required and must be a non-empty array", pointer=f"{base}/{key}")
    return value


def instant(data: dict[str, Any], key: str, base: str = "", rule: str | None = None) -> datetime:
    """A required instant."""
    return parse_instant(data.get(key), f"{base}/{key}", rule)


def quantity(data: dict[str, Any], key: str, base: str = "") -> Decimal:
    """A required kW/kWh/kVA decimal string."""
    return parse_quantity(data.get(key), f"{base}/{key}")


def positive_quantity(data: dict[str, Any], key: str, base: str = "", rule: str = "BMR-03") -> Decimal:
    """A required kW/kWh/kVA decimal string greater than zero."""
    value = quantity(data, key, base)
    if value <= 0:
        raise invalid("must be greater than 0", pointer=f"{base}/{key}", rule=rule)
    return value


def money(data: dict[str, Any], key: str, base: str = "") -> Decimal:
    """A required GBP decimal string."""
    return parse_money(data.get(key), f"{base}/{key}")


def one_of(data: dict[str, Any], key: str, allowed: frozenset[str] | tuple[str, ...], base: str = "") -> str:
    """A required string from a fixed set."""
    value = data.get(key)
    if value not in allowed:
        raise invalid(f"must be one of {', '.join(sorted(allowed))}", pointer=f"{base}/{key}")
    return str(value)
