"""A badge from a verified bundle: an SVG and the Markdown that shows it, naming the suite version and verdict."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

__all__ = ["badge_markdown", "badge_svg"]


def _label(manifest: Mapping[str, Any]) -> tuple[str, str]:
    claimed = ", ".join(uc for uc, verdict in manifest["useCases"].items() if verdict == "PASS")
    return "NMF conformance", f"{manifest['verdict']} {claimed} (suite {manifest['suite']['version']})"


def badge_svg(manifest: Mapping[str, Any]) -> str:
    """A flat two-part badge; its width follows the text."""
    left, right = _label(manifest)
    left_width, right_width = 10 + 7 * len(left), 10 + 7 * len(right)
    colour = "#2e7d32" if manifest["verdict"] == "PASS" else "#b00020"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left_width + right_width}" height="20" role="img" '
        f'aria-label="{escape(left)}: {escape(right)}"><title>{escape(left)}: {escape(right)}</title>'
        f'<rect width="{left_width}" height="20" fill="#555"/>'
        f'<rect x="{left_width}" width="{right_width}" height="20" fill="{colour}"/>'
        '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="5" y="14">{escape(left)}</text><text x="{left_width + 5}" y="14">{escape(right)}</text></g></svg>\n'
    )


def badge_markdown(manifest: Mapping[str, Any], svg_name: str = "badge.svg") -> str:
    """The Markdown image of the badge, its alt text the same claim."""
    left, right = _label(manifest)
    return f"![{left}: {right}]({svg_name})\n"
