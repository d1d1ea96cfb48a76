"""Map entity dataclasses to and from SQLite rows (Decimal/instant as TEXT, lists as JSON)."""

import functools
import json
import sqlite3
import types
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from reference_impl.instants import format_instant, parse_instant

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
        return json.dumps(value, separators=(",", ":"))
    return value


def _base_type(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        return next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def _from_json(raw: object) -> object:
    return json.loads(str(raw))


def _stored_instant(raw: object) -> datetime:
    return parse_instant(raw, "/")


def _decimal(raw: object) -> Decimal:
    return Decimal(str(raw))


def _converter(annotation: Any) -> Callable[[object], object] | None:
    """How a column's stored value becomes the field's value (None: as it is)."""
    base = _base_type(annotation)
    if base is Decimal:
        return _decimal
    if base is datetime:
        return _stored_instant
    if base is bool:
        return bool
    if get_origin(base) in (list, dict):
        return _from_json
    return None


@functools.cache
def _converters(cls: type["_Entity"]) -> tuple[tuple[str, Callable[[object], object] | None], ...]:
    # get_type_hints is costly and an entity's fields never change: worked out once per class.
    hints = get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in fields(cls))


def to_columns(entity: _Entity) -> dict[str, object]:
    """Column name → stored value."""
    return {f.name: _column_value(getattr(entity, f.name)) for f in fields(entity)}


def from_row(cls: type[E], row: sqlite3.Row) -> E:
    """Build an entity from a row whose columns are the entity's fields."""
    values: dict[str, object] = {}
    for name, convert in _converters(cls):
        raw = row[name]
        values[name] = raw if raw is None or convert is None else convert(raw)
    return cls(**values)


def insert(conn: sqlite3.Connection, table: str, entity: _Entity) -> None:
    """INSERT every field of `entity` into `table`."""
    cols = to_columns(entity)
    names = ", ".join(cols)
    marks = ", ".join(f":{c}" for c in cols)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", cols)  # noqa: S608 - names are ours


def update(conn: sqlite3.Connection, table: str, key: str, entity: _Entity) -> None:
    """UPDATE every field of `entity` in the row whose `key` column matches."""
    cols = to_columns(entity)
    assignments = ", ".join(f"{c} = :{c}" for c in cols if c != key)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = :{key}", cols)  # noqa: S608


def fetch_one(conn: sqlite3.Connection, cls: type[E], sql: str, params: tuple[object, ...]) -> E | None:
    """The first row of a query as an entity, or None."""
    row = conn.execute(sql, params).fetchone()
    return None if row is None else from_row(cls, row)


def fetch_all(conn: sqlite3.Connection, cls: type[E], sql: str, params: tuple[object, ...]) -> list[E]:
    """Every row of a query as entities."""
    return [from_row(cls, row) for row in conn.execute(sql, params).fetchall()]
