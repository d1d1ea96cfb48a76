"""JSON text in and out of the reference NMF (orjson: the standard library's encoder was ~10 % of an offer).

Bodies are read strictly: NaN, Infinity, numbers that overflow a double, invalid UTF-8 and lone
surrogates are all unreadable (400), so every string read can be written back. Text written is
compact; `canonical` also sorts keys, for the digest that recognises a repeated message (BMR-05).
"""

from typing import Any

import orjson
from starlette.responses import JSONResponse

DecodeError = orjson.JSONDecodeError


def loads(text: bytes | str) -> Any:
    """The value of a JSON text; DecodeError when it is not readable JSON."""
    return orjson.loads(text)


def dumps(value: Any) -> str:
    """Compact JSON text, as stored in a column."""
    return orjson.dumps(value).decode()


def canonical(value: Any) -> bytes:
    """Compact JSON with sorted keys: the same document always gives the same bytes."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


class JsonResponse(JSONResponse):
    """A JSON response written by orjson (same text as Starlette's, compact and UTF-8)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
