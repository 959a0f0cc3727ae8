"""Sources say whether they may reach private network addresses (the demo feed this service serves itself).

Adds ``allow_private_network`` to ``sources``, false for every source already stored: the fetcher now refuses
loopback, private, link-local and other non-public addresses unless config.yaml allows them for a source, and the
config sync at start sets the flag on the sources that say so. The downgrade drops only the column.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch_op:
        batch_op.add_column(sa.Column("allow_private_network", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch_op:
        batch_op.drop_column("allow_private_network")
