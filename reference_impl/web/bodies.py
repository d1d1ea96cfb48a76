"""Reading request bodies: JSON (400 when unreadable) and generated-model validation (422)."""

import json
from typing import Any

import pydantic

from reference_impl.problems import FieldError, ProblemError, bad_request

_PERIOD_FIELDS = frozenset({"start", "end", "periodStart", "from", "to"})


def parse_json(raw: bytes) -> Any:
    """The JSON document of a request body; 400 when it cannot be read."""
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
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
