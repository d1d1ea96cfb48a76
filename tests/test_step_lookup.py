"""The remembered step lookup answers as pytest-bdd's own: per step text, keyword and visibility."""

import pytest

from conformance import step_lookup

pytest_plugins = ["pytester"]

FEATURE = """\
Feature: Lookup
  Scenario: One
    Given a value of 1
    Then the value is 1

  Scenario: Two
    Given a value of 2
    Then the value is 2
"""

STEPS = """\
import pytest
from pytest_bdd import given, parsers, scenarios, then

scenarios("lookup.feature")


@pytest.fixture
def offset():
    return OFFSET  # a plain fixture: pytest resolves it per module whatever the step lookup does


@given(parsers.parse("a value of {n:d}"), target_fixture="value")
def _(n):
    return n + OFFSET


@then(parsers.parse("the value is {n:d}"))
def _(value, n, offset):
    assert value == n + offset
"""


def test_each_module_keeps_its_own_step_definitions(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", lookup=FEATURE)
    pytester.makepyfile(test_plain="OFFSET = 0\n" + STEPS, test_shifted="OFFSET = 10\n" + STEPS)
    result = pytester.runpytest("-p", "conformance.plugin", "-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=4)  # a lookup remembered across modules runs one module's Given in the other


def test_the_lookup_is_installed_once_and_keeps_the_original() -> None:
    step_lookup.install()
    step_lookup.install()
    module = __import__("pytest_bdd.scenario", fromlist=["find_fixturedefs_for_step"])
    installed = module.find_fixturedefs_for_step
    assert hasattr(installed, "original")
    assert not hasattr(installed.original, "original")
