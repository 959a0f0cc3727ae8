"""What people say about events: readers' (and the news's) reports that an event is wrong, admins' corrections kept
for good, and the series an admin hid as not industry events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, one_of, utcnow

# What a reader may say is wrong with an event (`db.corrections`), and what became of the report.
REPORT_REASONS = ("not_event", "wrong_dates", "wrong_place", "duplicate", "cancelled", "postponed")
REPORT_STATUSES = ("open", "acted", "dismissed")


class EventReport(Base):
    """Someone says an event is wrong: a reader (``tg:<chat id>``, ``web:<hashed address>``) or the news itself
    (``news``: a report that would have changed a fact an admin set). Admins are told once per event."""

    __tablename__ = "event_reports"
    __table_args__ = (
        CheckConstraint(one_of("reason", REPORT_REASONS), name="reason"),
        CheckConstraint(one_of("status", REPORT_STATUSES), name="status"),
        Index("ix_event_reports_status_event", "status", "event_id"),
        Index("ix_event_reports_reporter_created", "reporter", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    reporter: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    admins_told_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(100))


class Correction(Base):
    """An admin's action on an event, kept for good: who, when, what, and the facts before and after."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_event", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(100))
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HiddenName(Base):
    """The series of an event an admin hid as not an industry event: the same name read again stays hidden."""

    __tablename__ = "hidden_names"

    merge_key: Mapped[str] = mapped_column(String(500), primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
