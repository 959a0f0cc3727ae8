"""The calendar's reads: events in a window matching filters, one event with its sources, a subscriber's feed.

Results are plain frozen values (:class:`CalendarEvent`), so the web side can cache and render them after the
session is closed. Which events a filter takes is `db.matching`'s rule, applied in Python to the rows the date
window selected: ``events.industries`` is a JSON list, and "list contains one of" has no portable SQL form on
SQLite and PostgreSQL; the window keeps the rows few enough.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from db.matching import EventFilter
from db.models.events import Event, EventArticle, stored_phase
from db.models.sources import Article, Source
from db.models.subscribers import ANY, Subscriber, Subscription
from extract.model import Phase

# Rows per IN (...) list: well under SQLite's and psycopg's parameter limits.
_CHUNK = 500
_CJK_RE = re.compile("[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class EventSource:
    """An article that reports an event, with the source it came from."""

    url: str
    title: str | None
    source_name: str
    published_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    id: int
    public_id: str
    name: str
    start_date: dt.date | None
    end_date: dt.date | None
    date_precision: str
    venue: str | None
    province: str | None
    city: str | None
    district: str | None
    industries: tuple[str, ...]
    status: str
    version: int
    first_seen_at: dt.datetime
    updated_at: dt.datetime
    cancelled_at: dt.datetime | None
    # A fair held in phases lists them (第一期 …): part of the event, shown on its page and in its iCal entry.
    phases: tuple[Phase, ...] = ()
    # "held": waiting for an admin's approval (`db.corrections`); the page shows it marked unconfirmed.
    review: str = "none"
    # Names it is reported under in another language (an English release's name of a Chinese fair).
    aliases: tuple[str, ...] = ()
    # A day without its year ("06-27"): what a report said when it gave no year the calendar could settle.
    partial_date: str | None = None
    sources: tuple[EventSource, ...] = ()

    @property
    def unconfirmed(self) -> bool:
        return self.review == "held"

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None or self.status == "cancelled"

    @property
    def last_day(self) -> dt.date | None:
        return self.end_date or self.start_date

    @property
    def dated(self) -> bool:
        """Known to the day: only these go into feeds."""
        return self.date_precision == "day" and self.start_date is not None


@dataclass(frozen=True, slots=True)
class SubscriberCalendar:
    language: str
    title: str | None
    # (industry, region) rows, either of which may be ANY ("*").
    subscriptions: tuple[tuple[str, str], ...]


def _cancelled_condition(since: dt.datetime) -> ColumnElement[bool]:
    """Not cancelled, or cancelled at or after ``since`` (a cancelled status without a time counts from the update)."""
    live = and_(Event.cancelled_at.is_(None), Event.status != "cancelled")
    return or_(live, func.coalesce(Event.cancelled_at, Event.updated_at) >= since)


# The columns a CalendarEvent is made of, in its field order: selecting columns rather than ORM objects is several
# times faster for the thousands of rows a feed reads.
_COLUMNS = (
    Event.id,
    Event.public_id,
    Event.name,
    Event.start_date,
    Event.end_date,
    Event.date_precision,
    Event.venue,
    Event.province,
    Event.city,
    Event.district,
    Event.industries,
    Event.status,
    Event.version,
    Event.first_seen_at,
    Event.updated_at,
    Event.cancelled_at,
    Event.phases,
    Event.review,
    Event.aliases,
    Event.partial_date,
)


def _row(row: Any) -> CalendarEvent:
    values = list(row)
    values[10] = tuple(values[10] or ())
    values[16] = tuple(stored_phase(entry) for entry in values[16] or ())
    values[18] = tuple(values[18] or ())
    return CalendarEvent(*values)


def calendar_event(event: Event) -> CalendarEvent:
    """An event as a frozen value, from its row (for callers that already hold it)."""
    return _row(tuple(getattr(event, column.key) for column in _COLUMNS))


def calendar_events(session: Session, ids: Iterable[int]) -> dict[int, CalendarEvent]:
    """Events by id as frozen values, so they can be rendered after the session is closed."""
    wanted = sorted(set(ids))
    found: dict[int, CalendarEvent] = {}
    for index in range(0, len(wanted), _CHUNK):
        rows = session.execute(select(*_COLUMNS).where(Event.id.in_(wanted[index : index + _CHUNK])))
        found.update((event.id, event) for event in map(_row, rows))
    return found


def with_sources(session: Session, events: list[CalendarEvent]) -> list[CalendarEvent]:
    """The events with the articles that report them (each address once), for feeds and exports."""
    if not events:
        return events
    found: dict[int, list[EventSource]] = {}
    ids = [event.id for event in events]
    for index in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(EventArticle.event_id, Article.url, Article.title, Source.name, Article.published_at)
            .join(Article, Article.id == EventArticle.article_id)
            .join(Source, Source.id == Article.source_id)
            .where(EventArticle.event_id.in_(ids[index : index + _CHUNK]), Article.url.is_not(None))
            .order_by(EventArticle.event_id, Article.published_at, Article.id)
        )
        for event_id, url, title, source_name, published_at in rows:
            if url:  # the query skips NULL urls; this also tells the type checker
                found.setdefault(event_id, []).append(EventSource(url, title, source_name, published_at))
    return [_replace_sources(event, found.get(event.id, ())) for event in events]


def _replace_sources(event: CalendarEvent, sources: Iterable[EventSource]) -> CalendarEvent:
    # Several articles of one outlet often point at the same page; list each address once.
    unique: dict[str, EventSource] = {}
    for source in sources:
        unique.setdefault(source.url, source)
    return dataclasses.replace(event, sources=tuple(unique.values()))


def feed_events(
    session: Session, *, first: dt.date, last: dt.date, cancelled_since: dt.datetime, where: EventFilter
) -> list[CalendarEvent]:
    """Events known to the day that end on/after ``first`` and start on/before ``last``, with their sources.

    Cancelled events are included (the feed marks them) while they were cancelled at or after ``cancelled_since``.
    Events an admin hid, or holds for review, are not: a calendar entry is as good as an alert.
    """
    query = (
        select(*_COLUMNS)
        .where(
            Event.date_precision == "day",
            Event.start_date.is_not(None),
            Event.start_date <= last,
            func.coalesce(Event.end_date, Event.start_date) >= first,
            _cancelled_condition(cancelled_since),
            Event.shown,
            Event.review != "held",
        )
        .order_by(Event.start_date, Event.id)
    )
    rows = [_row(row) for row in session.execute(query)]
    return with_sources(session, [row for row in rows if where.matches(row)])


def page_events(
    session: Session, *, today: dt.date, last: dt.date, cancelled_since: dt.datetime, where: EventFilter, limit: int
) -> list[CalendarEvent]:
    """What the calendar page lists: events not over by ``today`` and starting by ``last``, soonest first, then
    those whose day is not known yet (month-only or vague dates, or none), newest first. No sources (the event's
    own page shows them)."""
    not_over = or_(
        func.coalesce(Event.end_date, Event.start_date) >= today,
        Event.start_date.is_(None),
    )
    query = (
        select(*_COLUMNS)
        .where(
            not_over,
            or_(Event.start_date.is_(None), Event.start_date <= last),
            _cancelled_condition(cancelled_since),
            Event.shown,
        )
        .order_by(Event.start_date.is_(None), Event.start_date, Event.first_seen_at.desc(), Event.id)
    )
    found: list[CalendarEvent] = []
    for values in session.execute(query):
        row = _row(values)
        # Undated reports of events already held are history, not something to plan for.
        if row.start_date is None and row.status not in ("upcoming", "unknown"):
            continue
        if where.matches(row):
            found.append(row)
            if len(found) >= limit:
                break
    return found


def past_events(
    session: Session, *, today: dt.date, since: dt.date, where: EventFilter, limit: int
) -> list[CalendarEvent]:
    """What the page's "past events" lists: events known to the day or the month that were over before ``today``
    and started on or after ``since``, the most recent first, at most ``limit``. Cancelled ones stay (the page marks
    them): a reader looking back wants to know the fair did not take place. No sources."""
    query = (
        select(*_COLUMNS)
        .where(
            Event.date_precision.in_(("day", "month")),
            Event.start_date.is_not(None),
            Event.start_date >= since,
            func.coalesce(Event.end_date, Event.start_date) < today,
            Event.shown,
        )
        .order_by(Event.start_date.desc(), Event.id.desc())
    )
    found: list[CalendarEvent] = []
    for values in session.execute(query):
        row = _row(values)
        if where.matches(row):
            found.append(row)
            if len(found) >= limit:
                break
    return found


def event_by_public_id(session: Session, public_id: str) -> CalendarEvent | None:
    """One event for its page or its .ics: None if unknown or hidden by an admin; an event merged into another is
    that other one (old links keep working)."""
    found = session.execute(select(Event.id, Event.hidden_at, Event.merged_into_id).where(Event.public_id == public_id))
    event = found.first()
    for _ in range(10):
        if event is None or event.hidden_at is not None:
            return None
        if event.merged_into_id is None:
            break
        event = session.execute(
            select(Event.id, Event.hidden_at, Event.merged_into_id).where(Event.id == event.merged_into_id)
        ).first()
    if event is None:
        return None
    row = session.execute(select(*_COLUMNS).where(Event.id == event.id)).one()
    return with_sources(session, [_row(row)])[0]


def subscriber_calendar(session: Session, token: str) -> SubscriberCalendar | None:
    """The subscriptions behind a personal feed address; None for a token nobody holds (never set, or revoked)."""
    if not token:
        return None
    subscriber = session.scalar(select(Subscriber).where(Subscriber.calendar_token == token))
    if subscriber is None:
        return None
    rows = session.execute(
        select(Subscription.industry, Subscription.region)
        .where(Subscription.subscriber_id == subscriber.id)
        .order_by(Subscription.id)
    )
    return SubscriberCalendar(
        language=subscriber.language,
        title=subscriber.title,
        subscriptions=tuple((industry or ANY, region or ANY) for industry, region in rows),
    )


def data_stamp(session: Session) -> tuple[object, ...]:
    """A cheap summary that changes whenever anything a calendar shows changes: events added, updated or deleted,
    sources linked or unlinked, subscriptions or tokens changed. Feeds are cached until it moves."""
    events = session.execute(
        select(
            func.count(),
            func.max(Event.id),
            func.max(Event.updated_at),
            func.sum(Event.version),
            # The merge may change only the status (a newer report says it was cancelled or held).
            func.count(Event.cancelled_at),
            func.sum(case((Event.status == "cancelled", 1), else_=0)),
        )
    ).one()
    links = session.execute(select(func.count(), func.max(EventArticle.linked_at))).one()
    subscribers = session.execute(select(func.count(), func.max(Subscriber.updated_at))).one()
    subscriptions = session.execute(select(func.count(), func.max(Subscription.id))).one()
    return (*events, *links, *subscribers, *subscriptions)


def display_names(name: str, aliases: tuple[str, ...], language: str) -> tuple[str, list[str]]:
    """The name to show an event under, and its other names: in the English UI an event known by an English name
    too (an alias from an English release) is shown under it, its Chinese name listed beside; else its name.
    The one rule for the calendar page and the bot."""
    if language == "en" and _CJK_RE.search(name):
        english = next((alias for alias in aliases if not _CJK_RE.search(alias)), None)
        if english is not None:
            return english, [name, *(alias for alias in aliases if alias != english)]
    return name, list(aliases)
