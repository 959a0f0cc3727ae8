"""Shared fixtures: the same database tests on SQLite and PostgreSQL, through one parametrised fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.engine import create_db_engine
from tests.databases import (
    PostgresTemplate,
    SqliteTemplate,
    postgres_template_or_reason,
    skip_or_fail_without_postgres,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate | str]:
    template = postgres_template_or_reason()
    yield template
    if isinstance(template, PostgresTemplate):
        template.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a freshly migrated, empty database; every test using it runs once per backend."""
    if request.param == "sqlite":
        with request.getfixturevalue("sqlite_template").clone(tmp_path) as url:
            yield url
        return
    template = request.getfixturevalue("postgres_template")
    if isinstance(template, str):
        skip_or_fail_without_postgres(template)
        return
    with template.clone() as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = create_db_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with sessionmaker(engine, expire_on_commit=False)() as session:
        yield session
