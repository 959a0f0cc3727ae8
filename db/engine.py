"""Building the SQLAlchemy engine for a database URL, with the SQLite settings the service depends on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class DatabaseUrlError(ValueError):
    """The configured database URL cannot be used."""


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """Create the engine; for a SQLite file, create its folder and turn on WAL, foreign keys and a busy timeout."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
            raise DatabaseUrlError(f"use postgresql+psycopg:// (psycopg 3), not {parsed.drivername}")
        return create_engine(parsed, pool_pre_ping=True, **kwargs)
    raise DatabaseUrlError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql+psycopg")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event start transactions instead of the driver's own deferred BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets the web server read while the poller writes; foreign keys are off in SQLite unless asked for.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_immediate(connection: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is locked" when another
    # writer committed in between (the busy timeout cannot help); taking the write lock up front makes it wait.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def backend_name(engine: Engine) -> str:
    return engine.dialect.name
