"""The suite against the reference served on PostgreSQL with two worker processes, and serve's checks."""

import json
from pathlib import Path

from tests.feature_files import all_passed
from tests.served_reference import ADMIN_TOKEN, conformance, fresh_database, postgres_server, served

__all__ = ["postgres_server"]  # a fixture, imported for pytest


def test_the_suite_passes_against_two_workers_on_postgresql(postgres_server: str, tmp_path: Path) -> None:
    with served(fresh_database(postgres_server), workers=2) as nmf:
        arguments = ["--target", nmf.base_url, "--admin-token", ADMIN_TOKEN, "--report", str(tmp_path), "-n", "2"]
        result = conformance("run", *arguments, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {uc: v["verdict"] for uc, v in report["useCases"].items()} == all_passed()
    assert report["summary"]["passed"] == report["summary"]["total"] > 60


def test_several_workers_on_sqlite_are_refused(tmp_path: Path) -> None:
    result = conformance("serve", "--port", "0", "--database", str(tmp_path / "db"), "--workers", "2", timeout=60)
    assert result.returncode == 2
    assert "several workers share one database only on PostgreSQL" in result.stderr
    assert not (tmp_path / "db").exists()
