"""Map entity dataclasses to and from rows (Decimal/instant as TEXT, lists as JSON)."""

import functools
import json
import types
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from reference_impl.db import Conn, Row
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


def _field_value(annotation: Any, raw: object) -> object:
    if raw is None:
        return None
    base = _base_type(annotation)
    if base is Decimal:
        return Decimal(str(raw))
    if base is datetime:
        return parse_instant(raw, "/")
    if base is bool:
        return bool(raw)
    if get_origin(base) in (list, dict):
        return json.loads(str(raw))
    return raw


_hints = functools.cache(get_type_hints)


def to_columns(entity: _Entity) -> dict[str, object]:
    """Column name → stored value."""
    return {f.name: _column_value(getattr(entity, f.name)) for f in fields(entity)}


def from_row(cls: type[E], row: Row) -> E:
    """Build an entity from a row whose columns are the entity's fields."""
    hints = _hints(cls)
    values = {name: _field_value(hints[name], row[name]) for name in cls.__dataclass_fields__}
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
