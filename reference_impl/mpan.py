"""MPAN core identity (BMR-02): 13 digits, distributor 10-36, weighted check digit."""

_WEIGHTS = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
_MIN_DISTRIBUTOR = 10
_MAX_DISTRIBUTOR = 36


def check_digit(first_twelve: str) -> int:
    """Digit 13 of an MPAN core whose first twelve digits are given."""
    total = sum(int(d) * w for d, w in zip(first_twelve, _WEIGHTS, strict=True))
    return total % 11 % 10


def mpan_error(mpan: object) -> str | None:
    """Why `mpan` is not a valid MPAN core, or None when it is."""
    if not isinstance(mpan, str) or len(mpan) != 13 or not mpan.isascii() or not mpan.isdigit():
        return "an MPAN core is 13 digits"
    if not _MIN_DISTRIBUTOR <= int(mpan[:2]) <= _MAX_DISTRIBUTOR:
        return "the distributor (first two digits) must be 10-36"
    if check_digit(mpan[:12]) != int(mpan[12]):
        return "the check digit (digit 13) does not match digits 1-12"
    return None


def is_valid_mpan(mpan: object) -> bool:
    """True when `mpan` is a well-formed MPAN core with a correct check digit."""
    return mpan_error(mpan) is None
