"""Throwaway databases for tests: a migrated SQLite file or PostgreSQL database per test, cloned from a template.

Migrating once per session and cloning per test keeps tests isolated without paying for Alembic each time.
PostgreSQL is reached at ``EVENTRADAR_TEST_POSTGRES_URL`` (default: the machine's 127.0.0.1:5432, database
``test``). Where it is not reachable its tests skip with the reason, unless ``EVENTRADAR_REQUIRE_POSTGRES=1``
(set by CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from db.engine import create_db_engine
from db.migrate import upgrade

POSTGRES_URL = os.environ.get("EVENTRADAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("EVENTRADAR_REQUIRE_POSTGRES") == "1"


class SqliteTemplate:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.db"
        engine = create_db_engine(f"sqlite:///{self.path}")
        upgrade(engine)
        engine.dispose()

    @contextmanager
    def clone(self, folder: Path) -> Iterator[str]:
        path = folder / "test.db"
        shutil.copyfile(self.path, path)
        yield f"sqlite:///{path}"


class PostgresTemplate:
    def __init__(self, admin_url: str) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        self.base_url = make_url(admin_url)
        self.name = f"eventradar_tmpl_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{self.name}"')
        engine = create_db_engine(self.base_url.set(database=self.name).render_as_string(hide_password=False))
        upgrade(engine)
        # A template must have no open connections while it is copied.
        engine.dispose()

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    @contextmanager
    def clone(self) -> Iterator[str]:
        name = f"eventradar_t_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        try:
            yield self.base_url.set(database=name).render_as_string(hide_password=False)
        finally:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.dispose()


def postgres_template_or_reason() -> PostgresTemplate | str:
    try:
        return PostgresTemplate(POSTGRES_URL)
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0]
        return f"PostgreSQL not reachable at {make_url(POSTGRES_URL).render_as_string()}: {first_line}"


def skip_or_fail_without_postgres(reason: str) -> None:
    if REQUIRE_POSTGRES:
        pytest.fail(f"EVENTRADAR_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)
