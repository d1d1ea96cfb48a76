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


TYPED_FEATURE = """\
Feature: Typed
  Scenario: The same words as Given and as Then
    Given the light is on
    When the light is switched
    Then the light is on
    And the light was switched 1 time
"""

TYPED_STEPS = """\
import pytest
from pytest_bdd import given, parsers, scenarios, then, when, step

scenarios("typed.feature")


@given("the light is on", target_fixture="light")
def _():
    return {"on": True, "switched": 0}


@when("the light is switched")
def _(light):
    light["switched"] += 1


@then("the light is on")
def _(light):
    assert light["on"]


@step(parsers.parse("the light was switched {times:d} time"))
def _(light, times):
    assert light["switched"] == times
"""

SAME_ANSWER = """\
def pytest_bdd_before_step(request, feature, scenario, step, step_func):
    lookup = __import__("pytest_bdd.scenario", fromlist=["x"]).find_fixturedefs_for_step
    manager = request._fixturemanager
    ours = tuple(lookup(step, manager, request.node))
    theirs = tuple(lookup.original(step=step, fixturemanager=manager, node=request.node))
    assert ours == theirs and len(ours) == 1, (step.name, ours, theirs)
"""


def test_the_lookup_answers_as_pytest_bdd_for_every_keyword(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", lookup=FEATURE, typed=TYPED_FEATURE)
    pytester.makeconftest(SAME_ANSWER)
    pytester.makepyfile(test_plain="OFFSET = 0\n" + STEPS, test_shifted="OFFSET = 10\n" + STEPS, test_typed=TYPED_STEPS)
    result = pytester.runpytest("-p", "conformance.plugin", "-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=5)


def test_the_lookup_is_installed_once_and_keeps_the_original() -> None:
    step_lookup.install()
    step_lookup.install()
    module = __import__("pytest_bdd.scenario", fromlist=["find_fixturedefs_for_step"])
    installed = module.find_fixturedefs_for_step
    assert hasattr(installed, "original")
    assert not hasattr(installed.original, "original")
