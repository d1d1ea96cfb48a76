"""The mutation tool finds one mutant per change a wrong rule could make, and applies exactly that change."""

import ast
from pathlib import Path

import pytest

from mutation.equivalents import EquivalentsError, load_equivalents
from mutation.operators import Mutant, find_mutants, mutated_code, mutated_source
from mutation.score import KILLED, SURVIVED, UNCOVERED, Outcome, load_outcomes, score, write_results

SOURCE = '''"""Module docstring: never mutated."""

LIMIT = 15
"""Attribute docstring: never mutated."""


class Terms:
    """Class docstring."""

    rate: float = 0.5


def check(ctx, kw: int, pointer: str = "/payload/kw") -> int:
    """Function docstring."""
    if kw > LIMIT and ctx.strict:
        raise conflict(f"{kw} is more than {LIMIT}", rule="BMR-11", pointer=pointer)
    if not ctx.quiet:
        ctx.notify([ctx.seller], "Notice", ctx.id)
    ctx.total += kw * 2
    ctx.status = "ARMED"
    _field(ctx, "/payload/field")
    return min(ctx.limits, default=None)


def _field(ctx, pointer):
    return pointer


def _read(data, key, base=""):
    return data.get(key) or _read(data, key, base="/payload/base")
'''


@pytest.fixture
def module(tmp_path: Path) -> Path:
    path = tmp_path / "rules.py"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def _by_key(module: Path) -> dict[str, Mutant]:
    return {m.key.removeprefix(f"{module}:"): m for m in find_mutants(module, "rules")}


def test_each_operator_finds_its_mutants(module: Path) -> None:
    found = set(_by_key(module))
    expected = {
        "<module>:constant: 15 -> 16",
        "Terms<class body>:constant: 0.5 -> 1.5",
        "check:compare[0]: kw > LIMIT -> kw >= LIMIT",
        "check:boolean: kw > LIMIT and ctx.strict -> kw > LIMIT or ctx.strict",
        "check:constant: 'BMR-11' -> 'XXBMR-11XX'",
        "check:unary: not ctx.quiet -> ctx.quiet",
        "check:statement: ctx.notify([ctx.seller], 'Notice', ctx.id) -> pass",
        "check:constant: 'Notice' -> 'XXNoticeXX'",
        "check:arithmetic: ctx.total += kw * 2 -> ctx.total -= kw * 2",
        "check:arithmetic: kw * 2 -> kw / 2",
        "check:constant: 2 -> 3",
        "check:statement: ctx.total += kw * 2 -> pass",
        "check:statement: ctx.status = 'ARMED' -> pass",
        "check:constant: 'ARMED' -> 'XXARMEDXX'",
        "check:call: min -> max",
        "check:return: return min(ctx.limits, default=None) -> return None",
    }
    assert expected <= found
    raise_statement = [k for k in found if k.startswith("check:statement: raise conflict(")]
    assert len(raise_statement) == 1


def test_what_no_rule_reads_is_left_alone(module: Path) -> None:
    """Docstrings, annotations, f-string text, problem detail text and JSON pointers are not mutated."""
    keys = " | ".join(k for k in _by_key(module) if ":statement:" not in k)
    for untouched in ("docstring", "/payload/kw", "/payload/field", "is more than", "'float'", "'int'"):
        assert untouched not in keys
    constants = " | ".join(k for k in _by_key(module) if ":constant:" in k)
    for untouched in ("'/payload/base' ->", "'' ->"):  # a `base` pointer, as an argument and as a default
        assert untouched not in constants


def test_a_mutant_changes_exactly_one_thing(module: Path) -> None:
    mutants = _by_key(module)
    original = ast.dump(ast.parse(SOURCE))
    for mutant in mutants.values():
        changed = mutated_source(SOURCE, mutant)
        assert ast.dump(ast.parse(changed)) != original, mutant.key
    changed = mutated_source(SOURCE, mutants["check:compare[0]: kw > LIMIT -> kw >= LIMIT"])
    assert "if kw >= LIMIT and ctx.strict:" in changed
    assert changed.count(">=") == 1
    removed = mutated_source(SOURCE, mutants["check:statement: ctx.notify([ctx.seller], 'Notice', ctx.id) -> pass"])
    assert "ctx.notify" not in removed


def test_mutated_code_keeps_the_files_line_numbers(module: Path) -> None:
    mutant = _by_key(module)["check:return: return min(ctx.limits, default=None) -> return None"]
    code = mutated_code(SOURCE, mutant, str(module))
    namespace: dict[str, object] = {}
    exec(code, namespace)  # noqa: S102 - the test runs the mutant it built
    check = namespace["check"]
    assert check.__code__.co_filename == str(module)  # type: ignore[attr-defined]
    assert mutant.line == SOURCE.splitlines().index("    return min(ctx.limits, default=None)") + 1


def test_keys_are_unique_and_code_that_runs_at_import_is_marked(module: Path) -> None:
    mutants = find_mutants(module, "rules")
    assert len({m.key for m in mutants}) == len(mutants)
    at_import = {m.key.split(":")[1] for m in mutants if m.at_import}
    assert at_import == {"<module>", "Terms<class body>"}


def test_repeated_changes_in_one_function_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "twice.py"
    path.write_text('def f(a):\n    g("X")\n    g("X")\n', encoding="utf-8")
    keys = [m.key for m in find_mutants(path, "twice") if m.operator == "constant"]
    assert keys == [f"{path}:f:constant: 'X' -> 'XXXXX'", f"{path}:f:constant: 'X' -> 'XXXXX' #2"]


def test_a_mutant_of_edited_source_is_refused(module: Path) -> None:
    mutant = _by_key(module)["check:call: min -> max"]
    with pytest.raises(LookupError):
        mutated_source(SOURCE.replace("min(", "sorted("), mutant)


def test_every_service_module_of_the_reference_yields_compilable_mutants() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "reference_impl" / "services").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for mutant in find_mutants(path, f"reference_impl.services.{path.stem}"):
            mutated_code(source, mutant, str(path))


def test_equivalents_need_a_reason_and_are_not_counted(tmp_path: Path, module: Path) -> None:
    mutants = list(_by_key(module).values())
    listed = tmp_path / "equivalents.toml"
    listed.write_text(f'[[equivalent]]\nmutant = "{mutants[0].key}"\nreason = "same answer"\n', encoding="utf-8")
    equivalents = load_equivalents(listed)
    outcomes = [
        Outcome(mutants[0], SURVIVED, 3, 1.0),
        Outcome(mutants[1], SURVIVED, 3, 1.0),
        Outcome(mutants[2], UNCOVERED, 0, 0.0),
        Outcome(mutants[3], KILLED, 3, 1.0, "scenario"),
    ]
    result = score(outcomes, equivalents)
    assert (result.killed, result.counted, result.equivalent) == (1, 3, 1)
    assert [o.mutant for o in result.survivors] == [mutants[1], mutants[2]]
    assert "1/3 killed" in result.summary()
    killed_equivalent = score([Outcome(mutants[0], KILLED, 3, 1.0, "scenario")], equivalents)
    assert killed_equivalent.wrong_equivalents
    listed.write_text(f'[[equivalent]]\nmutant = "{mutants[0].key}"\nreason = ""\n', encoding="utf-8")
    with pytest.raises(EquivalentsError):
        load_equivalents(listed)


def test_an_earlier_run_is_read_back_as_it_was_written(tmp_path: Path, module: Path) -> None:
    mutants = list(_by_key(module).values())[:3]
    outcomes = [
        Outcome(mutants[0], KILLED, 4, 1.5, "suite/test_use_cases.py::test_x"),
        Outcome(mutants[1], SURVIVED, 4, 9.0),
        Outcome(mutants[2], UNCOVERED, 0, 0.0),
    ]
    result = score(outcomes, {})
    survivors = write_results(tmp_path, outcomes, result, "header")
    assert survivors.read_text(encoding="utf-8").startswith("header\nMutation score: 1/3 killed")
    assert sorted(load_outcomes(tmp_path / "results.json"), key=lambda o: o.mutant.key) == sorted(
        outcomes, key=lambda o: o.mutant.key
    )
