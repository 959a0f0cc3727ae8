"""What every table shares: the one declarative base and its metadata (with stable constraint names), the UTC
datetime column type, and helpers for constraints and column sizes.

Times are stored as timezone-aware UTC datetimes; event dates are plain dates in China's calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic can alter them the same way on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime that comes back aware on SQLite too (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a check constraint that a column holds one of the values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON, list[int]: JSON}  # noqa: RUF012  (SQLAlchemy reads it as a plain class attribute)


def string_length(model: type[Base], column: str) -> int:
    """How many characters a bounded string column holds (PostgreSQL refuses more; SQLite would store them)."""
    kind = model.__table__.c[column].type
    if not isinstance(kind, String) or kind.length is None:
        raise TypeError(f"{model.__tablename__}.{column} is not a string column of bounded length")
    return kind.length
