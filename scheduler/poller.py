"""Polling one source: fetch, read items, store articles, extract and merge events, keep the source's health.

The work is cut in three so the database is never locked while we wait on the network or on extraction:
a short read (which items are new or changed), extraction (pure, no database), one short write transaction
(articles, events, links, the outbox via the event sink, the source's health) that commits all or nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from db.articles import (
    articles_by_guid,
    content_hash,
    extracted_hashes,
    extracted_twins,
    known_guids,
    store_article,
    stored_digests,
)
from db.engine import reading
from db.merge import EventMerger, link_same_events
from db.models.events import Event
from db.models.sources import Source
from db.sources import record_failure, record_success
from extract import ExtractedEvent, SourceHints
from scheduler.decode import decode_page
from scheduler.extraction import BatchExtractor, ExtractionError
from scheduler.feeds import FeedError, parse_feed
from scheduler.fetch import Access, Fetched, Fetcher, FetchError, Validators
from scheduler.items import FeedItem, admit_items, storable_guid, storable_text
from scheduler.pages import PageError, article_links, read_article

log = logging.getLogger(__name__)

CHINA = ZoneInfo("Asia/Shanghai")
MAX_NEW_PAGES_PER_LISTING = 30
_POLL_ERRORS = (FetchError, FeedError, PageError, ExtractionError)


class EventSink(Protocol):
    """Told, inside the write transaction, which events an article created or changed (the outbox hook)."""

    def __call__(self, session: Session, new: Sequence[Event], changed: Sequence[Event]) -> None: ...


def ignore_events(session: Session, new: Sequence[Event], changed: Sequence[Event]) -> None:
    """The sink used while nobody subscribes to alerts."""


AdminNotifier = Callable[[str], Awaitable[None]]


async def log_to_admins(message: str) -> None:
    log.warning("admin alert: %s", message)


@dataclass(frozen=True, slots=True)
class SourceSnapshot:
    id: int
    key: str
    kind: str
    url: str
    enabled: bool
    interval_minutes: int
    encoding: str | None
    link_selector: str | None
    allow_private_network: bool
    hints: SourceHints
    validators: Validators
    next_poll_at: dt.datetime | None
    consecutive_failures: int


@dataclass
class PollOutcome:
    source: str
    ok: bool = True
    skipped: bool = False
    not_modified: bool = False
    error: str | None = None
    items: int = 0  # what the feed or listing held (after dropping repeated guids)
    articles_new: int = 0
    articles_updated: int = 0
    events_new: int = 0
    events_changed: int = 0
    # Items kept after a repair, and items left out (`scheduler.items`).
    items_repaired: int = 0
    items_dropped: int = 0


@dataclass(frozen=True, slots=True)
class _Work:
    item: FeedItem
    extract: bool  # False: unchanged, or a duplicate of text already extracted


@dataclass
class _Batch:
    items: list[FeedItem]
    validators: Validators
    extracted: dict[str, list[ExtractedEvent]] = field(default_factory=dict)


class Poller:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        fetcher: Fetcher,
        extractor: BatchExtractor,
        clock: Callable[[], dt.datetime],
        max_backoff_seconds: int,
        event_sink: EventSink = ignore_events,
        notify_admins: AdminNotifier = log_to_admins,
        serialize_writes: bool = False,
        observe_seconds: Callable[[float], None] | None = None,
    ) -> None:
        self._observe_seconds = observe_seconds
        self._sessions = sessions
        # SQLite has one writer at a time and its busy handler polls rather than queues, so under load one poll
        # can keep losing the lock; taking turns in-process first is fair and keeps every wait short.
        self._write_turn: threading.Lock | contextlib.nullcontext[None] = (
            threading.Lock() if serialize_writes else contextlib.nullcontext()
        )
        self._fetcher = fetcher
        self._extractor = extractor
        self._clock = clock
        self._max_backoff = max_backoff_seconds
        self._event_sink = event_sink
        self._notify_admins = notify_admins

    async def poll(self, source_id: int, *, force: bool = False) -> PollOutcome:
        """Poll one source. Never raises (but when cancelled): whatever goes wrong, a fault of the source or an
        unexpected one, is this source's failed poll, recorded in its health (backoff, admin alert, /metrics), so
        it never stops the polls of other sources."""
        outcome = PollOutcome(source=f"#{source_id}")
        try:
            snapshot = await asyncio.to_thread(self._load, source_id)
        except Exception as exc:
            # Nowhere to record it: the source cannot be read (the database is down, or the row is gone).
            log.exception("source #%s: cannot read the source to poll it", source_id)
            outcome.ok, outcome.error = False, f"cannot read the source: {describe_error(exc)}"
            return outcome
        outcome.source = snapshot.key
        if not force and (not snapshot.enabled or _backing_off(snapshot, self._clock())):
            outcome.skipped = True
            return outcome
        began = time.perf_counter()
        try:
            await self._poll(snapshot, outcome)
        finally:
            if self._observe_seconds is not None:
                self._observe_seconds(time.perf_counter() - began)
        return outcome

    async def _poll(self, snapshot: SourceSnapshot, outcome: PollOutcome) -> None:
        """Poll, and record the poll's failure: the only code a failure can escape from is the recording's."""
        retry_after: float | None = None
        try:
            await self._fetch_and_store(snapshot, outcome)
            return
        except _POLL_ERRORS as exc:
            error = str(exc)
            retry_after = exc.retry_after if isinstance(exc, FetchError) else None
            log.warning("source %s failed: %s", snapshot.key, exc)
        except Exception as exc:
            # A fault of ours or of the database with what this source sent. It is recorded like the source's own:
            # the source backs off, admins hear of it if it lasts, /metrics shows it down, other sources go on.
            error = f"internal error: {describe_error(exc)}"
            log.exception("source %s: poll crashed", snapshot.key)
        # The write transaction was rolled back: nothing of this poll was stored.
        outcome.ok, outcome.error = False, error
        outcome.articles_new = outcome.articles_updated = outcome.events_new = outcome.events_changed = 0
        try:
            alert = await asyncio.to_thread(self._record_failure, snapshot, error, retry_after)
            if alert:
                await self._notify_admins(alert)
        except Exception:
            log.exception("source %s: could not record its failure (%s)", snapshot.key, error)

    async def _fetch_and_store(self, snapshot: SourceSnapshot, outcome: PollOutcome) -> None:
        batch = await self._collect(snapshot)
        if batch is None:
            outcome.not_modified = True
            await asyncio.to_thread(self._record_success, snapshot, None)
            return
        admitted = admit_items(batch.items, fetched_at=self._clock())
        batch.items = admitted.items
        outcome.items_repaired, outcome.items_dropped = len(admitted.repaired), len(admitted.dropped)
        if admitted.repaired or admitted.dropped:
            log.info("source %s: items %s", snapshot.key, admitted.summary())
        work = await asyncio.to_thread(self._plan, snapshot, batch.items)
        outcome.items = len(work)
        to_read = [step.item for step in work if step.extract]
        if to_read:
            found = await self._extractor.extract(
                [(item.text, local_date(item.published)) for item in to_read], snapshot.hints
            )
            batch.extracted.update((item.guid, events) for item, events in zip(to_read, found, strict=True))
        await asyncio.to_thread(self._write, snapshot, batch, work, outcome)

    def _load(self, source_id: int) -> SourceSnapshot:
        with reading(self._sessions) as session:
            source = session.get_one(Source, source_id)
            return SourceSnapshot(
                id=source.id,
                key=source.key,
                kind=source.kind,
                url=source.url,
                enabled=source.enabled,
                interval_minutes=source.interval_minutes,
                encoding=source.encoding,
                link_selector=source.link_selector,
                allow_private_network=source.allow_private_network,
                hints=SourceHints(province=source.province, city=source.city, industries=tuple(source.industries)),
                validators=Validators(etag=source.etag, last_modified=source.last_modified),
                next_poll_at=source.next_poll_at,
                consecutive_failures=source.consecutive_failures,
            )

    async def _collect(self, snapshot: SourceSnapshot) -> _Batch | None:
        """Fetch and read the source into items; None when the server says nothing changed (304)."""
        access = Access(allow_private_network=snapshot.allow_private_network, failing=snapshot.consecutive_failures > 0)
        fetched = await self._fetcher.get(snapshot.url, snapshot.validators, access=access)
        if fetched.not_modified:
            return None
        if snapshot.kind in ("rss", "atom", "jsonfeed"):
            return _Batch(
                parse_feed(snapshot.kind, fetched.body, content_type=fetched.content_type, encoding=snapshot.encoding),
                fetched.validators,
            )
        html = decode_page(fetched.body, http_charset=fetched.charset, override=snapshot.encoding)
        if snapshot.kind == "html-article":
            return _Batch([_page_item(fetched, html, guid=snapshot.url)], fetched.validators)
        links = article_links(html, fetched.url, snapshot.link_selector)
        # Looked up by the guid the link is stored under (a very long link is stored under its digest).
        known = await asyncio.to_thread(self._known, snapshot.id, [storable_guid(link.url) for link in links])
        items = []
        for link in [link for link in links if storable_guid(link.url) not in known][:MAX_NEW_PAGES_PER_LISTING]:
            try:
                page = await self._fetcher.get(link.url, access=access)
                html_page = decode_page(page.body, http_charset=page.charset, override=snapshot.encoding)
                # The listing's link is the guid, so the next poll recognises it before fetching it again.
                items.append(_page_item(page, html_page, guid=link.url))
            except _POLL_ERRORS as exc:
                # One broken article must not hide the others; the listing itself was fine.
                log.info("source %s: skipped article %s: %s", snapshot.key, link.url, exc)
        return _Batch(items, fetched.validators)

    def _known(self, source_id: int, guids: list[str]) -> set[str]:
        with reading(self._sessions) as session:
            return known_guids(session, source_id, guids)

    def _plan(self, snapshot: SourceSnapshot, items: list[FeedItem]) -> list[_Work]:
        with reading(self._sessions) as session:
            stored = stored_digests(session, snapshot.id, [item.guid for item in items])
            extracted_elsewhere = extracted_hashes(session, {content_hash(item.text) for item in items})
        work = []
        seen: set[str] = set()
        for item in items:
            if item.guid in seen:  # a feed listing one guid twice
                continue
            seen.add(item.guid)
            digest = content_hash(item.text)
            if stored.get(item.guid) == digest or (item.guid not in stored and digest in extracted_elsewhere):
                work.append(_Work(item, extract=False))
            else:
                work.append(_Work(item, extract=True))
        return work

    def _write(self, snapshot: SourceSnapshot, batch: _Batch, work: list[_Work], outcome: PollOutcome) -> None:
        now = self._clock()
        with self._write_turn, self._sessions() as session, session.begin():
            existing = articles_by_guid(session, snapshot.id, [step.item.guid for step in work])
            twins = extracted_twins(session, {content_hash(step.item.text) for step in work if not step.extract})
            merger = EventMerger(
                session, [batch.extracted.get(step.item.guid, []) for step in work if step.extract], now=now
            )
            for step in work:
                item = step.item
                stored = store_article(
                    session,
                    existing=existing.get(item.guid),
                    twin_id=twins.get(content_hash(item.text)),
                    source_id=snapshot.id,
                    guid=item.guid,
                    url=item.url,
                    title=item.title,
                    text=item.text,
                    published_at=item.published,
                    now=now,
                )
                if stored.state == "unchanged":
                    continue
                outcome.articles_new += stored.state in ("new", "duplicate")
                outcome.articles_updated += stored.state == "updated"
                if stored.state == "duplicate" and stored.duplicate_of is not None:
                    link_same_events(session, stored.article, stored.duplicate_of, now=now)
                else:
                    merger.merge(
                        stored.article, batch.extracted.get(item.guid, []), article_is_new=stored.state == "new"
                    )
                stored.article.extracted_at = now
            merged = merger.finish()
            outcome.events_new = len(merged.new)
            outcome.events_changed = len(merged.changed)
            self._event_sink(session, merged.new, merged.changed)
            self._mark_success(session, snapshot, batch.validators, now)

    def _record_success(self, snapshot: SourceSnapshot, validators: Validators | None) -> None:
        with self._write_turn, self._sessions() as session, session.begin():
            self._mark_success(session, snapshot, validators, self._clock())

    def _mark_success(
        self, session: Session, snapshot: SourceSnapshot, validators: Validators | None, now: dt.datetime
    ) -> None:
        record_success(
            session,
            snapshot.id,
            etag=validators.etag if validators else None,
            last_modified=validators.last_modified if validators else None,
            validated=validators is not None,
            now=now,
        )

    def _record_failure(self, snapshot: SourceSnapshot, error: str, retry_after: float | None) -> str | None:
        """Record a failure and back off (`db.sources`); returns the admin alert to send, if any."""
        with self._write_turn, self._sessions() as session, session.begin():
            return record_failure(
                session,
                snapshot.id,
                error=storable_text(error),
                retry_after=retry_after,
                max_backoff_seconds=self._max_backoff,
                now=self._clock(),
            )


def describe_error(exc: BaseException) -> str:
    """An unexpected error in one line: its type and the first line of its message (a database error's message
    goes on with the whole statement and its parameters)."""
    lines = str(exc).strip().splitlines()
    return storable_text(f"{type(exc).__name__}: {lines[0] if lines else ''}")[:500]


def _backing_off(snapshot: SourceSnapshot, now: dt.datetime) -> bool:
    return snapshot.next_poll_at is not None and now < snapshot.next_poll_at


def local_date(moment: dt.datetime | None) -> dt.date | None:
    """The Beijing calendar day of a moment: an item of 2021-06-18 21:28 GMT is an article of 2021-06-19."""
    return moment.astimezone(CHINA).date() if moment is not None else None


def _page_item(fetched: Fetched, html: str, *, guid: str) -> FeedItem:
    page = read_article(html, fetched.url)
    # A page gives a calendar day only; noon in Beijing keeps it on that day in any zone the value passes through.
    published = dt.datetime.combine(page.published, dt.time(12), CHINA).astimezone(dt.UTC) if page.published else None
    return FeedItem(guid=guid, url=fetched.url, title=page.title, text=page.text, published=published)
