"""Map entity dataclasses to and from rows (Decimal/instant as TEXT, lists as JSON)."""

import functools
import types
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from reference_impl import json_text
from reference_impl.db import Conn, Row
from reference_impl.instants import format_instant

if TYPE_CHECKING:
    from _typeshed import DataclassInstance as _Entity
else:
    _Entity = object

E = TypeVar("E", bound="_Entity")


def _column_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | dict):
        return json_text.dumps(value)
    return value


def _base_type(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        return next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def _instant(raw: object) -> datetime:
    # Stored instants are always the canonical text format_instant wrote, which fromisoformat reads
    # ~15x faster than parse_instant validates a client's text.
    return datetime.fromisoformat(str(raw))


def _json(raw: object) -> object:
    return json_text.loads(str(raw))


def _decimal(raw: object) -> Decimal:
    return Decimal(str(raw))


def _converter(annotation: Any) -> Callable[[object], object] | None:
    """How a stored value becomes the field's value (None: as stored)."""
    base = _base_type(annotation)
    if base is Decimal:
        return _decimal
    if base is datetime:
        return _instant
    if base is bool:
        return bool
    if get_origin(base) in (list, dict):
        return _json
    return None


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@functools.cache
def _readers(cls: type) -> tuple[tuple[str, Callable[[object], object] | None], ...]:
    """Each field of an entity class with its converter, worked out once per class."""
    hints = get_type_hints(cls)
    return tuple((name, _converter(hints[name])) for name in _field_names(cls))


def to_columns(entity: _Entity) -> dict[str, object]:
    """Column name → stored value."""
    return {name: _column_value(getattr(entity, name)) for name in _field_names(type(entity))}


def from_row(cls: type[E], row: Row) -> E:
    """Build an entity from a row whose columns are the entity's fields."""
    values: dict[str, object] = {}
    for name, convert in _readers(cls):
        raw = row[name]
        values[name] = raw if raw is None or convert is None else convert(raw)
    return cls(**values)


def insert(conn: Conn, table: str, entity: _Entity) -> None:
    """INSERT every field of `entity` into `table`."""
    cols = to_columns(entity)
    names = ", ".join(cols)
    marks = ", ".join(f":{c}" for c in cols)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", cols)  # noqa: S608 - names are ours


def update(conn: Conn, table: str, key: str, entity: _Entity) -> None:
    """UPDATE every field of `entity` in the row whose `key` column matches."""
    cols = to_columns(entity)
    assignments = ", ".join(f"{c} = :{c}" for c in cols if c != key)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = :{key}", cols)  # noqa: S608


def fetch_one(conn: Conn, cls: type[E], sql: str, params: tuple[object, ...]) -> E | None:
    """The first row of a query as an entity, or None."""
    row = conn.one(sql, params)
    return None if row is None else from_row(cls, row)


def fetch_all(conn: Conn, cls: type[E], sql: str, params: tuple[object, ...]) -> list[E]:
    """Every row of a query as entities."""
    return [from_row(cls, row) for row in conn.all(sql, params)]
