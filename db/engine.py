"""Building the SQLAlchemy engine for a database URL, with the SQLite settings the service depends on, and saying
plainly (in one line that names the database, never its password) when a database cannot be used."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

# The execution option a read-only transaction carries (`reading`), so SQLite's begins without the write lock.
READ_ONLY = "eventradar_read_only"


class DatabaseUrlError(ValueError):
    """The configured database URL cannot be used."""


class DatabaseUnavailable(Exception):
    """The database cannot be used as it is: unreachable, missing, or not at the code's schema. The message is one
    line for people: which database (password hidden), what failed, what to do."""


def redacted(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs. A URL that cannot be parsed is masked as a person
    would read it: whatever stands between ``user:`` and the last ``@``."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        head, at, host = url.rpartition("@")
        scheme, slashes, credentials = head.rpartition("://")
        user, colon, _ = credentials.partition(":")
        return f"{scheme}{slashes}{user}:***@{host}" if at and colon else url


def sqlite_file(url: str | URL) -> Path | None:
    """The file of a SQLite URL (relative to the working folder, as SQLite opens it); None for other databases, an
    in-memory database or a ``file:`` URI."""
    parsed = make_url(url) if isinstance(url, str) else url
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def create_db_engine(url: str, *, create: bool = True, **kwargs: Any) -> Engine:
    """Create the engine; for a SQLite file, create its folder and turn on WAL, foreign keys and a busy timeout.

    ``create=False`` is for commands that only read: a SQLite file that does not exist is then
    :class:`DatabaseUnavailable` (naming the file), instead of a new empty database and its folder.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise DatabaseUrlError(f"not a database URL: {redacted(url)!r}") from None
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None and not create and not path.is_file():
            raise DatabaseUnavailable(
                f"no database at {path.resolve()} (database.url {redacted(parsed)}, a path relative to the folder "
                "you run in): run eventradar in the folder of your config, set EVENTRADAR_DATABASE_URL, or create "
                "it with `eventradar db upgrade`"
            )
        if path is not None and create:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
            raise DatabaseUrlError(f"use postgresql+psycopg:// (psycopg 3), not {parsed.drivername}")
        # No server-side prepared statements: psycopg prepares a statement after its fifth run and keeps 100 per
        # connection, but a poll's statements differ in text with their IN lists and multi-row INSERTs, so the
        # cache churns (PREPARE, DEALLOCATE, planning again) instead of saving work: the polling bench's passes
        # took up to a third longer with it (BENCHMARKS.md, "Source polling").
        return create_engine(parsed, pool_pre_ping=True, connect_args={"prepare_threshold": None}, **kwargs)
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


def _sqlite_begin(connection: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is locked" when another
    # writer committed in between (the busy timeout cannot help); taking the write lock up front makes it wait.
    # A transaction that only reads (`reading`) needs no lock: in WAL mode it reads its snapshot beside the writer.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@contextmanager
def reading(sessions: sessionmaker[Session] | Engine) -> Iterator[Session]:
    """A session whose transaction only reads: on SQLite it does not wait for, nor hold, the one write lock.

    Every transaction otherwise begins by taking that lock, so a poll's lookups before fetching and before
    writing, and the page's and the feeds' reads, queued behind the polls' writes, and then slept in SQLite's busy
    handler (up to 100 ms a turn) after the lock was free. It is not for writing: a write there can fail at
    once with "database is locked" when another writer holds the lock; use ``sessions.begin()`` to write.
    """
    with sessions() if isinstance(sessions, sessionmaker) else Session(sessions) as session:
        session.connection(execution_options={READ_ONLY: True})
        yield session


def backend_name(engine: Engine) -> str:
    return engine.dialect.name


def check_connection(engine: Engine) -> None:
    """Connect once, so that an unreachable database is one clear line before any work, not a traceback in it."""
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        raise DatabaseUnavailable(f"database {redacted(engine.url)}: cannot connect: {database_problem(exc)}") from None


def database_problem(exc: DBAPIError) -> str:
    """The driver's own first line of what went wrong (SQLAlchemy's wrapper adds the statement and a link)."""
    message = str(exc.orig).strip() if exc.orig is not None else ""
    return message.splitlines()[0] if message else type(exc).__name__
