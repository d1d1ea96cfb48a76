"""The one function every request goes through: send it, record it, validate both sides against schemas/."""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

import httpx
import jsonschema
import referencing.exceptions

from conformance import provenance
from conformance.failures import ConformanceFailure
from conformance.schemas import rule_for, schema_name_for_message_type, validator_for

__all__ = [
    "PROBLEM_CONTENT_TYPE",
    "PROBLEM_SCHEMA",
    "Exchange",
    "ExchangeLog",
    "expect_success",
    "json_pointer",
    "send",
    "validate_message",
]

PROBLEM_SCHEMA = "problem.schema.json"
PROBLEM_CONTENT_TYPE = "application/problem+json"
CONTRACT = "contract"  # the rule named when the schema part that failed embodies no BMR
_REDACTED_KEYS = frozenset({"token"})  # credentials the NMF shows once; never written to a report
_MAX_DETAIL = 300
# What a schema lookup raises for a name it does not know (unknown message type, missing file).
_UNKNOWN_SCHEMA = (LookupError, ValueError, OSError, referencing.exceptions.Unresolvable)


@dataclass(frozen=True)
class Exchange:
    """One request and its response, as sent and received."""

    sequence: int
    actor: str
    method: str
    path: str
    request_body: Any
    status: int  # 0 when the NMF gave no answer at all
    response_body: Any  # parsed JSON, or None when the body was empty or not JSON
    content_type: str | None
    started_at: str  # UTC, ISO 8601 with milliseconds
    duration_ms: float

    @property
    def endpoint(self) -> str:
        """`METHOD /path` without the query string: how failures name the endpoint."""
        return f"{self.method} {self.path.partition('?')[0]}"

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict with credentials redacted (`_redact` copies every dict and list it keeps)."""
        redacted: dict[str, Any] = _redact({name: getattr(self, name) for name in _EXCHANGE_FIELDS})
        return redacted


_EXCHANGE_FIELDS = tuple(f.name for f in fields(Exchange))


@dataclass
class ExchangeLog:
    """Every exchange of one scenario, in the order they happened."""

    exchanges: list[Exchange] = field(default_factory=list)

    def next_sequence(self) -> int:
        return len(self.exchanges) + 1

    def record(self, exchange: Exchange) -> Exchange:
        self.exchanges.append(exchange)
        return exchange

    def __iter__(self) -> Iterator[Exchange]:
        return iter(self.exchanges)

    def __len__(self) -> int:
        return len(self.exchanges)

    def as_json(self) -> list[dict[str, Any]]:
        """The log as a JSON-ready list (credentials redacted)."""
        return [exchange.as_json() for exchange in self.exchanges]


def send(
    client: httpx.Client,
    log: ExchangeLog,
    *,
    actor: str,
    method: str,
    path: str,
    token: str | None,
    body: object | None = None,
    request_schema: str | None,
    response_schema: str | None,
    validate_request: bool = True,
    tolerate: Collection[int] = (),
) -> Exchange:
    """Send one request as `actor`, record it in `log`, and hold both sides to the contract.

    A 2xx body must match `response_schema`; a 4xx must be a problem document; a 5xx always fails.
    Statuses in `tolerate` are returned unchecked (the caller interprets them, e.g. "no test clock").
    """
    if validate_request and request_schema is not None and body is not None:
        _validate(body, request_schema, message=f"{_message_name(body, method, path)} request", exchange=None)
    headers = {"Accept": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    started_at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    started = time.perf_counter()
    try:
        response = client.request(method, path, json=body, headers=headers)
        error: httpx.HTTPError | None = None
    except httpx.HTTPError as exc:  # no answer: still logged, then reported as a failure
        response, error = None, exc
    sequence = log.next_sequence()
    names = _names(method, path, response_schema)
    exchange = log.record(
        Exchange(
            sequence=sequence,
            actor=actor,
            method=method,
            path=path,
            request_body=body,
            status=0 if response is None else response.status_code,
            response_body=None if response is None else provenance.traced(_parse_json(response), sequence, names),
            content_type=None if response is None else response.headers.get("content-type"),
            started_at=started_at,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
        )
    )
    # The harness has read the answer's status: until a check reads another body, this is the exchange read.
    provenance.note(provenance.source_of(exchange.response_body) or provenance.Source(sequence, names, exchange))
    if error is not None:
        raise ConformanceFailure(
            rule=CONTRACT,
            message=exchange.endpoint,
            detail=f"the NMF gave no answer: {error!r}",
            exchange=sequence,
        )
    if exchange.status not in tolerate:
        _check_response(exchange, response_schema)
    return exchange


def validate_message(envelope: object, *, context: str) -> None:
    """Validate a notice envelope against the schema of its `messageType`; unknown types fail."""
    message_type = envelope.get("messageType") if isinstance(envelope, dict) else None
    if not isinstance(message_type, str):
        raise ConformanceFailure(
            rule=CONTRACT, message=context, field="/messageType", detail="a message without a messageType"
        )
    try:
        schema = schema_name_for_message_type(message_type)
        validator_for(schema)
    except _UNKNOWN_SCHEMA:
        raise ConformanceFailure(
            rule=CONTRACT,
            message=context,
            field="/messageType",
            detail=f"unknown messageType {message_type!r}",
        ) from None
    source = provenance.source_of(envelope)
    _validate(envelope, schema, message=message_type, context=context, exchange=source.sequence if source else None)


def expect_success(exchange: Exchange, status: int) -> Any:
    """Return the response body when the status is `status`; otherwise fail quoting the problem document."""
    if exchange.status == status:
        return exchange.response_body
    raise ConformanceFailure(
        rule=None,
        message=_message_name(exchange.request_body, exchange.method, exchange.path),
        detail=f"the NMF refused it: {describe_problem(exchange.response_body)}",
        expected=status,
        actual=exchange.status,
        exchange=exchange.sequence,
    )


def describe_problem(body: object) -> str:
    """One line quoting a problem document: status, title, detail, rule and the per-field errors."""
    if not isinstance(body, dict):
        return _shorten(json.dumps(body)) if body is not None else "no problem document"
    parts = [f"{body.get('status', '?')} {body.get('title', '')}".strip()]
    if body.get("detail"):
        parts.append(str(body["detail"]))
    if body.get("rule"):
        parts.append(f"rule {body['rule']}")
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        listed = "; ".join(
            f"{e.get('pointer', '')}: {e.get('detail', '')}" if isinstance(e, dict) else str(e) for e in errors
        )
        parts.append(f"errors: {listed}")
    return _shorten(" — ".join(parts))


def json_pointer(path: Collection[str | int]) -> str:
    """RFC 6901 pointer for a jsonschema `absolute_path`."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _check_response(exchange: Exchange, response_schema: str | None) -> None:
    where = f"{exchange.endpoint} response"
    status = exchange.status
    if status >= 500:
        raise _broken(
            exchange,
            where,
            "the NMF answered a client request with a server error "
            f"(HTTP {status}: {describe_problem(exchange.response_body)})",
        )
    if 400 <= status < 500:
        _check_problem(exchange, where)
    elif 200 <= status < 300:
        if response_schema is not None:
            if exchange.response_body is None:
                raise _broken(exchange, where, f"HTTP {status} without a JSON body")
            _validate(exchange.response_body, response_schema, message=where, exchange=exchange.sequence)
    else:
        raise _broken(exchange, where, f"unexpected HTTP status {status}")


def _broken(exchange: Exchange, where: str, detail: str, **compared: Any) -> ConformanceFailure:
    """A failure of the contract every answer keeps, found in `exchange` itself."""
    return ConformanceFailure(rule=CONTRACT, message=where, detail=detail, exchange=exchange.sequence, **compared)


def _check_problem(exchange: Exchange, where: str) -> None:
    media_type = (exchange.content_type or "").partition(";")[0].strip().lower()
    if media_type != PROBLEM_CONTENT_TYPE:
        raise _broken(
            exchange,
            where,
            f"HTTP {exchange.status} must carry an RFC 9457 problem document",
            expected=PROBLEM_CONTENT_TYPE,
            actual=exchange.content_type,
        )
    if exchange.response_body is None:
        raise _broken(exchange, where, f"HTTP {exchange.status} with an empty or unreadable body")
    _validate(exchange.response_body, PROBLEM_SCHEMA, message=where, exchange=exchange.sequence)
    declared = exchange.response_body.get("status")
    if declared != exchange.status:
        raise _broken(
            exchange,
            where,
            "the problem document's status differs from the HTTP status",
            field="/status",
            expected=exchange.status,
            actual=declared,
        )


def _validate(instance: object, schema: str, *, message: str, exchange: int | None, context: str | None = None) -> None:
    validator = validator_for(schema)
    if validator.is_valid(instance):  # the compiled check; errors are worked out only for a refusal
        return
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is None:
        return
    detail = _shorten(error.message) + f" (schema {schema})"
    if context:
        detail += f" in {context}"
    pointer = json_pointer(error.absolute_path)
    raise ConformanceFailure(
        rule=rule_for(error) or CONTRACT, message=message, field=pointer, detail=detail, exchange=exchange
    )


def _names(method: str, path: str, response_schema: str | None) -> frozenset[str]:
    """What failures call an answer: its endpoint, the endpoint's response, and its schema's name."""
    endpoint = f"{method} {path.partition('?')[0]}"
    names = {endpoint, f"{endpoint} response"}
    if response_schema is not None:
        names.add(response_schema.removesuffix(".schema.json"))
    return frozenset(names)


def _message_name(body: object, method: str, path: str) -> str:
    endpoint = f"{method} {path.partition('?')[0]}"
    message_type = body.get("messageType") if isinstance(body, dict) else None
    return f"{message_type} ({endpoint})" if isinstance(message_type, str) else endpoint


def _parse_json(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:  # not JSON: kept as None; the status checks say what was expected
        return None


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "***" if k in _REDACTED_KEYS else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"
