"""Subscribers (Telegram chats) and their industry × region filters, and the queries the bot's commands run.

A subscriber's filters are rows of ``subscriptions``; ``ANY`` ("*") in a column matches everything. Regions are
stored as the gazetteer's short names (广东, 广州, 海珠) so an event's province, city or district column compares
with them directly, which is what keeps alert matching one set-based statement (see ``db.alerts``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models.base import utcnow
from db.models.events import Event
from db.models.sources import Source
from db.models.subscribers import ANY, Delivery, Subscriber, Subscription
from db.outbox import execute_counting, outbox_counts


def get_subscriber(session: Session, chat_id: int) -> Subscriber | None:
    return session.scalars(select(Subscriber).where(Subscriber.chat_id == chat_id)).first()


def ensure_subscriber(
    session: Session,
    *,
    chat_id: int,
    chat_type: str = "private",
    title: str | None = None,
    message_thread_id: int | None = None,
    language: str | None = None,
    reminder_days: Sequence[int] = (7, 1),
    reminder_time: str = "09:00",
) -> Subscriber:
    """The chat's subscriber row, created on first contact; a chat that talks to us again is active again.

    A new chat starts with ``reminder_days`` and ``reminder_time`` (config ``reminders``) until /settings changes them.
    """
    subscriber = get_subscriber(session, chat_id)
    if subscriber is None:
        subscriber = Subscriber(
            chat_id=chat_id,
            chat_type=chat_type,
            title=title,
            language=language or "zh",
            reminder_days=list(reminder_days),
            reminder_time=reminder_time,
        )
        session.add(subscriber)
    else:
        subscriber.chat_type = chat_type
        if title is not None:
            subscriber.title = title
        if not subscriber.active:
            # They unblocked us or re-added us to the group, and said so by writing: alerts resume.
            subscriber.active = True
            subscriber.deactivated_reason = None
    if message_thread_id is not None:
        # A forum group hears back in the topic it last subscribed from.
        subscriber.message_thread_id = message_thread_id
    session.flush()
    return subscriber


def list_subscriptions(session: Session, subscriber_id: int) -> list[Subscription]:
    query = (
        select(Subscription)
        .where(Subscription.subscriber_id == subscriber_id)
        .order_by(Subscription.industry, Subscription.region, Subscription.id)
    )
    return list(session.scalars(query))


def add_subscriptions(
    session: Session, subscriber: Subscriber, industries: Sequence[str], regions: Sequence[str]
) -> list[tuple[str, str]]:
    """Subscribe to every industry × region pair (empty means ANY); returns the pairs that were new."""
    wanted = [(industry, region) for industry in (industries or [ANY]) for region in (regions or [ANY])]
    existing = {(s.industry, s.region) for s in list_subscriptions(session, subscriber.id)}
    added: list[tuple[str, str]] = []
    for pair in dict.fromkeys(wanted):
        if pair not in existing:
            session.add(Subscription(subscriber_id=subscriber.id, industry=pair[0], region=pair[1]))
            added.append(pair)
    session.flush()
    return added


def remove_subscriptions(
    session: Session, subscriber_id: int, industries: Sequence[str], regions: Sequence[str]
) -> int:
    """Remove the rows naming any of ``industries`` and any of ``regions`` (an empty list matches every row)."""
    conditions: list[ColumnElement[bool]] = [Subscription.subscriber_id == subscriber_id]
    if industries:
        conditions.append(Subscription.industry.in_(industries))
    if regions:
        conditions.append(Subscription.region.in_(regions))
    result = session.execute(delete(Subscription).where(*conditions), execution_options={"preserve_rowcount": True})
    return max(int(result.rowcount), 0)  # type: ignore[attr-defined]


def remove_subscription(session: Session, subscriber_id: int, subscription_id: int) -> Subscription | None:
    """Remove one row, only if it is this subscriber's (a button can be pressed by someone else in a group)."""
    row = session.get(Subscription, subscription_id)
    if row is None or row.subscriber_id != subscriber_id:
        return None
    session.delete(row)
    session.flush()
    return row


def issue_calendar_token(session: Session, subscriber: Subscriber, *, renew: bool = False) -> str:
    """The secret of the chat's personal iCal address; a new one (the old address stops working) when ``renew``."""
    if subscriber.calendar_token is None or renew:
        # 24 random bytes: 192 bits, far beyond guessing, and URL-safe.
        subscriber.calendar_token = secrets.token_urlsafe(24)
        session.flush()
    return subscriber.calendar_token


def revoke_calendar_token(session: Session, subscriber: Subscriber) -> None:
    subscriber.calendar_token = None
    session.flush()


@dataclass(frozen=True, slots=True)
class Stats:
    subscribers: int
    active_subscribers: int
    groups: int
    subscriptions: int
    events_upcoming: int
    deliveries: dict[str, int]
    sources_enabled: int
    sources_failing: int


def stats(session: Session, *, today: dt.date) -> Stats:
    """Counts for the admins' /stats."""
    subscribers = session.scalar(select(func.count()).select_from(Subscriber)) or 0
    active = session.scalar(select(func.count()).select_from(Subscriber).where(Subscriber.active)) or 0
    groups = (
        session.scalar(
            select(func.count()).select_from(Subscriber).where(Subscriber.chat_type.in_(("group", "supergroup")))
        )
        or 0
    )
    subscriptions = session.scalar(select(func.count()).select_from(Subscription)) or 0
    upcoming = (
        session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.cancelled_at.is_(None), or_(Event.end_date >= today, Event.start_date >= today))
        )
        or 0
    )
    by_status = outbox_counts(session)
    enabled = session.scalar(select(func.count()).select_from(Source).where(Source.enabled)) or 0
    failing = (
        session.scalar(select(func.count()).select_from(Source).where(Source.enabled, Source.consecutive_failures > 0))
        or 0
    )
    return Stats(subscribers, active, groups, subscriptions, upcoming, by_status, enabled, failing)


def set_language(session: Session, subscriber: Subscriber, language: str) -> None:
    subscriber.language = language
    subscriber.updated_at = utcnow()
    session.flush()


def deactivate_subscriber(session: Session, subscriber_id: int, *, reason: str) -> int:
    """The chat blocked or removed us: stop owing it anything. Returns how many queued rows were cancelled."""
    session.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id)
        .values(active=False, deactivated_reason=reason[:300], updated_at=utcnow())
    )
    return execute_counting(
        session,
        update(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.status.in_(("queued", "sending")))
        .values(status="cancelled", last_error=f"subscriber inactive: {reason}"[:1000]),
    )


def migrate_subscriber(session: Session, subscriber_id: int, new_chat_id: int) -> None:
    """A group became a supergroup with a new chat id: follow it, keeping subscriptions and the outbox."""
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None:
        return
    try:
        with session.begin_nested():
            subscriber.chat_id = new_chat_id
            subscriber.chat_type = "supergroup"
            session.flush()
    except IntegrityError:
        # The supergroup already talked to us and has its own row; this one is a leftover of the old group.
        session.expire(subscriber)
        deactivate_subscriber(session, subscriber_id, reason=f"migrated to {new_chat_id}")
