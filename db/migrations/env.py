"""Alembic environment: runs migrations on the connection the application hands over (it never builds its own)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from db.models.base import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through `eventradar db upgrade` (db.migrate), which passes the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead, and is a no-op elsewhere.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
