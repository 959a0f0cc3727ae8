"""The relational model, one module per domain, on one declarative base:

- `db.models.base`: the base and its metadata, the UTC datetime type, ``utcnow``, ``string_length``;
- `db.models.sources`: sources and the articles fetched from them;
- `db.models.events`: events, their links to articles, their recorded changes;
- `db.models.corrections`: readers' reports, admins' corrections, hidden series;
- `db.models.subscribers`: subscribers, subscriptions, the delivery outbox, the bot's per-chat data.

Importers name the module that defines what they use. This package imports every module (and re-exports nothing)
so that whichever model is imported first, all tables are on ``Base.metadata`` (Alembic compares with it) and
relationships across modules (an article's event links) resolve when the mappers are configured.

Every table is created by the Alembic migrations in ``db/migrations``; a test checks the two never drift apart.
"""

from __future__ import annotations

from db.models import base, corrections, events, sources, subscribers  # noqa: F401  (registers every table)
