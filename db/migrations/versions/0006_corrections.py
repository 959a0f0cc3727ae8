"""Corrections by people: readers report a wrong event, admins hide, fix, merge or hold it, and it sticks.

Adds to ``events`` ``hidden_at``, ``merged_into_id``, ``locked`` (the facts an admin set), ``review`` (held for
approval before its first alert) and ``kind`` (what sort of event it was read as, for review; unknown for the
events already stored); and the tables ``event_reports`` (what readers and the news said is wrong),
``corrections`` (every admin action, with the facts before and after) and ``hidden_names`` (series an admin hid as
not an industry event). Events already stored are shown, unlocked and not under review, as before. The downgrade
drops what this adds.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("hidden_at", _WHEN, nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("locked", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column("review", sa.String(length=10), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_events_merged_into_id_events"), "events", ["merged_into_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_check_constraint(op.f("ck_events_review"), "review IN ('none', 'held', 'approved')")
    op.create_table(
        "event_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reporter", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("admins_told_at", _WHEN, nullable=True),
        sa.Column("closed_at", _WHEN, nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "reason IN ('not_event', 'wrong_dates', 'wrong_place', 'duplicate', 'cancelled', 'postponed')",
            name=op.f("ck_event_reports_reason"),
        ),
        sa.CheckConstraint("status IN ('open', 'acted', 'dismissed')", name=op.f("ck_event_reports_status")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_reports_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_reports")),
    )
    op.create_index("ix_event_reports_status_event", "event_reports", ["status", "event_id"])
    op.create_index("ix_event_reports_reporter_created", "event_reports", ["reporter", "created_at"])
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_corrections_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    op.create_index("ix_corrections_event", "corrections", ["event_id"])
    op.create_table(
        "hidden_names",
        sa.Column("merge_key", sa.String(length=500), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_hidden_names_event_id_events"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("merge_key", name=op.f("pk_hidden_names")),
    )


def downgrade() -> None:
    op.drop_table("hidden_names")
    op.drop_index("ix_corrections_event", table_name="corrections")
    op.drop_table("corrections")
    op.drop_index("ix_event_reports_reporter_created", table_name="event_reports")
    op.drop_index("ix_event_reports_status_event", table_name="event_reports")
    op.drop_table("event_reports")
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_constraint(op.f("ck_events_review"), type_="check")
        batch_op.drop_constraint(op.f("fk_events_merged_into_id_events"), type_="foreignkey")
        batch_op.drop_column("kind")
        batch_op.drop_column("review")
        batch_op.drop_column("locked")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("hidden_at")
