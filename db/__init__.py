"""Storage: SQLAlchemy models, the engine factory and Alembic migrations (SQLite by default, PostgreSQL at scale)."""
