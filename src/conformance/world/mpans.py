"""Fresh, valid MPAN cores, so every scenario run registers sites no earlier run has used."""

import secrets

_WEIGHTS = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
# Distributor IDs of the two SSEN licence areas where the TRANSITION trials ran (17, 20).
_DISTRIBUTORS = ("17", "20")


def check_digit(first_twelve: str) -> int:
    """The MPAN check digit of the first 12 digits of a core."""
    return sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, first_twelve, strict=True)) % 11 % 10


def is_valid_core(core: str) -> bool:
    """Whether a 13-character string is an MPAN core with a correct check digit and distributor."""
    return len(core) == 13 and core.isdigit() and 10 <= int(core[:2]) <= 36 and check_digit(core[:12]) == int(core[12])


def fresh_mpan() -> str:
    """A random MPAN core with a correct check digit."""
    first_twelve = secrets.choice(_DISTRIBUTORS) + "".join(str(secrets.randbelow(10)) for _ in range(10))
    return first_twelve + str(check_digit(first_twelve))
