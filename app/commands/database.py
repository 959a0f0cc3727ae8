"""Opening the configured database for a command, so that every command fails the same way when it cannot be used.

Commands that only read (``events list``, ``sources list``, ``db current``) never create or migrate anything: run
from the wrong folder, a relative SQLite path would otherwise leave a new empty database there and list nothing.
They refuse instead, naming the file. Every command connects once before its work, so an unreachable server is
one line naming the database (password hidden) rather than a traceback from deep inside the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.config import AppConfig


def open_database(config: AppConfig, *, create: bool = True, migrated: bool = False) -> Engine:
    """The engine of ``database.url``, connected once. ``create=False``: a SQLite file must already exist;
    ``migrated=True``: the schema must be this code's. Raises `db.engine.DatabaseUnavailable` with the reason."""
    from db.engine import check_connection, create_db_engine
    from db.migrate import require_head

    engine = create_db_engine(config.database.url, create=create)
    try:
        check_connection(engine)
        if migrated:
            require_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def check_database(config: AppConfig) -> None:
    """Fail early, in one line, when the database of a command that writes cannot be reached."""
    open_database(config).dispose()
