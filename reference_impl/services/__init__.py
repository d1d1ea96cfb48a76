"""Market services: one module per concept, each enforcing its Conformance Market Rules (BMR-nn)."""
