"""The chats we serve: subscribers and their industry × region filters, the outbox of messages owed to them, and what
the bot keeps for a chat between updates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, one_of, utcnow

# A subscription column holding this matches every industry or every region.
ANY = "*"

DELIVERY_KINDS = ("new", "changed", "reminder", "digest")
DELIVERY_STATUSES = ("queued", "sending", "sent", "failed", "cancelled")
DELIVERY_MODES = ("instant", "digest")


class Subscriber(Base):
    """A Telegram chat (private, group or supergroup) that receives alerts."""

    __tablename__ = "subscribers"
    __table_args__ = (CheckConstraint(one_of("delivery_mode", DELIVERY_MODES), name="delivery_mode"),)

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
        CheckConstraint(one_of("kind", DELIVERY_KINDS), name="kind"),
        CheckConstraint(one_of("status", DELIVERY_STATUSES), name="status"),
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
