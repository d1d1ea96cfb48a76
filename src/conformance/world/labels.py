"""The market actors of the report (Table 3) as scenarios name them, and the roles they register with."""

from typing import Final

NMF_LABEL: Final = "Neutral Market Facilitator"

# The 14 market actors of the report's Table 3, as printed there.
TABLE_3_ACTORS: Final = (
    "Aggregator",
    "Balance Responsible Person",
    "Community Energy Scheme",
    "Consumer (Domestic)",
    "Consumer (Non-Domestic)",
    "Data Communications Company",
    "Directly-Connected Generation",
    "Directly-Connected Storage",
    "DNO",
    "DSO",
    "Electricity Suppliers",
    "Electricity System Operator",
    "Energy Traders",
    NMF_LABEL,
)

# Every actor of the report's Table 3 except the NMF, which is the system under test.
REPORT_ACTOR_ROLES: Final[dict[str, str]] = {
    "Aggregator": "AGGREGATOR",
    "Balance Responsible Person": "BRP",
    "Community Energy Scheme": "COMMUNITY_ENERGY_SCHEME",
    "Consumer (Domestic)": "DOMESTIC_CONSUMER",
    "Consumer (Non-Domestic)": "NON_DOMESTIC_CONSUMER",
    "Data Communications Company": "DCC",
    "Directly-Connected Generation": "DIRECTLY_CONNECTED_GENERATION",
    "Directly-Connected Storage": "DIRECTLY_CONNECTED_STORAGE",
    "DNO": "DNO",
    "DSO": "DSO",
    "Electricity Supplier": "SUPPLIER",
    "Electricity System Operator": "ESO",
    "Energy Trader": "TRADER",
}

# Table 3's plural names, and short names, a scenario may use for the same actors.
ALIASES: Final[dict[str, str]] = {
    "Electricity Suppliers": "Electricity Supplier",
    "Energy Traders": "Energy Trader",
    "ESO": "Electricity System Operator",
    "BRP": "Balance Responsible Person",
    "DCC": "Data Communications Company",
    "supplier": "Electricity Supplier",
    "trader": "Energy Trader",
}


# Services the ESO buys (BMR-23); the DSO buys every other.
ESO_SERVICES: Final = frozenset({"SHORT_TERM_OPERATING_RESERVE"})


def buyer_for(service: str) -> str:
    """The system operator that buys a service: the ESO for STOR, the DSO otherwise."""
    return "ESO" if service in ESO_SERVICES else "DSO"


def canonical_label(label: str) -> str:
    """The report's name for an actor, whichever of its names the scenario used."""
    return ALIASES.get(label, label)


def role_of(label: str) -> str:
    """The role an actor named after a report actor registers with."""
    try:
        return REPORT_ACTOR_ROLES[canonical_label(label)]
    except KeyError:
        known = ", ".join(sorted(REPORT_ACTOR_ROLES))
        msg = f"{label!r} is not a market actor of the report; known: {known}"
        raise ValueError(msg) from None
