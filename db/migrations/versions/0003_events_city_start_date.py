"""An index on events (city, start_date) for the merger's near-date lookup, which visited every city's events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 15:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_events_city_start_date", "events", ["city", "start_date"])


def downgrade() -> None:
    op.drop_index("ix_events_city_start_date", table_name="events")
