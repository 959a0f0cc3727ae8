"""Events keep what their dates rest on, and are keyed by series and edition so each edition is one entry.

Adds ``edition``, ``start_basis``, ``end_basis`` and ``dates_evidence`` to ``events`` and recomputes ``merge_key``
as the series key (`extract.events.series_key`: 广交会 and 第135届中国进出口商品交易会 are one series). Stored dates
are kept; their basis is what they can be known to rest on: a range where the end is after the start, the first
day stated (and the last implied) for a one-day entry, a month or a vague word by precision. Nothing is lost: the
downgrade drops only the new columns, and the merge key goes back to the folded name it was before.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 11:55:00
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from extract.events import series_key

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BASES = ("none", "vague", "month", "implied", "stated", "range")
_IN = ", ".join(repr(b) for b in _BASES)


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("edition", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("start_basis", sa.String(length=10), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("end_basis", sa.String(length=10), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("dates_evidence", sa.Text(), nullable=True))
        batch_op.create_check_constraint("start_basis", f"start_basis IN ({_IN})")
        batch_op.create_check_constraint("end_basis", f"end_basis IN ({_IN})")
    bind = op.get_bind()
    events = sa.table(
        "events",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("merge_key", sa.String),
        sa.column("edition", sa.String),
        sa.column("start_date", sa.Date),
        sa.column("end_date", sa.Date),
        sa.column("date_precision", sa.String),
        sa.column("start_basis", sa.String),
        sa.column("end_basis", sa.String),
    )
    rows = bind.execute(
        sa.select(events.c.id, events.c.name, events.c.start_date, events.c.end_date, events.c.date_precision)
    ).all()
    for event_id, name, start, end, precision in rows:
        key, edition = series_key(name)
        if start is None:
            bases = ("none", "none")
        elif precision == "month":
            bases = ("month", "month")
        elif precision == "vague":
            bases = ("vague", "vague")
        elif end is not None and end > start:
            bases = ("range", "range")
        else:
            bases = ("stated", "implied")
        bind.execute(
            sa.update(events)
            .where(events.c.id == event_id)
            .values(merge_key=(key or name)[:500], edition=edition, start_basis=bases[0], end_basis=bases[1])
        )


_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def downgrade() -> None:
    bind = op.get_bind()
    events = sa.table("events", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("merge_key"))
    for event_id, name in bind.execute(sa.select(events.c.id, events.c.name)).all():
        folded = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", name).casefold())[:500]
        bind.execute(sa.update(events).where(events.c.id == event_id).values(merge_key=folded))
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_constraint("end_basis", type_="check")
        batch_op.drop_constraint("start_basis", type_="check")
        batch_op.drop_column("dates_evidence")
        batch_op.drop_column("end_basis")
        batch_op.drop_column("start_basis")
        batch_op.drop_column("edition")
