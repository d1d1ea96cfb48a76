"""Every exit code of `conformance run` is documented, identically, in `--help` and in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.exit_codes import RunExit, exit_code_lines

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_table_lists_every_exit_code_with_its_meaning() -> None:
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", README.read_text(encoding="utf-8"), flags=re.MULTILINE)

    assert [(int(code), meaning) for code, meaning in rows] == exit_code_lines()


def test_the_help_lists_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])

    text = " ".join(capsys.readouterr().out.split())
    for code, meaning in exit_code_lines():
        assert f"{code} {' '.join(meaning.split())}" in text


def test_the_codes_are_distinct_and_agree_with_pytest_where_they_overlap() -> None:
    assert len({int(code) for code in RunExit}) == len(RunExit)
    assert RunExit.FAILED == pytest.ExitCode.TESTS_FAILED
    assert RunExit.INCOMPLETE == pytest.ExitCode.INTERRUPTED
    assert RunExit.USAGE_ERROR == pytest.ExitCode.USAGE_ERROR
    assert RunExit.NOTHING_SELECTED == pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.mark.parametrize(
    "arguments",
    [
        ["run", "--timeout", "0"],
        ["run", "--max-failures", "0"],
        ["run", "--max-failures", "many"],
        ["serve", "--bogus"],
        ["nothing"],
    ],
)
def test_a_bad_command_line_exits_with_the_usage_code_not_incomplete(arguments: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(arguments)

    assert exit_.value.code == RunExit.USAGE_ERROR
