"""Events keep their phases: a fair held in phases (第一期, 第二期 …) lists them on its page and in its iCal entry.

Adds ``phases`` (a JSON list of {"label", "start", "end"}) to ``events``, empty for the events already stored:
their phases were never read, and the next report of the fair fills them. The downgrade drops only the column.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("phases", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("phases")
