"""Bind every use-case feature to the shared step definitions; no step code lives here."""

from pytest_bdd import scenarios

from conformance.paths import FEATURES_DIR

scenarios(str(FEATURES_DIR))
