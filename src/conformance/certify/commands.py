"""`conformance certify | verify-bundle | badge | keygen`: the command line of certification."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conformance.certify.badge import badge_markdown, badge_svg
from conformance.certify.bundle import (
    BundleError,
    NotCertifiable,
    check_certifiable,
    generate_keys,
    verify_bundle,
    write_bundle,
)
from conformance.report import load_report

__all__ = ["COMMANDS", "add_parsers", "certify", "strict"]

DEFAULT_BUNDLE = "conformance-certificate.tar.gz"


def add_parsers(commands: Any, run_options: argparse.ArgumentParser) -> None:
    """The certification subcommands; `run_options` holds the target options `certify` shares with `run`."""
    certify_parser = commands.add_parser(
        "certify",
        parents=[run_options],
        help="run the whole suite strictly and write a signed certification bundle",
        description="Run the whole suite (no selection, no early stop, every exchange kept) and, only if it "
        "finished and passed, write one signed bundle: manifest, versions, platform identity, verdict per rule, "
        "reports and exchange log, with content hashes.",
    )
    certify_parser.add_argument("--key", required=True, metavar="PEM", help="the certifier's Ed25519 private key")
    certify_parser.add_argument("--out", default=DEFAULT_BUNDLE, metavar="FILE", help=f"default {DEFAULT_BUNDLE}")

    verify_parser = commands.add_parser("verify-bundle", help="check a certification bundle offline")
    verify_parser.add_argument("bundle", metavar="FILE")
    verify_parser.add_argument("--public-key", required=True, metavar="PEM", help="the certifier's public key")

    badge_parser = commands.add_parser("badge", help="write badge.svg and badge.md from a verified bundle")
    badge_parser.add_argument("bundle", metavar="FILE")
    badge_parser.add_argument("--public-key", required=True, metavar="PEM")
    badge_parser.add_argument("--out", default=".", metavar="DIR")

    keygen_parser = commands.add_parser("keygen", help="make an Ed25519 key pair for signing bundles")
    keygen_parser.add_argument("--out", default=".", metavar="DIR")


def strict(args: argparse.Namespace) -> None:
    """The run settings of `certify`: the whole suite, never stopped early, every exchange kept."""
    args.k, args.n, args.max_failures, args.last_failed, args.full_log = None, None, None, False, True


def certify(args: argparse.Namespace, run_code: int) -> int:
    """After the run: refuse, or write the bundle. Exit 0 only when a bundle was written."""
    try:
        report = load_report(Path(args.report))
        check_certifiable(report)
        manifest = write_bundle(Path(args.report), report, Path(args.key).read_bytes(), Path(args.out))
    except NotCertifiable as exc:
        print(f"conformance: not certified: {exc} (run exit {run_code}); no bundle written", file=sys.stderr)
        return 1
    except (OSError, ValueError, BundleError) as exc:
        print(f"conformance: no bundle written: {exc}", file=sys.stderr)
        return 1
    print(f"Certified: {manifest['verdict']} for {', '.join(manifest['useCases'])}; bundle {args.out}")
    return 0


def _verified(args: argparse.Namespace, refusal: str) -> dict[str, Any] | None:
    """The manifest of the bundle in `args`, or None after saying `refusal` and why."""
    try:
        return verify_bundle(Path(args.bundle), Path(args.public_key).read_bytes())
    except (OSError, ValueError, BundleError) as exc:
        print(f"conformance: {refusal}: {exc}", file=sys.stderr)
        return None


def verify_command(args: argparse.Namespace) -> int:
    manifest = _verified(args, "NOT VERIFIED")
    if manifest is None:
        return 1
    platform = manifest["platform"] or {}
    named = " ".join(str(platform[k]) for k in ("vendor", "name", "version") if platform.get(k)) or "unnamed"
    print(
        f"VERIFIED: {manifest['verdict']} — {manifest['target']} ({named}), "
        f"suite {manifest['suite']['version']} commit {manifest['suite']['commit']}, "
        f"NMF interface {manifest['spec']['interfaceVersion']}, run {manifest['run']['startedAt']}"
    )
    for rule, entry in manifest["requirements"].items():
        print(f"  {rule}  {entry['verdict']:<5} {len(entry['scenarios'])} scenarios")
    return 0


def badge_command(args: argparse.Namespace) -> int:
    manifest = _verified(args, "no badge, the bundle does not verify")
    if manifest is None:
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "badge.svg").write_text(badge_svg(manifest), encoding="utf-8")
    (out / "badge.md").write_text(badge_markdown(manifest), encoding="utf-8")
    print(f"Badge: {out / 'badge.svg'} and {out / 'badge.md'}")
    return 0


def keygen_command(args: argparse.Namespace) -> int:
    private, public = generate_keys(Path(args.out))
    print(f"Private key: {private} (keep it secret)\nPublic key: {public} (give it to whoever verifies)")
    return 0


COMMANDS = {"verify-bundle": verify_command, "badge": badge_command, "keygen": keygen_command}
