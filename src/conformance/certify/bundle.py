"""The certification bundle: one tar.gz of the reports, the exchange log and a signed manifest of their hashes.

`manifest.json` names the suite, the spec, the platform, the verdict per rule and the SHA-256 of
every other member; `manifest.sig` is the Ed25519 signature of manifest.json's bytes. Verifying
needs only the bundle and the certifier's public key.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from conformance.reports.verdicts import rule_verdicts

__all__ = [
    "BundleError",
    "NotCertifiable",
    "check_certifiable",
    "generate_keys",
    "verify_bundle",
    "write_bundle",
]

BUNDLE_FORMAT: Final = "1.0"
MANIFEST: Final = "manifest.json"
SIGNATURE: Final = "manifest.sig"
EXCHANGES: Final = "exchanges.jsonl"
_REPORTS: Final = ("report.json", "junit.xml", "report.html", "report.md")


class NotCertifiable(Exception):  # noqa: N818 - a refusal, stated to the vendor
    """The run cannot be certified: it failed, did not finish, or was not the whole suite."""


class BundleError(Exception):
    """The bundle does not verify: unreadable, altered, or not signed by the key given."""


def check_certifiable(report: Mapping[str, Any]) -> None:
    """Raise `NotCertifiable` unless the report is a finished, whole-suite run whose verdict is PASS."""
    if not report["completion"]["complete"]:
        raise NotCertifiable(f"the run did not finish ({report['completion']['cause']}): INCOMPLETE")
    if report["selection"] is not None or not report["conformanceClaim"]:
        raise NotCertifiable("the run was a selection of the suite, not the whole suite: PARTIAL")
    if report["verdict"] != "PASS":
        counts = report["summary"]
        raise NotCertifiable(
            f"the verdict is {report['verdict']} ({counts['failed']} failed, {counts['skipped']} not tested)"
        )


def write_bundle(report_dir: Path, report: Mapping[str, Any], private_key_pem: bytes, out: Path) -> dict[str, Any]:
    """Write the signed bundle of a certifiable run to `out`; return its manifest."""
    check_certifiable(report)
    members = {f"reports/{name}": (report_dir / name).read_bytes() for name in _REPORTS}
    members[EXCHANGES] = _exchange_log(report)
    manifest = {
        "bundleFormat": BUNDLE_FORMAT,
        "suite": report["suite"],
        "spec": report["spec"],
        "platform": report["platform"],
        "target": report["target"],
        "run": {k: report["run"][k] for k in ("startedAt", "finishedAt", "durationSeconds")},
        "capabilities": report["run"]["options"].get("capabilities"),
        "verdict": report["verdict"],
        "useCases": {uc: counts["verdict"] for uc, counts in report["useCases"].items()},
        "requirements": {
            rule: {"verdict": entry["verdict"], "scenarios": {s["id"]: s["outcome"] for s in entry["scenarios"]}}
            for rule, entry in rule_verdicts(report).items()
        },
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(members.items())},
    }
    manifest_bytes = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleError("the signing key is not an Ed25519 private key")
    members[MANIFEST] = manifest_bytes
    members[SIGNATURE] = key.sign(manifest_bytes).hex().encode() + b"\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(out, "w:gz") as archive:
        for name in (MANIFEST, SIGNATURE, *sorted(set(members) - {MANIFEST, SIGNATURE})):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(members[name]), 0, 0o644
            archive.addfile(info, io.BytesIO(members[name]))
    return manifest


def verify_bundle(bundle: Path, public_key_pem: bytes) -> dict[str, Any]:
    """The manifest of a bundle whose signature and every content hash check out; else raise `BundleError`."""
    members = _read_members(bundle)
    for required in (MANIFEST, SIGNATURE):
        if required not in members:
            raise BundleError(f"{bundle}: no {required}")
    key = serialization.load_pem_public_key(public_key_pem)
    if not isinstance(key, Ed25519PublicKey):
        raise BundleError("the public key is not an Ed25519 key")
    try:
        key.verify(bytes.fromhex(members[SIGNATURE].decode().strip()), members[MANIFEST])
    except (InvalidSignature, ValueError):
        raise BundleError(f"{bundle}: the signature of {MANIFEST} does not verify with this key") from None
    manifest: dict[str, Any] = json.loads(members[MANIFEST])
    listed = manifest["files"]
    unlisted = sorted(set(members) - set(listed) - {MANIFEST, SIGNATURE})
    if unlisted:
        raise BundleError(f"{bundle}: members not in the manifest: {', '.join(unlisted)}")
    for name, digest in listed.items():
        if name not in members:
            raise BundleError(f"{bundle}: {name} is missing")
        if hashlib.sha256(members[name]).hexdigest() != digest:
            raise BundleError(f"{bundle}: {name} does not match its hash in the manifest")
    return manifest


def generate_keys(directory: Path, name: str = "certifier") -> tuple[Path, Path]:
    """A new Ed25519 key pair as PEM files `name.key` (private, mode 600) and `name.pub`."""
    key = Ed25519PrivateKey.generate()
    directory.mkdir(parents=True, exist_ok=True)
    private, public = directory / f"{name}.key", directory / f"{name}.pub"
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    private.chmod(0o600)
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return private, public


def _exchange_log(report: Mapping[str, Any]) -> bytes:
    """Every exchange of the run as JSON lines, each with the ID of its scenario."""
    lines = [
        json.dumps({"scenario": scenario["id"], **exchange}, ensure_ascii=False)
        for scenario in report["scenarios"]
        for exchange in scenario["exchanges"]
    ]
    return ("\n".join(lines) + "\n").encode()


def _read_members(bundle: Path) -> dict[str, bytes]:
    try:
        with tarfile.open(bundle, "r:gz") as archive:
            members: dict[str, bytes] = {}
            for info in archive.getmembers():
                extracted = archive.extractfile(info) if info.isfile() else None
                if extracted is None:
                    raise BundleError(f"{bundle}: {info.name} is not a regular file")
                members[info.name] = extracted.read()
            return members
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BundleError(f"{bundle}: not a readable bundle ({exc})") from None
