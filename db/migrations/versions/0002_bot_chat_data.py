"""The bot's per-chat state (python-telegram-bot chat_data), so a restart keeps half-made pickers and filters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 14:24:34.902798
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_chat_data",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_bot_chat_data")),
    )


def downgrade() -> None:
    op.drop_table("bot_chat_data")
