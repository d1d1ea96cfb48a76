"""Exact decimal quantities (BMR-03): parsing kW/kWh/GBP strings and formatting results."""

import re
from decimal import ROUND_HALF_UP, Decimal

from reference_impl.problems import invalid

# The digit bounds of the schemas (common.schema.json, docs/api.md "Bounds"), checked before any arithmetic:
# with them every product and sum the rules compute stays exact in Decimal's 28 digits.
_QUANTITY = re.compile(r"^(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?$")
_MONEY = re.compile(r"^(0|[1-9][0-9]{0,8})\.[0-9]{2}$")
_PENNY = Decimal("0.01")
_MILLI = Decimal("0.001")


def parse_quantity(text: object, pointer: str) -> Decimal:
    """A non-negative kW/kWh/kVA string with at most 3 decimals."""
    if not isinstance(text, str) or not _QUANTITY.match(text):
        raise invalid(
            "must be a non-negative decimal string with at most 9 integer digits and 3 decimals",
            pointer=pointer,
            rule="BMR-03",
        )
    return Decimal(text)


def parse_money(text: object, pointer: str) -> Decimal:
    """A non-negative GBP amount string with exactly 2 decimals."""
    if not isinstance(text, str) or not _MONEY.match(text):
        raise invalid(
            "must be a decimal string with at most 9 integer digits and exactly 2 decimals",
            pointer=pointer,
            rule="BMR-03",
        )
    return Decimal(text)


def round_pence(amount: Decimal) -> Decimal:
    """Round half-up to the penny."""
    return amount.quantize(_PENNY, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    """GBP with exactly 2 decimals (rounded half-up)."""
    return f"{round_pence(amount) + 0:f}"


def round_milli(amount: Decimal) -> Decimal:
    """Round half-up to 3 decimals."""
    return amount.quantize(_MILLI, rounding=ROUND_HALF_UP)


def format_quantity(amount: Decimal) -> str:
    """kW/kWh with at most 3 decimals and no trailing zeros (`12.5`, `10`)."""
    exponent = amount.as_tuple().exponent
    value = round_milli(amount) if isinstance(exponent, int) and exponent < -3 else amount
    if value == 0:
        return "0"
    return f"{value.normalize():f}"


def format_volume(amount: Decimal) -> str:
    """kWh rounded half-up and written with exactly 3 decimals (`12.500`), as volume notices carry."""
    return f"{round_milli(amount) + 0:f}"
