"""Certification: certify the reference, verify the bundle offline, and see verification fail on one changed byte."""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path

import pytest

from conformance.certify.bundle import NotCertifiable, check_certifiable
from conformance.report import ScenarioResult, build_report
from tests.command import run_conformance
from tests.feature_files import runs_by_use_case
from tests.shared_runs import WHOLE_RUNS, CertifiedRun

pytestmark = pytest.mark.xdist_group(WHOLE_RUNS)


@pytest.fixture
def keys(certified_reference: CertifiedRun) -> tuple[Path, Path]:
    return certified_reference.private_key, certified_reference.public_key


@pytest.fixture
def bundle(certified_reference: CertifiedRun) -> Path:
    assert certified_reference.returncode == 0, certified_reference.output
    assert f"Certified: PASS for {', '.join(runs_by_use_case())}" in certified_reference.output
    return certified_reference.bundle


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers()}  # type: ignore[union-attr]


def repack(contents: dict[str, bytes], out: Path) -> Path:
    with tarfile.open(out, "w:gz") as archive:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out


def verify(path: Path, public_key: Path) -> tuple[int, str]:
    result = run_conformance("verify-bundle", str(path), "--public-key", str(public_key))
    return result.returncode, result.stdout + result.stderr


def test_the_bundle_of_the_reference_verifies_offline(bundle: Path, keys: tuple[Path, Path]) -> None:
    code, output = verify(bundle, keys[1])
    assert code == 0, output
    assert output.startswith("VERIFIED: PASS — reference")
    contents = members(bundle)
    assert sorted(contents) == sorted(
        ["manifest.json", "manifest.sig", "exchanges.jsonl"]
        + [f"reports/{n}" for n in ("report.json", "junit.xml", "report.html", "report.md")]
    )
    manifest = json.loads(contents["manifest.json"])
    report = json.loads(contents["reports/report.json"])
    assert manifest["verdict"] == report["verdict"] == "PASS"
    assert manifest["suite"] == report["suite"]
    assert manifest["spec"] == report["spec"]
    assert manifest["requirements"]["BMR-20"]["verdict"] == "PASS"
    assert set(manifest["requirements"]["BMR-20"]["scenarios"].values()) == {"passed"}
    log = [json.loads(line) for line in contents["exchanges.jsonl"].decode().splitlines()]
    assert len(log) == sum(s["exchangeSummary"]["count"] for s in report["scenarios"]) > 1000
    assert {entry["scenario"] for entry in log} == {s["id"] for s in report["scenarios"]}


def test_one_changed_byte_fails_verification(bundle: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    raw = bytearray(bundle.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    (tmp_path / "flipped.tar.gz").write_bytes(bytes(raw))
    code, output = verify(tmp_path / "flipped.tar.gz", keys[1])
    assert code == 1
    assert "NOT VERIFIED" in output


@pytest.mark.parametrize(
    ("member", "said"),
    [
        ("reports/report.md", "reports/report.md does not match its hash in the manifest"),
        ("exchanges.jsonl", "exchanges.jsonl does not match its hash in the manifest"),
        ("manifest.json", "the signature of manifest.json does not verify"),
    ],
)
def test_one_changed_byte_in_any_member_fails_verification(
    bundle: Path, keys: tuple[Path, Path], tmp_path: Path, member: str, said: str
) -> None:
    contents = members(bundle)
    data = bytearray(contents[member])
    data[len(data) // 2] ^= 0x01
    code, output = verify(repack({**contents, member: bytes(data)}, tmp_path / "changed.tar.gz"), keys[1])
    assert code == 1
    assert said in output


def test_another_key_or_an_added_file_fails_verification(bundle: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    assert run_conformance("keygen", "--out", str(tmp_path)).returncode == 0
    code, output = verify(bundle, tmp_path / "certifier.pub")
    assert (code, "does not verify with this key" in output) == (1, True)
    added = repack({**members(bundle), "reports/extra.txt": b"x"}, tmp_path / "added.tar.gz")
    code, output = verify(added, keys[1])
    assert (code, "members not in the manifest: reports/extra.txt" in output) == (1, True)


def test_a_badge_comes_only_from_a_verified_bundle(bundle: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    result = run_conformance("badge", str(bundle), "--public-key", str(keys[1]), "--out", str(tmp_path / "badge"))
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "badge" / "badge.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert f"PASS {', '.join(runs_by_use_case())} (suite " in svg
    assert (
        (tmp_path / "badge" / "badge.md")
        .read_text(encoding="utf-8")
        .startswith(f"![NMF conformance: PASS {', '.join(runs_by_use_case())}")
    )
    contents = members(bundle)
    forged = repack(
        {**contents, "manifest.json": contents["manifest.json"].replace(b'"PASS"', b'"PASS" ', 1)},
        tmp_path / "forged.tar.gz",
    )
    refused = run_conformance("badge", str(forged), "--public-key", str(keys[1]), "--out", str(tmp_path / "no"))
    assert refused.returncode == 1
    assert not (tmp_path / "no").exists()


def scenario(outcome: str) -> ScenarioResult:
    return {
        "id": "UC1-S01",
        "feature": "UC1 f",
        "useCase": "UC1",
        "name": "n",
        "tags": [],
        "rules": ["BMR-01"],
        "outcome": outcome,
        "message": "",
        "exchanges": [],
    }  # type: ignore[typeddict-item]


@pytest.mark.parametrize(
    ("report", "said"),
    [
        (build_report([scenario("failed")], target="t"), "the verdict is FAIL"),
        (build_report([scenario("skipped")], target="t"), "the verdict is NOT TESTED"),
        (build_report([scenario("passed")], target="t", deselected=[scenario("passed")]), "PARTIAL"),
        (build_report([scenario("passed")], target="t", keywords="UC1"), "PARTIAL"),
        (
            build_report(
                [scenario("passed"), scenario("notRun")],
                target="t",
                completion={"complete": False, "cause": "SIGTERM", "detail": ""},
            ),
            "did not finish (SIGTERM): INCOMPLETE",
        ),
    ],
)
def test_a_failed_partial_or_interrupted_run_is_not_certified(report: dict[str, object], said: str) -> None:
    with pytest.raises(NotCertifiable, match=re.escape(said)):
        check_certifiable(report)
    check_certifiable(build_report([scenario("passed")], target="t"))  # the same, whole and passed, is


def test_certify_refuses_a_failed_run_and_writes_no_bundle(keys: tuple[Path, Path], tmp_path: Path) -> None:
    # The refusal, not the verdict, is under test: the platform claims UC2 alone, so only UC2 runs in full.
    config = tmp_path / "conformance.toml"
    config.write_text(
        '[target]\nurl = "python:tests.faulty_nmfs:penalty_waived"\n\n'
        '[capabilities]\nuse_cases = ["UC2"]\ntest_clock = true\n',
        encoding="utf-8",
    )
    out = tmp_path / "bundle.tar.gz"
    result = run_conformance(
        "certify",
        "--config",
        str(config),
        "--key",
        str(keys[0]),
        "--out",
        str(out),
        "--report",
        str(tmp_path / "rep"),
    )
    assert result.returncode == 1
    assert "not certified: the verdict is FAIL" in result.stderr
    assert not out.exists()
    assert run_conformance("certify", "--key", str(keys[0]), "-k", "UC1").returncode == 4  # no selection


# -- verify-trace: the bundle's exchange log, judged alone -----------------------------------------


def test_verify_trace_passes_the_references_own_log(bundle: Path, tmp_path: Path) -> None:
    trace = tmp_path / "exchanges.jsonl"
    trace.write_bytes(members(bundle)["exchanges.jsonl"])
    result = run_conformance("verify-trace", str(trace))
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.strip().endswith("exchanges judged from the trace alone: PASS")


def test_verify_trace_fails_a_log_with_one_message_edited_naming_the_rule(bundle: Path, tmp_path: Path) -> None:
    lines = members(bundle)["exchanges.jsonl"].decode().splitlines()
    index, exchange = next(
        (i, e)
        for i, e in ((i, json.loads(line)) for i, line in enumerate(lines))
        if (e["requestBody"] or {}).get("messageType") == "DispatchInstruction" and e["status"] == 201
    )
    start = exchange["requestBody"]["payload"]["start"]
    exchange["requestBody"]["payload"]["start"] = start[:14] + "15:00Z"
    lines[index] = json.dumps(exchange)
    trace = tmp_path / "edited.jsonl"
    trace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_conformance("verify-trace", str(trace))
    assert result.returncode == 1
    (finding,) = [line for line in result.stdout.splitlines() if line.startswith("line ")]
    assert finding.startswith(f"line {index + 1} (exchange #{exchange['sequence']}): [BMR-01] DispatchInstruction")
    assert "/payload/start" in finding
    assert "rules BMR-01" in result.stdout
