"""The relational model: sources, articles, events and their links, subscribers, subscriptions, the delivery outbox.

Every table is created by the Alembic migrations in ``db/migrations``; a test checks the two never drift apart.
Times are stored as timezone-aware UTC datetimes; event dates are plain dates in China's calendar.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from extract.model import DATE_BASES, Phase

# Stable constraint names, so Alembic can alter them the same way on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A subscription column holding this matches every industry or every region.
ANY = "*"

SOURCE_KINDS = ("rss", "atom", "jsonfeed", "html-list", "html-article")
DATE_PRECISIONS = ("day", "month", "vague")
EVENT_STATUSES = ("upcoming", "ongoing", "held", "unknown", "cancelled")
DELIVERY_KINDS = ("new", "changed", "reminder", "digest")
DELIVERY_STATUSES = ("queued", "sending", "sent", "failed", "cancelled")
DELIVERY_MODES = ("instant", "digest")
# What a reader may say is wrong with an event (`db.corrections`), and what became of the report.
REPORT_REASONS = ("not_event", "wrong_dates", "wrong_place", "duplicate", "cancelled", "postponed")
REPORT_STATUSES = ("open", "acted", "dismissed")
# An event held for an admin's approval before its first alert, or approved; "none" when review does not apply.
REVIEW_STATES = ("none", "held", "approved")
# Facts an admin set: no later report changes them (`db.merge`).
LOCKABLE_FACTS = ("dates", "place", "status")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_public_id() -> str:
    # 16 random bytes in url-safe text: unguessable, stable for the event's life, fit for iCal UIDs and URLs.
    return secrets.token_urlsafe(16)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime that comes back aware on SQLite too (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON, list[int]: JSON}  # noqa: RUF012  (SQLAlchemy reads it as a plain class attribute)


class Source(Base):
    """A place we poll. Rows come from config.yaml (origin 'config') or from admins (origin 'admin')."""

    __tablename__ = "sources"
    __table_args__ = (CheckConstraint(_in("kind", SOURCE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000))
    interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    origin: Mapped[str] = mapped_column(String(10), default="config")
    province: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(20))
    industries: Mapped[list[str]] = mapped_column(default=list)
    encoding: Mapped[str | None] = mapped_column(String(40))
    link_selector: Mapped[str | None] = mapped_column(String(500))
    # Only config.yaml can set it (scheduler.netpolicy): admins' sources never reach private addresses.
    allow_private_network: Mapped[bool] = mapped_column(Boolean, default=False)
    # Conditional GET validators from the last 200 answer.
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    # Health, for backoff and for admins.
    last_polled_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[dt.datetime | None]
    failure_alert_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source", passive_deletes=True)


class Article(Base):
    """One fetched page or feed item, stored once per source; re-extracted when its text changes."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("source_id", "guid"),
        Index("ix_articles_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text)
    # sha256 of the normalised text: the same story from two sources is extracted once.
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime | None]
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    extracted_at: Mapped[dt.datetime | None]

    source: Mapped[Source] = relationship(back_populates="articles")
    event_links: Mapped[list[EventArticle]] = relationship(back_populates="article", passive_deletes=True)


class Event(Base):
    """An expo, fair, forum... merged across every article that mentions it.

    ``public_id`` never changes (iCal UIDs, links); ``version`` grows whenever a fact users see changes.
    """

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("date_precision", DATE_PRECISIONS), name="date_precision"),
        CheckConstraint(_in("start_basis", DATE_BASES), name="start_basis"),
        CheckConstraint(_in("end_basis", DATE_BASES), name="end_basis"),
        CheckConstraint(_in("status", EVENT_STATUSES), name="status"),
        CheckConstraint(_in("review", REVIEW_STATES), name="review"),
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


class EventReport(Base):
    """Someone says an event is wrong: a reader (``tg:<chat id>``, ``web:<hashed address>``) or the news itself
    (``news``: a report that would have changed a fact an admin set). Admins are told once per event."""

    __tablename__ = "event_reports"
    __table_args__ = (
        CheckConstraint(_in("reason", REPORT_REASONS), name="reason"),
        CheckConstraint(_in("status", REPORT_STATUSES), name="status"),
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


class Subscriber(Base):
    """A Telegram chat (private, group or supergroup) that receives alerts."""

    __tablename__ = "subscribers"
    __table_args__ = (CheckConstraint(_in("delivery_mode", DELIVERY_MODES), name="delivery_mode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_type: Mapped[str] = mapped_column(String(20), default="private")
    title: Mapped[str | None] = mapped_column(String(300))
    # Forum topic the chat subscribed from; alerts go back to the same topic.
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(5), default="zh")
    delivery_mode: Mapped[str] = mapped_column(String(10), default="instant")
    reminder_days: Mapped[list[int]] = mapped_column(default=lambda: [7, 1])
    reminder_time: Mapped[str] = mapped_column(String(5), default="09:00")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_reason: Mapped[str | None] = mapped_column(String(300))
    # Secret part of the personal iCal address; None until the chat asks for /calendar, or after revoking.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="subscriber", passive_deletes=True, cascade="all, delete-orphan"
    )


class Subscription(Base):
    """One industry × region filter of a subscriber. ``ANY`` ("*") in a column matches everything.

    A subscriber's filters are the union of its rows, which keeps matching an event a single set-based query.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "industry", "region"),
        Index("ix_subscriptions_industry_region", "industry", "region"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    industry: Mapped[str] = mapped_column(String(40), default=ANY)
    region: Mapped[str] = mapped_column(String(20), default=ANY)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    subscriber: Mapped[Subscriber] = relationship(back_populates="subscriptions")


class Delivery(Base):
    """The outbox: one message owed to one subscriber about one event.

    The unique key makes enqueueing idempotent: a second report of the same event, or a restart in the middle of a
    broadcast, cannot owe the same message twice. ``slot`` tells apart messages of one kind and version (the
    "7d" and "1d" reminders, the digest of a given day); it is empty otherwise.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "event_id", "kind", "event_version", "slot"),
        CheckConstraint(_in("kind", DELIVERY_KINDS), name="kind"),
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        Index("ix_deliveries_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    event_version: Mapped[int] = mapped_column(Integer)
    slot: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]


class ChatData(Base):
    """What the bot keeps for a chat between updates (a half-made subscription picker, the /upcoming filters).

    python-telegram-bot's ``chat_data``, stored so a restart in the middle of a conversation loses nothing.
    """

    __tablename__ = "bot_chat_data"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def string_length(model: type[Base], column: str) -> int:
    """How many characters a bounded string column holds (PostgreSQL refuses more; SQLite would store them)."""
    kind = model.__table__.c[column].type
    if not isinstance(kind, String) or kind.length is None:
        raise TypeError(f"{model.__tablename__}.{column} is not a string column of bounded length")
    return kind.length


def stored_phase(entry: dict[str, Any]) -> Phase:
    """A phase as `Event.phases` stores it (ISO days or null), read back."""

    def day(value: object) -> dt.date | None:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None

    return Phase(str(entry.get("label", "")), day(entry.get("start")), day(entry.get("end")))
