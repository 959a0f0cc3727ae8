"""Applying and inspecting Alembic migrations on an engine the caller owns."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine

from db.engine import DatabaseUnavailable, redacted

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        after = MigrationContext.configure(connection).get_current_revision()
    # Alembic's own lines are DEBUG-only (app.logs); this is the one a person needs.
    if after != before:
        log.info("database migrated from revision %s to %s", before or "(empty)", after)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def require_head(engine: Engine) -> None:
    """For commands that only read: the database must be migrated to this code's schema (they never migrate it)."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    where = f"database {redacted(engine.url)}"
    if current is None:
        raise DatabaseUnavailable(f"{where} has no Event Radar tables: create them with `eventradar db upgrade`")
    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(current) is not None
    except CommandError:
        known = False
    if not known:
        raise DatabaseUnavailable(f"{where} is at schema revision {current}, which a newer eventradar made")
    raise DatabaseUnavailable(
        f"{where} is at schema revision {current}, this eventradar reads {head}: run `eventradar db upgrade`"
    )


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def autogenerate(engine: Engine, message: str) -> None:
    """Write a new revision from the difference between the models and the migrated database (for developers)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
