"""The throwaway PostgreSQL helper says what is missing rather than failing obscurely."""

from pathlib import Path

import pytest

from reference_impl import pg_cluster


def test_missing_binaries_name_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pg_cluster.BINDIR_ENV, raising=False)
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(pg_cluster.glob, "glob", lambda _pattern: [])
    with pytest.raises(pg_cluster.PostgresUnavailableError, match=r"apt-get install -y postgresql"):
        pg_cluster.find_bindir()


def test_the_newest_debian_version_is_preferred(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(pg_cluster.BINDIR_ENV, raising=False)
    monkeypatch.setenv("PATH", "")
    bindirs = []
    for version in ("9", "15", "13"):
        bindir = tmp_path / version / "bin"
        bindir.mkdir(parents=True)
        for program in ("initdb", "postgres"):
            (bindir / program).write_text("")
        bindirs.append(str(bindir))
    monkeypatch.setattr(pg_cluster.glob, "glob", lambda _pattern: bindirs)
    assert pg_cluster.find_bindir().parent.name == "15"
