"""RFC 9457 problem documents: the one exception type every rule raises, and its rendering."""

from dataclasses import dataclass, field
from typing import Any

PROBLEM_CONTENT_TYPE = "application/problem+json"
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}


@dataclass(frozen=True)
class FieldError:
    """One entry of a problem's `errors`: a JSON pointer into the request body and what is wrong."""

    pointer: str
    detail: str


@dataclass
class ProblemError(Exception):
    """A refused request. `slug` becomes `urn:flex-conformance:problem:<slug>`."""

    status: int
    slug: str
    detail: str
    rule: str | None = None
    errors: list[FieldError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.detail)

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "type": f"urn:flex-conformance:problem:{self.slug}",
            "title": _TITLES.get(self.status, "Error"),
            "status": self.status,
            "detail": self.detail,
        }
        if self.rule is not None:
            doc["rule"] = self.rule
        if self.errors:
            doc["errors"] = [{"pointer": e.pointer, "detail": e.detail} for e in self.errors]
        return doc


def invalid(detail: str, *, pointer: str | None = None, rule: str | None = None) -> ProblemError:
    """422: the content is wrong whatever the state of the market."""
    errors = [FieldError(pointer, detail)] if pointer is not None else []
    return ProblemError(422, "invalid-content", detail, rule, errors)


def conflict(detail: str, *, rule: str | None = None, pointer: str | None = None) -> ProblemError:
    """409: the request conflicts with the state of the market or with the clock."""
    errors = [FieldError(pointer, detail)] if pointer is not None else []
    return ProblemError(409, "conflict", detail, rule, errors)


def forbidden(detail: str, *, rule: str | None = "BMR-04") -> ProblemError:
    """403: the authenticated actor may not do this."""
    return ProblemError(403, "forbidden", detail, rule)


def not_found(detail: str, *, pointer: str | None = None) -> ProblemError:
    """404: unknown, or not visible to the caller."""
    errors = [FieldError(pointer, detail)] if pointer is not None else []
    return ProblemError(404, "not-found", detail, None, errors)


def unauthorized(detail: str = "missing or invalid bearer credential") -> ProblemError:
    """401: no credential, or not one this NMF issued for this endpoint."""
    return ProblemError(401, "unauthorized", detail, "BMR-04")


def bad_request(detail: str) -> ProblemError:
    """400: the request cannot be read at all."""
    return ProblemError(400, "bad-request", detail)
