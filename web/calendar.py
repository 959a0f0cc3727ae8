"""The calendar's work behind the routes: feeds (cached, with validators) and the data of the web page.

Each public method is one call for one route, synchronous (the routes run it in a worker thread) and reading the
time only through the injected clock. Feeds are cached per filter until the database's :func:`db.calendar.data_stamp`
or China's date moves, so a calendar app polling an unchanged feed costs a few aggregate queries, not a render.
"""

from __future__ import annotations

import datetime as dt
import gzip
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine

from db.calendar import (
    CalendarEvent,
    data_stamp,
    event_by_public_id,
    feed_events,
    page_events,
    past_events,
    subscriber_calendar,
    with_sources,
)
from db.engine import reading
from db.matching import EventFilter
from ical.model import FeedEvent, FeedInfo, FeedPhase, SourceLink
from ical.render import render_calendar
from ical.window import china_today, feed_window
from web.filters import Selection, Vocabulary
from web.validators import Clock, HighWaterMarks, etag_of

PAGE_LIMIT = 600
# How far back the page's "past events" looks: a quarter is what a reader planning next year's trips compares.
PAST_DAYS = 90
# How long a read of the database's data stamp is trusted. Reading it costs a few ms on 10,000 events; calendar
# apps poll every few hours, so answering from a stamp up to 2 s old changes nothing for them and makes the
# 304 path nearly free. Measured with the monotonic clock: it bounds staleness, it is not a calendar fact.
STAMP_SECONDS = 2.0
FEED_CACHE_SIZE = 64
_NAMES = {"zh": "产业活动日历", "en": "Industry events"}


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: dt.datetime
    filename: str

    @cached_property
    def gzipped(self) -> bytes:
        # Compressed once per feed version, not once per request: calendar apps poll the same bytes all day.
        return gzip.compress(self.body, compresslevel=6, mtime=0)


@dataclass(frozen=True, slots=True)
class PageData:
    today: dt.date
    events: list[CalendarEvent]
    # The "past events" view: the events of the last `PAST_DAYS` days, the most recent first.
    past: bool = False


@dataclass(slots=True)
class _Cached:
    stamp: tuple[object, ...]
    today: dt.date
    feed: Feed


class CalendarService:
    def __init__(
        self,
        *,
        engine: Engine,
        vocabulary: Vocabulary,
        public_url: str,
        clock: Clock,
        stamp_seconds: float = STAMP_SECONDS,
    ) -> None:
        self.vocabulary = vocabulary
        self._stamp_seconds = stamp_seconds
        self._stamp: tuple[float, tuple[object, ...]] | None = None
        self.public_url = public_url.rstrip("/")
        self._engine = engine
        self._clock = clock
        self._marks = HighWaterMarks(clock)
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        self._lock = threading.Lock()

    # Feeds -------------------------------------------------------------------------------------------------

    def public_feed(self, selection: Selection) -> Feed:
        """``/calendar.ics`` with the given filters."""
        key = f"public:{selection.key}"
        url = f"{self.public_url}/calendar.ics" + (f"?{selection.key}" if selection.key else "")
        name = self.feed_name(selection)
        where = self.vocabulary.to_filter(selection)
        return self._feed(key, where, FeedInfo(name=name, url=url, language=selection.language), "eventradar.ics")

    def subscriber_feed(self, token: str) -> Feed | None:
        """``/calendar/<token>.ics``: the events a subscriber's subscriptions match; None for an unknown token."""
        with reading(self._engine) as session:
            calendar = subscriber_calendar(session, token)
        if calendar is None:
            return None
        language = calendar.language if calendar.language in _NAMES else "zh"
        where = self.vocabulary.subscription_filter(calendar.subscriptions)
        # The address is secret: the feed does not repeat it, so a shared .ics file does not leak it.
        info = FeedInfo(name=_NAMES[language], language=language)
        return self._feed(f"token:{token}", where, info, "eventradar.ics")

    def event_feed(self, public_id: str) -> Feed | None:
        """``/events/<id>.ics``: one event, for "add to calendar"; None if unknown or its day is not known yet."""
        with reading(self._engine) as session:
            event = event_by_public_id(session, public_id)
        if event is None or not event.dated:
            return None
        info = FeedInfo(name=event.name, url=f"{self.public_url}/events/{public_id}.ics")
        body = render_calendar(info, [self.feed_event(event, "zh")])
        etag = etag_of(body)
        last_modified = self._marks.last_modified(f"event:{public_id}", etag, event.updated_at)
        return Feed(body, etag, last_modified, "event.ics")

    def _feed(self, key: str, where: EventFilter, info: FeedInfo, filename: str) -> Feed:
        now = self._clock()
        today = china_today(now)
        stamp = self._current_stamp()
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached.stamp == stamp and cached.today == today:
            return cached.feed
        with reading(self._engine) as session:
            window = feed_window(today)
            events = feed_events(
                session, first=window.first, last=window.last, cancelled_since=window.cancelled_since, where=where
            )
        body = render_calendar(info, [self.feed_event(event, info.language) for event in events])
        etag = etag_of(body)
        newest = max((event.updated_at for event in events), default=None)
        feed = Feed(body, etag, self._marks.last_modified(key, etag, newest), filename)
        with self._lock:
            self._cache[key] = _Cached(stamp, today, feed)
            self._cache.move_to_end(key)
            while len(self._cache) > FEED_CACHE_SIZE:
                self._cache.popitem(last=False)
        return feed

    def _current_stamp(self) -> tuple[object, ...]:
        moment = time.monotonic()
        with self._lock:
            remembered = self._stamp
        if remembered is not None and moment - remembered[0] < self._stamp_seconds:
            return remembered[1]
        with reading(self._engine) as session:
            stamp = data_stamp(session)
        with self._lock:
            self._stamp = (moment, stamp)
        return stamp

    def feed_event(self, event: CalendarEvent, language: str) -> FeedEvent:
        assert event.start_date is not None, "only events known to the day go into feeds"
        return FeedEvent(
            uid=event.public_id,
            name=event.name,
            start=event.start_date,
            end=event.end_date or event.start_date,
            updated_at=event.updated_at,
            version=event.version,
            cancelled=event.cancelled,
            venue=event.venue,
            place=place_text(event),
            categories=tuple(self.vocabulary.industry_label(i, language) for i in event.industries),
            url=f"{self.public_url}/events/{event.public_id}" + ("?lang=en" if language == "en" else ""),
            sources=tuple(SourceLink(source.url, source.title) for source in event.sources),
            phases=tuple(FeedPhase(phase.label, phase.start, phase.end) for phase in event.phases),
        )

    def feed_name(self, selection: Selection) -> str:
        parts = [_NAMES[selection.language]]
        parts.extend(self.vocabulary.industry_label(i, selection.language) for i in selection.industries)
        parts.extend(selection.regions)
        if selection.text:
            parts.append(f"“{selection.text}”")
        return " · ".join(parts)

    # The web page ------------------------------------------------------------------------------------------

    def page(self, selection: Selection) -> PageData:
        today = china_today(self._clock())
        window = feed_window(today)
        where = self.vocabulary.to_filter(selection)
        if selection.when == "past":
            since = today - dt.timedelta(days=PAST_DAYS)
            with reading(self._engine) as session:
                past = past_events(session, today=today, since=since, where=where, limit=PAGE_LIMIT)
            return PageData(today, past, past=True)
        with reading(self._engine) as session:
            events = page_events(
                session,
                today=today,
                last=window.last,
                cancelled_since=window.cancelled_since,
                where=where,
                limit=PAGE_LIMIT,
            )
        return PageData(today, events)

    def export(self, selection: Selection) -> PageData:
        """What the page lists for ``selection`` (the same read and window), each event with its sources: the
        page's "export CSV / Excel" downloads."""
        data = self.page(selection)
        with reading(self._engine) as session:
            return PageData(data.today, with_sources(session, data.events), data.past)

    def event(self, public_id: str) -> CalendarEvent | None:
        with reading(self._engine) as session:
            return event_by_public_id(session, public_id)


def place_text(event: CalendarEvent) -> str | None:
    """广东 广州 海珠, without repeating a municipality (上海 上海 浦东 → 上海 浦东)."""
    parts: list[str] = []
    for part in (event.province, event.city, event.district):
        if part and part not in parts:
            parts.append(part)
    return " ".join(parts) or None
