"""Events and their evidence: an event merged across the articles that mention it, its links to those articles, and
the record of what changed at each version (for change notices)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, one_of, utcnow
from extract.model import DATE_BASES, Phase

if TYPE_CHECKING:
    from db.models.sources import Article

DATE_PRECISIONS = ("day", "month", "vague")
EVENT_STATUSES = ("upcoming", "ongoing", "held", "unknown", "cancelled")
# An event held for an admin's approval before its first alert, or approved; "none" when review does not apply.
REVIEW_STATES = ("none", "held", "approved")
# Facts an admin set: no later report changes them (`db.merge_facts`).
LOCKABLE_FACTS = ("dates", "place", "status")


def new_public_id() -> str:
    # 16 random bytes in url-safe text: unguessable, stable for the event's life, fit for iCal UIDs and URLs.
    return secrets.token_urlsafe(16)


class Event(Base):
    """An expo, fair, forum... merged across every article that mentions it.

    ``public_id`` never changes (iCal UIDs, links); ``version`` grows whenever a fact users see changes.
    """

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(one_of("date_precision", DATE_PRECISIONS), name="date_precision"),
        CheckConstraint(one_of("start_basis", DATE_BASES), name="start_basis"),
        CheckConstraint(one_of("end_basis", DATE_BASES), name="end_basis"),
        CheckConstraint(one_of("status", EVENT_STATUSES), name="status"),
        CheckConstraint(one_of("review", REVIEW_STATES), name="review"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_range"),
        Index("ix_events_start_date", "start_date"),
        Index("ix_events_merge_key", "merge_key"),
        # The merger's near-date lookup: events of one city within days of a date (ix_events_start_date alone
        # would visit every city's events of those days).
        Index("ix_events_city_start_date", "city", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(500))
    # What sort of industry event the extractor read it as (`extract.model.EventKind`); None for events stored before
    # kinds were kept. Review before alerting may hold the borderline kinds.
    kind: Mapped[str | None] = mapped_column(String(20))
    # The series the name belongs to and its edition (`extract.events.series_key`): how another article's report
    # of the same event is found.
    merge_key: Mapped[str] = mapped_column(String(500))
    edition: Mapped[str | None] = mapped_column(String(16))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    partial_date: Mapped[str | None] = mapped_column(String(5))
    date_precision: Mapped[str] = mapped_column(String(10), default="day")
    # What each end of the dates rests on (`extract.model.DateBasis`) and the sentence that said it: a stored date
    # gives way only to stronger evidence or to an announced change, so later, vaguer reports do not move it.
    start_basis: Mapped[str] = mapped_column(String(10), default="none")
    end_basis: Mapped[str] = mapped_column(String(10), default="none")
    dates_evidence: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(20))
    district: Mapped[str | None] = mapped_column(String(30))
    industries: Mapped[list[str]] = mapped_column(default=list)
    # The phases of a fair held in phases, in order: {"label": "第二期", "start": "2025-04-23", "end": "2025-04-27"}
    # (ISO days or null). Part of the event, not events of their own (`extract.phases`).
    phases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Names the event is reported under in another language than `name` (an English release's "137th China Import
    # and Export Fair" beside 第137届中国进出口商品交易会), first seen first; shown on the event's page.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="unknown")
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    version: Mapped[int] = mapped_column(Integer, default=1)
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[dt.datetime | None]
    # Corrections by people (`db.corrections`): an admin's decision is the strongest evidence an event can have.
    # A hidden event (not an industry event, or merged into ``merged_into_id``) leaves the page, every feed and the
    # outbox; ``locked`` lists the facts an admin set (LOCKABLE_FACTS), which no later report changes; ``review``
    # holds a doubtful event's first alert until an admin approves it.
    hidden_at: Mapped[dt.datetime | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    locked: Mapped[list[str]] = mapped_column(default=list)
    review: Mapped[str] = mapped_column(String(10), default="none")

    @hybrid_property
    def shown(self) -> bool:
        """On the page, in feeds and owed to subscribers: not hidden by an admin nor merged into another event."""
        return self.hidden_at is None and self.merged_into_id is None

    @shown.inplace.expression
    @classmethod
    def _shown_expression(cls) -> ColumnElement[bool]:
        return and_(cls.hidden_at.is_(None), cls.merged_into_id.is_(None))

    article_links: Mapped[list[EventArticle]] = relationship(back_populates="event", passive_deletes=True)
    changes: Mapped[list[EventChange]] = relationship(
        back_populates="event", passive_deletes=True, order_by="EventChange.version"
    )


class EventArticle(Base):
    """That an article mentions an event, with the sentence that says so."""

    __tablename__ = "event_articles"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_start: Mapped[int] = mapped_column(Integer, default=0)
    evidence_end: Mapped[int] = mapped_column(Integer, default=0)
    linked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="article_links")
    article: Mapped[Article] = relationship(back_populates="event_links")


class EventChange(Base):
    """What changed when an event's version grew, so change notices can say it."""

    __tablename__ = "event_changes"
    __table_args__ = (UniqueConstraint("event_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    # {"field": [old, new], ...} with JSON-ready values.
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="changes")


def stored_phase(entry: dict[str, Any]) -> Phase:
    """A phase as `Event.phases` stores it (ISO days or null), read back."""

    def day(value: object) -> dt.date | None:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None

    return Phase(str(entry.get("label", "")), day(entry.get("start")), day(entry.get("end")))
