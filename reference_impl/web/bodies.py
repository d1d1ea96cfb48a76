"""Reading request bodies: bounded (413), JSON only (415), readable (400), then model validation (422).

The bounds are stated in docs/api.md ("Bounds"); every refusal is a problem document.
"""

import re
from itertools import accumulate
from typing import Any

import pydantic
from starlette.requests import Request

from reference_impl import json_text
from reference_impl.problems import FieldError, ProblemError, bad_request

MAX_BODY_BYTES = 1024 * 1024
MAX_NESTING = 32
_PERIOD_FIELDS = frozenset({"start", "end", "periodStart", "from", "to"})
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def too_large() -> ProblemError:
    """413: the body is longer than the NMF reads."""
    return ProblemError(413, "payload-too-large", f"the request body is longer than {MAX_BODY_BYTES} bytes")


def declared_too_large(content_length: str | None) -> bool:
    """True when a Content-Length header announces more than MAX_BODY_BYTES (checked before any read)."""
    return content_length is not None and (not content_length.isdigit() or int(content_length) > MAX_BODY_BYTES)


def _require_json_content_type(request: Request) -> None:
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json":
        raise ProblemError(415, "unsupported-media-type", "the request body must be sent as application/json")


async def read_body(request: Request) -> bytes:
    """The raw body of a JSON request, read only up to MAX_BODY_BYTES (415 and 413 before anything else)."""
    _require_json_content_type(request)
    if declared_too_large(request.headers.get("content-length")):
        raise too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def _nesting(raw: bytes) -> int:
    """The deepest nesting of arrays and objects, counted outside strings without parsing."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_NESTING:  # cannot go deeper than it has openings
        return 0
    brackets = _BRACKET.findall(_STRING.sub(b"", raw))
    return max(accumulate(1 if b in (b"[", b"{") else -1 for b in brackets), default=0)


def parse_json(raw: bytes) -> Any:
    """The JSON document of a request body; 400 when it cannot be read or goes past the bounds.

    Unreadable includes NaN and Infinity, numbers beyond a double, invalid UTF-8 and lone surrogates
    (no answer could carry one): see `json_text`.
    """
    if _nesting(raw) > MAX_NESTING:
        raise bad_request(f"the body is nested deeper than {MAX_NESTING} levels")
    try:
        return json_text.loads(raw)
    except json_text.DecodeError as exc:
        raise bad_request(f"the body is not readable JSON: {exc}") from None


def _pointer(loc: tuple[int | str, ...]) -> str:
    # pydantic adds validator names such as "function-after[...]" or "literal['NMF']" to unions
    parts = [str(p) for p in loc if isinstance(p, int) or ("[" not in p and "(" not in p)]
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts) if parts else ""


def _rule_for(pointer: str) -> str | None:
    name = pointer.rsplit("/", 1)[-1]
    if name in _PERIOD_FIELDS:
        return "BMR-01"
    if name == "mpan":
        return "BMR-02"
    if name.endswith(("Kw", "Kwh", "Kva", "GbpPerMwh", "GbpPerMwPerH")):
        return "BMR-03"
    return None


def validate(model: type[pydantic.BaseModel], document: Any) -> None:
    """422 with a JSON pointer per error unless `document` satisfies the generated model."""
    try:
        model.model_validate(document)
    except pydantic.ValidationError as exc:
        errors = [FieldError(_pointer(e["loc"]), e["msg"]) for e in exc.errors()]
        first = errors[0] if errors else FieldError("", "invalid")
        raise ProblemError(
            422,
            "invalid-content",
            f"the request body does not match {model.__name__}: {first.pointer or '/'} {first.detail}",
            _rule_for(first.pointer),
            errors,
        ) from None
