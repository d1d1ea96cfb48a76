"""Market services: one module per concept, each enforcing its Basic Market Rules."""
