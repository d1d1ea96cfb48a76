"""One phrase, one definition: pytest-bdd lets a later registration silently win, so this is the guard."""

import ast
from collections import Counter
from pathlib import Path

from conformance.plugin import STEP_MODULES

STEPS = Path(__file__).resolve().parents[1] / "src" / "conformance" / "steps"
KEYWORDS = {"given", "when", "then"}


def step_phrases() -> list[tuple[str, str]]:
    phrases = []
    for path in sorted(STEPS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in KEYWORDS:
                argument = node.args[0]
                if isinstance(argument, ast.Call):  # parsers.parse("...")
                    argument = argument.args[0]
                phrases.append((node.func.id, ast.literal_eval(argument)))
    return phrases


def test_there_are_steps() -> None:
    assert len(step_phrases()) > 20


def test_step_phrases_are_unique() -> None:
    assert [phrase for phrase, count in Counter(step_phrases()).items() if count > 1] == []


def test_step_modules_are_all_registered() -> None:
    modules = {path.stem for path in STEPS.glob("*.py")} - {"__init__", "tables"}
    assert set(STEP_MODULES) == modules
