"""JSON pretty-printed as HTML, with the values at given paths marked: the offending field of a failure."""

from __future__ import annotations

import json
from collections.abc import Collection
from html import escape
from typing import Any

from conformance.reports.evidence import Path

__all__ = ["MARK_CLASS", "json_html"]

MARK_CLASS = "offending"
_INDENT = "  "


def json_html(value: Any, marked: Collection[Path] = ()) -> str:
    """`value` as `json.dumps(indent=2)` prints it, HTML-escaped, each value at a path in `marked` in <mark>."""
    return _render(value, (), frozenset(marked), 0)


def _render(value: Any, path: Path, marked: frozenset[Path], depth: int) -> str:
    text = _container(value, path, marked, depth)
    if path in marked:
        return f'<mark class="{MARK_CLASS}" title="the field the failure names">{text}</mark>'
    return text


def _container(value: Any, path: Path, marked: frozenset[Path], depth: int) -> str:
    inner = _INDENT * (depth + 1)
    outer = _INDENT * depth
    if isinstance(value, dict) and value:
        items = [
            f"{inner}{escape(json.dumps(key, ensure_ascii=False))}: {_render(child, (*path, key), marked, depth + 1)}"
            for key, child in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if isinstance(value, list) and value:
        items = [f"{inner}{_render(child, (*path, i), marked, depth + 1)}" for i, child in enumerate(value)]
        return "[\n" + ",\n".join(items) + f"\n{outer}]"
    return escape(json.dumps(value, ensure_ascii=False))
