"""What the bot's commands do, as plain functions of a database session: one per command or button.

Handlers (``bot.handlers``) parse a Telegram update, call one of these through :meth:`BotServices.run` (on a worker
thread, in one transaction) and format the result with ``bot.texts``; nothing here knows about Telegram's types.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.choices import Choices
from bot.render import Renderer
from db.alert_schedule import AlertSchedule, digest_due
from db.alerts import reschedule_digests
from db.calendar import CalendarEvent, calendar_event
from db.corrections import correction_counts
from db.events import upcoming_events
from db.matching import choice_filter, subscriptions_filter
from db.models.base import utcnow
from db.models.events import Event
from db.models.sources import SOURCE_KINDS, Source
from db.models.subscribers import ANY, Subscriber, Subscription
from db.outbox import SourceLink, event_sources, outbox_counts
from db.sources import list_sources
from db.subscriptions import (
    Stats,
    add_subscriptions,
    ensure_subscriber,
    get_subscriber,
    issue_calendar_token,
    list_subscriptions,
    migrate_subscriber,
    remove_subscription,
    remove_subscriptions,
    revoke_calendar_token,
    stats,
)
from extract.regions import RegionVocabulary

T = TypeVar("T")
PAGE_SIZE = 5
# Ids of rows (events, subscriptions) are the database's INTEGER: 32 bits on PostgreSQL. A larger number names no
# row, and binding it in a query fails (PostgreSQL: integer out of range; SQLite past 64 bits: OverflowError).
MAX_ROW_ID = 2**31 - 1
_ROW_ID = re.compile(r"[0-9]{1,10}")
# Source.url's width.
MAX_SOURCE_URL = 2000
REMINDER_PRESETS: dict[str, list[int]] = {"7,1": [7, 1], "1": [1], "3,1": [3, 1], "": []}
# Times of day /settings offers for reminders and the digest (the configured default is always among them).
TIME_PRESETS = ("08:00", "09:00", "12:00", "18:00", "20:00")


@dataclass(frozen=True, slots=True)
class Preferences:
    """The reminder settings a new chat starts with (config ``reminders``), and what /settings offers."""

    reminder_days: tuple[int, ...] = (7, 1)
    reminder_time: str = "09:00"

    @property
    def day_presets(self) -> dict[str, list[int]]:
        return {**REMINDER_PRESETS, ",".join(map(str, self.reminder_days)): list(self.reminder_days)}

    @property
    def time_presets(self) -> list[str]:
        return sorted({*TIME_PRESETS, self.reminder_time})


@dataclass(frozen=True, slots=True)
class ChatInfo:
    """The chat an update came from, as the database needs it."""

    chat_id: int
    chat_type: str
    title: str | None
    thread_id: int | None
    language: str  # from the user's Telegram language, used when the chat is new
    defaults: Preferences = field(default_factory=Preferences)  # for a chat new to us


class BotServices:
    """What handlers need, built once by the composition root and kept in ``application.bot_data``: the deployment's
    choices, its public address (links in messages), its admins (``telegram.admin_chat_ids``), when reminders go
    out and what a new chat starts with (``reminders``)."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        choices: Choices,
        public_url: str,
        admin_chat_ids: Iterable[int],
        schedule: AlertSchedule,
        defaults: Preferences,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.choices = choices
        self.public_url = public_url
        self.admin_chat_ids = frozenset(admin_chat_ids)
        self.renderer = Renderer(choices, public_url)
        self.schedule = schedule
        self.defaults = defaults
        self.clock = clock

    async def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction on a worker thread (the event loop must not wait on the database)."""

        def transaction() -> T:
            with self.sessions.begin() as session:
                return work(session)

        return await asyncio.to_thread(transaction)

    def today(self) -> dt.date:
        return self.schedule.today(self.clock())

    def is_admin(self, user_id: int | None) -> bool:
        """Whether this Telegram user is one of the service's admins (``telegram.admin_chat_ids``)."""
        return user_id is not None and user_id in self.admin_chat_ids


def chat_language(session: Session, chat: ChatInfo) -> str:
    subscriber = get_subscriber(session, chat.chat_id)
    return subscriber.language if subscriber is not None else chat.language


def _subscriber(session: Session, chat: ChatInfo) -> Subscriber:
    return ensure_subscriber(
        session,
        chat_id=chat.chat_id,
        chat_type=chat.chat_type,
        title=chat.title,
        message_thread_id=chat.thread_id,
        language=chat.language,
        reminder_days=chat.defaults.reminder_days,
        reminder_time=chat.defaults.reminder_time,
    )


@dataclass(frozen=True, slots=True)
class SubscribeResult:
    language: str
    added: list[tuple[str, str]]
    existing: list[tuple[str, str]]


def subscribe(session: Session, chat: ChatInfo, industries: Sequence[str], regions: Sequence[str]) -> SubscribeResult:
    subscriber = _subscriber(session, chat)
    wanted = [(i, r) for i in (industries or [ANY]) for r in (regions or [ANY])]
    added = add_subscriptions(session, subscriber, industries, regions)
    return SubscribeResult(subscriber.language, added, [pair for pair in wanted if pair not in added])


def register(session: Session, chat: ChatInfo) -> str:
    """First contact (/start): the chat's row exists afterwards; returns its language."""
    return _subscriber(session, chat).language


@dataclass(frozen=True, slots=True)
class SubscriptionList:
    language: str
    items: list[tuple[int, str, str]]  # id, industry, region


def list_for(session: Session, chat: ChatInfo) -> SubscriptionList:
    subscriber = get_subscriber(session, chat.chat_id)
    if subscriber is None:
        return SubscriptionList(chat.language, [])
    rows = list_subscriptions(session, subscriber.id)
    return SubscriptionList(subscriber.language, [(s.id, s.industry, s.region) for s in rows])


def unsubscribe(
    session: Session, chat: ChatInfo, industries: Sequence[str], regions: Sequence[str], *, everything: bool
) -> int:
    subscriber = get_subscriber(session, chat.chat_id)
    if subscriber is None or (not everything and not industries and not regions):
        return 0
    return remove_subscriptions(session, subscriber.id, industries, regions)


def unsubscribe_one(session: Session, chat: ChatInfo, subscription_id: int) -> tuple[str, str] | None:
    subscriber = get_subscriber(session, chat.chat_id)
    if subscriber is None:
        return None
    row = remove_subscription(session, subscriber.id, subscription_id)
    return (row.industry, row.region) if row is not None else None


@dataclass(frozen=True, slots=True)
class UpcomingPage:
    events: list[CalendarEvent]
    page: int
    pages: int


def upcoming(
    session: Session,
    chat: ChatInfo,
    industries: Sequence[str],
    regions: Sequence[str],
    *,
    page: int,
    today: dt.date,
    vocabulary: RegionVocabulary | None = None,
) -> UpcomingPage:
    """Upcoming events matching the filters, or the chat's subscriptions when none are given; one page of them."""
    events = upcoming_events(session, today=today, limit=500)
    if industries or regions:
        events = [e for e in events if choice_filter(industries, regions, vocabulary).matches(e)]
    else:
        subscriber = get_subscriber(session, chat.chat_id)
        pairs = [(s.industry, s.region) for s in list_subscriptions(session, subscriber.id)] if subscriber else []
        if pairs:
            events = [e for e in events if subscriptions_filter(pairs, vocabulary).matches(e)]
    pages = max(1, -(-len(events) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = [calendar_event(event) for event in events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    return UpcomingPage(shown, page, pages)


def row_id(value: str) -> int | None:
    """A number a user typed or a button carries, as the id of a row; None when no row can have it.

    ASCII digits only: ``str.isdigit`` also takes ² and ١٢, which ``int`` refuses or reads as another number.
    """
    if not _ROW_ID.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ROW_ID else None


def find_event(session: Session, reference: str) -> tuple[CalendarEvent, list[SourceLink]] | None:
    """An event by its number (as /upcoming shows it) or its public id; None for anything else, and for an event
    an admin hid (`db.corrections`). A duplicate an admin merged leads to the event it joined, as its page does."""
    reference = reference.strip().lstrip("#")
    event: Event | None = None
    if reference.isdecimal():
        number = row_id(reference)
        event = session.get(Event, number) if number is not None else None
    elif re.fullmatch(r"[A-Za-z0-9_-]{8,32}", reference):
        event = session.scalars(select(Event).where(Event.public_id == reference)).first()
    # A duplicate an admin merged leads to the event it joined; a hidden one is gone.
    hops = 0
    while event is not None and event.merged_into_id is not None and hops < 10:
        event, hops = session.get(Event, event.merged_into_id), hops + 1
    if event is None or not event.shown:
        return None
    return calendar_event(event), event_sources(session, [event.id]).get(event.id, [])


def calendar_token(session: Session, chat: ChatInfo, *, renew: bool = False) -> tuple[str, str]:
    """The chat's calendar secret (made on first use, or anew); returns (token, language)."""
    subscriber = _subscriber(session, chat)
    return issue_calendar_token(session, subscriber, renew=renew), subscriber.language


def revoke_calendar(session: Session, chat: ChatInfo) -> str:
    subscriber = _subscriber(session, chat)
    revoke_calendar_token(session, subscriber)
    return subscriber.language


@dataclass(frozen=True, slots=True)
class Settings:
    language: str
    reminder_days: list[int]
    reminder_time: str
    mode: str


def settings(session: Session, chat: ChatInfo) -> Settings:
    subscriber = _subscriber(session, chat)
    return Settings(
        subscriber.language, list(subscriber.reminder_days), subscriber.reminder_time, subscriber.delivery_mode
    )


def valid_setting(defaults: Preferences, what: str, value: str) -> bool:
    """Whether (what, value) is one of the choices /settings offers."""
    match what:
        case "lang":
            return value in ("zh", "en")
        case "rem":
            return value in defaults.day_presets
        case "time":
            return value in defaults.time_presets
        case "mode":
            return value in ("instant", "digest")
    return False


def change_setting(
    session: Session, chat: ChatInfo, what: str, value: str, *, schedule: AlertSchedule, now: dt.datetime
) -> Settings:
    """Apply one change: ("lang", "en"), ("rem", "7,1"), ("time", "18:00") or ("mode", "digest"); values that are
    not :func:`valid_setting` change nothing. A digest waiting to go out moves with a new time, and goes now when
    the chat turns instant."""
    subscriber = _subscriber(session, chat)
    before = (subscriber.reminder_time, subscriber.delivery_mode)
    if valid_setting(chat.defaults, what, value):
        if what == "lang":
            subscriber.language = value
        elif what == "rem":
            subscriber.reminder_days = list(chat.defaults.day_presets[value])
        elif what == "time":
            subscriber.reminder_time = value
        else:
            subscriber.delivery_mode = value
    subscriber.updated_at = now
    session.flush()
    # Only on a real change: a digest already due must not slip to tomorrow because a button was pressed twice.
    if (subscriber.reminder_time, subscriber.delivery_mode) != before:
        due = digest_due(schedule, now, reminder_time=subscriber.reminder_time, mode=subscriber.delivery_mode)
        reschedule_digests(session, subscriber.id, due_at=due)
    return settings(session, chat)


def follow_migration(session: Session, old_chat_id: int, new_chat_id: int) -> None:
    """The group ``old_chat_id`` is now the supergroup ``new_chat_id``; nothing to do when already followed."""
    subscriber = get_subscriber(session, old_chat_id)
    if subscriber is not None and old_chat_id != new_chat_id:
        migrate_subscriber(session, subscriber.id, new_chat_id)


def sources(session: Session) -> list[Source]:
    return list_sources(session)


@dataclass(frozen=True, slots=True)
class AddSourceResult:
    key: str
    created: bool


def add_source(session: Session, url: str, kind: str) -> AddSourceResult:
    """An admin's source: polled like the configured ones, and left alone by the config sync."""
    existing = session.scalars(select(Source).where(Source.url == url)).first()
    if existing is not None:
        return AddSourceResult(existing.key, False)
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    base = re.sub(r"[^A-Za-z0-9]+", "-", host).strip("-")[:40] or "source"
    taken = set(session.scalars(select(Source.key).where(Source.key.like(f"admin-{base}%"))))
    key, n = f"admin-{base}", 2
    while key in taken:
        key, n = f"admin-{base}-{n}", n + 1
    session.add(Source(key=key, name=host, kind=kind, url=url, origin="admin", enabled=True, industries=[]))
    session.flush()
    return AddSourceResult(key, True)


def admin_stats(session: Session, today: dt.date) -> tuple[Stats, dict[str, int], dict[str, int]]:
    """/stats: subscribers and events, the outbox by status, admin corrections by kind and open reports."""
    return stats(session, today=today), outbox_counts(session), correction_counts(session)


def source_kinds() -> tuple[str, ...]:
    return SOURCE_KINDS


def subscription_count(session: Session, chat_id: int) -> int:
    subscriber = get_subscriber(session, chat_id)
    if subscriber is None:
        return 0
    return len(session.scalars(select(Subscription.id).where(Subscription.subscriber_id == subscriber.id)).all())
