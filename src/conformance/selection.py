"""`-k` as a vendor means it: a use case (UC1) or rule (BMR-09) matches whole, and must exist.

pytest's `-k` matches words as substrings, so `BMR-1` would select every BMR-1x. Every scenario
carries one whole-ID keyword per use case and rule it checks, and each ID in the expression is
rewritten to that keyword, which no other ID contains; other words keep pytest's meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from conformance.identity import RULE_ID, USE_CASE_ID, ScenarioIdentity

__all__ = [
    "SelectionError",
    "check_ids",
    "documented_rules",
    "id_keywords",
    "named_ids",
    "whole_id_expression",
]

_ID_LIKE: Final = re.compile(r"(?:UC|BMR-)\d+", re.IGNORECASE)  # meant as an ID, known or not
_SEPARATORS: Final = re.compile(r"(\s+|\(|\))")
_RULE_HEADING: Final = re.compile(rf"^#+\s+({RULE_ID.pattern})\b", re.MULTILINE)


class SelectionError(ValueError):
    """The selection names a use case or rule the suite does not have."""


def _keyword(identifier: str) -> str:
    return f"id:{identifier.upper()}:"  # the closing colon keeps BMR-1 from matching BMR-10


def id_keywords(identity: ScenarioIdentity) -> set[str]:
    """The whole-ID keywords of a scenario: its use case and each rule it checks."""
    ids = [*([identity["useCase"]] if identity["useCase"] else []), *identity["rules"]]
    return {_keyword(identifier) for identifier in ids}


def _tokens(expression: str) -> list[str]:
    return _SEPARATORS.split(expression)


def named_ids(expression: str) -> list[str]:
    """The use case and rule IDs an expression names, upper-cased, in order."""
    return [token.upper() for token in _tokens(expression) if _ID_LIKE.fullmatch(token)]


def whole_id_expression(expression: str) -> str:
    """`expression` with each ID replaced by its whole-ID keyword; idempotent."""
    return "".join(_keyword(token) if _ID_LIKE.fullmatch(token) else token for token in _tokens(expression))


def documented_rules(rules_page: Path) -> set[str]:
    """The rule IDs the rules page defines (its headings), or none when the page is not installed."""
    if not rules_page.is_file():
        return set()
    return set(_RULE_HEADING.findall(rules_page.read_text(encoding="utf-8")))


def check_ids(expression: str, *, use_cases: Iterable[str], rules: Iterable[str]) -> None:
    """Raise `SelectionError` for the first use case or rule in `expression` that the suite does not know."""
    known_use_cases, known_rules = set(use_cases), set(rules)
    for identifier in named_ids(expression):
        if USE_CASE_ID.fullmatch(identifier):
            if identifier not in known_use_cases:
                listed = ", ".join(sorted(known_use_cases, key=_number))
                raise SelectionError(f"unknown use case {identifier} in -k: the suite has features for {listed}")
        elif identifier not in known_rules:
            listed = ", ".join(sorted(known_rules, key=_number))
            raise SelectionError(
                f"unknown rule {identifier} in -k: a rule ID matches whole, and the rules are {listed}"
            )


def _number(identifier: str) -> int:
    return int(re.sub(r"\D", "", identifier) or 0)
