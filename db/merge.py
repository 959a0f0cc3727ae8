"""Merging the events read from one article into the calendar: one event however many outlets report it.

An incoming report matches a stored event by its normalised name (same edition: starts within half a year), or by
start date and city with a similar name. Facts are merged so the calendar gets better, never worse: a more precise
date replaces a vaguer one, a missing venue or place is filled, and a newer report that moves the dates or the
venue wins over older ones. Any such change grows the event's version and is recorded in ``event_changes``, so
subscribers can be told what changed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from db.models import Article, Event, EventArticle, EventChange
from extract.model import ExtractedEvent

_PRECISION_RANK = {"vague": 1, "month": 2, "day": 3}
# Facts whose change users are told about; the version counts changes to these.
TRACKED_FIELDS = ("start_date", "end_date", "partial_date", "date_precision", "venue", "city", "province", "district")
_SAME_EDITION_DAYS = 183
_NEARBY_DAYS = 3
_SIMILAR_NAMES = 0.8
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass
class MergeOutcome:
    new: list[Event] = field(default_factory=list)
    changed: list[Event] = field(default_factory=list)
    unchanged: list[Event] = field(default_factory=list)


def belongs_in_calendar(candidate: ExtractedEvent) -> bool:
    """Whether a reported event can enter the calendar: something must say when it is, or where in China.

    The extractor reports every event mention; one with neither a date nor a place ("a showcase the studio held
    in Japan") is nothing a user can plan for or filter by region, so it stays out of the calendar.
    """
    return candidate.start is not None or candidate.partial_date is not None or candidate.province is not None


def merge_key(name: str) -> str:
    """The name with width, case, quotes, brackets and punctuation folded away."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _PUNCTUATION.sub("", folded)[:500]


class EventMerger:
    """Merges the events of a batch of articles inside one transaction, with few round trips.

    The stored candidates for the whole batch are looked up once: whole events for the names in the batch, and only
    (id, name, start, city) for the events near its dates, since the near-date match is the rare one and a busy
    fortnight can hold hundreds of events. Both are indexed (by name, by day); events created earlier in the batch
    have indexes of their own, searched first, as a reader would compare a report with what they just read. An
    index only points the way: a match is checked against the event as it is now, since an earlier report in the
    batch may have moved its dates or filled its city. Nothing is flushed until :meth:`finish`.
    """

    def __init__(self, session: Session, batches: Sequence[Sequence[ExtractedEvent]], *, now: dt.datetime) -> None:
        self._session = session
        self._now = now
        self._created = _Index()
        self._stored = _Index()
        self._latest_report: dict[int, dt.datetime | None] = {}
        self._grams: dict[str, frozenset[str]] = {}
        self.outcome = MergeOutcome()
        self._prefetch([candidate for batch in batches for candidate in batch])

    def _prefetch(self, candidates: Sequence[ExtractedEvent]) -> None:
        keyed = _keyed(candidates)
        if not keyed:
            return
        named = self._session.scalars(
            select(Event).where(Event.merge_key.in_({key for _, key in keyed})).order_by(Event.id)
        ).all()
        for event in named:
            self._stored.by_key.setdefault(event.merge_key, []).append(event)
        window = dt.timedelta(days=_NEARBY_DAYS)
        near: list[ColumnElement[bool]] = []
        for day, city in {(c.start, c.city) for c, _ in keyed if c.start is not None}:
            days = Event.start_date.between(day - window, day + window)
            if city is None:
                near.append(days)
            else:
                # Two terms rather than (city = ? OR city IS NULL), so each is one range of ix_events_city_start_date.
                near += [and_(Event.city == city, days), and_(Event.city.is_(None), days)]
        if near:
            nearby = self._session.execute(
                select(Event.id, Event.merge_key, Event.start_date, Event.city).where(or_(*near)).order_by(Event.id)
            )
            for event_id, key, start, city in nearby:
                if start is not None:  # always, by the query; the column is nullable
                    self._stored.by_day.setdefault(start, []).append(_Nearby(key, city, event_id, event_id))
        ids = [event.id for event in named]
        if ids:
            rows = self._session.execute(
                select(EventArticle.event_id, func.max(Article.published_at))
                .join(Article, EventArticle.article_id == Article.id)
                .where(EventArticle.event_id.in_(ids))
                .group_by(EventArticle.event_id)
            )
            self._latest_report.update({event_id: _aware(latest) for event_id, latest in rows if latest is not None})
            self._latest_report.update({event_id: None for event_id in ids if event_id not in self._latest_report})

    def merge(self, article: Article, extracted: Sequence[ExtractedEvent], *, article_is_new: bool) -> None:
        keyed = _keyed(extracted)
        if not keyed:
            return
        with self._session.no_autoflush:
            links = {} if article_is_new else self._links_of(article)
            seen: set[int] = set()
            for candidate, key in keyed:
                event = self._best_match(candidate, key)
                if event is not None and id(event) in seen:
                    continue  # the article names the event again: one link, its first mention speaks for it
                if event is None:
                    event = _new_event(candidate, key, self._now)
                    self._session.add(event)
                    self._created.add(event, order=len(self.outcome.new))
                    self.outcome.new.append(event)
                elif event in self.outcome.new:
                    # Another outlet in the same poll: it fills what the first report left out, and since nobody
                    # has been told about the event yet there is no change to record.
                    if _merge_into(self._session, event, candidate, newer=False, now=self._now, record=False):
                        self._created.add(event, order=self.outcome.new.index(event))
                else:
                    changed = _merge_into(
                        self._session, event, candidate, newer=self._is_newest_report(event, article), now=self._now
                    )
                    if changed:
                        # Its dates or city may have moved: later reports must find it where it is now.
                        self._stored.add(event, order=event.id)
                        if event not in self.outcome.changed:
                            self.outcome.changed.append(event)
                seen.add(id(event))
                _link(self._session, links, event, article, candidate, self._now)

    def finish(self) -> MergeOutcome:
        self._session.flush()
        self.outcome.changed = [event for event in self.outcome.changed if event not in self.outcome.new]
        return self.outcome

    def _best_match(self, candidate: ExtractedEvent, key: str) -> Event | None:
        """The same name in the same edition; failing that, a similar name starting within days, in the same city.

        Events created in this batch first, then stored ones; among near matches, the first created or stored.
        """
        for index in (self._created, self._stored):
            for event in index.by_key.get(key, ()):
                if _same_edition(event.start_date, candidate.start):
                    return event
            if candidate.start is None:
                continue
            found = [
                nearby
                for n in range(-_NEARBY_DAYS, _NEARBY_DAYS + 1)
                for nearby in index.by_day.get(candidate.start + dt.timedelta(days=n), ())
                if _same_place(nearby.city, candidate.city) and self._similar(nearby.merge_key, key)
            ]
            for nearby in sorted(found, key=lambda entry: entry.order):
                event = self._event(nearby.event)
                if _near(event, candidate):
                    return event
        return None

    def _similar(self, a: str, b: str) -> bool:
        """Names alike enough to be one event: one contains the other, or their bigrams mostly agree (Dice)."""
        if a in b or b in a:
            return True
        grams_a, grams_b = self._bigrams(a), self._bigrams(b)
        if not grams_a or not grams_b:
            return False
        return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b)) >= _SIMILAR_NAMES

    def _bigrams(self, key: str) -> frozenset[str]:
        # Each stored name is compared with every candidate near its date; its bigrams are worked out once.
        grams = self._grams.get(key)
        if grams is None:
            grams = self._grams[key] = frozenset(key[i : i + 2] for i in range(len(key) - 1))
        return grams

    def _event(self, event: Event | int) -> Event:
        # Events found only by date are loaded when they match (from the identity map when already loaded).
        return event if isinstance(event, Event) else self._session.get_one(Event, event)

    def _links_of(self, article: Article) -> dict[int, EventArticle]:
        rows = self._session.scalars(select(EventArticle).where(EventArticle.article_id == article.id))
        return {link.event_id: link for link in rows}

    def _is_newest_report(self, event: Event, article: Article) -> bool:
        """Whether this article is the latest report of the event (its facts then win over older ones)."""
        if article.published_at is None:
            return False
        if event.id not in self._latest_report:
            latest = self._session.scalar(
                select(func.max(Article.published_at))
                .join(EventArticle, EventArticle.article_id == Article.id)
                .where(EventArticle.event_id == event.id, Article.id != article.id)
            )
            self._latest_report[event.id] = _aware(latest) if latest is not None else None
        latest_known = self._latest_report[event.id]
        newest = latest_known is None or latest_known <= article.published_at
        if newest:
            self._latest_report[event.id] = article.published_at
        return newest


class _Nearby(NamedTuple):
    """An event as the near-date match needs it: its stored row's id, or the event itself when created in the batch.

    A tuple: the lookup builds thousands of these per poll when a city's calendar is busy. ``order`` ranks matches
    (the event id, or the creation order within the batch).
    """

    merge_key: str
    city: str | None
    event: Event | int
    order: int


@dataclass
class _Index:
    by_key: dict[str, list[Event]] = field(default_factory=dict)
    by_day: dict[dt.date, list[_Nearby]] = field(default_factory=dict)

    def add(self, event: Event, *, order: int) -> None:
        self.by_key.setdefault(event.merge_key, [])
        if event not in self.by_key[event.merge_key]:
            self.by_key[event.merge_key].append(event)
        if event.start_date is not None:
            self.by_day.setdefault(event.start_date, []).append(_Nearby(event.merge_key, event.city, event, order))


def _same_place(known: str | None, incoming: str | None) -> bool:
    return incoming is None or known in (incoming, None)


def _near(event: Event, candidate: ExtractedEvent) -> bool:
    """Whether the event, as it is now, starts within days of the report, in a city that does not contradict it."""
    return (
        event.start_date is not None
        and candidate.start is not None
        and abs(event.start_date - candidate.start) <= dt.timedelta(days=_NEARBY_DAYS)
        and _same_place(event.city, candidate.city)
    )


def _keyed(candidates: Sequence[ExtractedEvent]) -> list[tuple[ExtractedEvent, str]]:
    keyed = [(candidate, merge_key(candidate.name)) for candidate in candidates if belongs_in_calendar(candidate)]
    return [(candidate, key) for candidate, key in keyed if key]


def link_same_events(session: Session, article: Article, twin_article_id: int, *, now: dt.datetime) -> list[Event]:
    """Give an article whose text was already extracted from another source the same events, without re-reading."""
    links = session.scalars(select(EventArticle).where(EventArticle.article_id == twin_article_id)).all()
    known = {link.event_id for link in article.event_links}
    events = []
    for link in links:
        if link.event_id not in known:
            session.add(
                EventArticle(
                    event=link.event,
                    article=article,
                    evidence=link.evidence,
                    evidence_start=link.evidence_start,
                    evidence_end=link.evidence_end,
                    linked_at=now,
                )
            )
        events.append(link.event)
    return events


def _same_edition(known: dt.date | None, incoming: dt.date | None) -> bool:
    # An annual fair keeps its name; a report half a year away from the stored one is about another edition.
    return known is None or incoming is None or abs((known - incoming).days) <= _SAME_EDITION_DAYS


def _new_event(candidate: ExtractedEvent, key: str, now: dt.datetime) -> Event:
    return Event(
        name=candidate.name[:500],
        merge_key=key,
        start_date=candidate.start,
        end_date=candidate.end or candidate.start,
        partial_date=candidate.partial_date,
        date_precision=candidate.date_precision,
        venue=candidate.venue,
        city=candidate.city,
        province=candidate.province,
        district=candidate.district,
        industries=sorted(candidate.industries),
        status=candidate.status,
        confidence=min(1.0, max(0.0, candidate.confidence)),
        version=1,
        first_seen_at=now,
        updated_at=now,
    )


def _aware(value: dt.datetime) -> dt.datetime:
    # Aggregates bypass the column type on SQLite and come back naive; they are UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _merge_into(
    session: Session, event: Event, candidate: ExtractedEvent, *, newer: bool, now: dt.datetime, record: bool = True
) -> bool:
    """Merge one report into an event; True when a tracked fact changed.

    For a stored event (``record``) the version then grows and the change is recorded for subscribers; an event
    created in this batch is only completed.
    """
    proposed: dict[str, Any] = {}
    current_rank = _PRECISION_RANK.get(event.date_precision, 0)
    incoming_rank = _PRECISION_RANK.get(candidate.date_precision, 0)
    incoming_dates = {
        "start_date": candidate.start,
        "end_date": candidate.end or candidate.start,
        "partial_date": candidate.partial_date,
        "date_precision": candidate.date_precision,
    }
    if (
        candidate.start is not None
        and (incoming_rank > current_rank or event.start_date is None or (incoming_rank == current_rank and newer))
    ) or (event.start_date is None and event.partial_date is None and candidate.partial_date is not None):
        proposed.update(incoming_dates)
    for name in ("venue", "city", "province", "district"):
        value = getattr(candidate, name)
        if value and (getattr(event, name) is None or newer):
            proposed[name] = value
    changes = {
        name: [_json(getattr(event, name)), _json(value)]
        for name, value in proposed.items()
        if getattr(event, name) != value
    }
    industries = sorted(set(event.industries) | set(candidate.industries))
    touched = industries != sorted(event.industries) or candidate.confidence > event.confidence
    event.industries = industries
    event.confidence = max(event.confidence, min(1.0, candidate.confidence))
    if newer:
        event.status = candidate.status
    if not changes:
        if touched:
            event.updated_at = now
        return False
    for name in changes:
        setattr(event, name, proposed[name])
    event.updated_at = now
    if record:
        event.version += 1
        session.add(EventChange(event_id=event.id, version=event.version, changes=changes, changed_at=now))
    return True


def _link(
    session: Session,
    links: dict[int, EventArticle],
    event: Event,
    article: Article,
    candidate: ExtractedEvent,
    now: dt.datetime,
) -> None:
    link = links.get(event.id) if event.id is not None else None
    evidence = candidate.evidence
    if link is None:
        session.add(
            EventArticle(
                event=event,
                article=article,
                evidence=evidence.sentence[:2000],
                evidence_start=evidence.start,
                evidence_end=evidence.end,
                linked_at=now,
            )
        )
    else:
        link.evidence, link.evidence_start, link.evidence_end = evidence.sentence[:2000], evidence.start, evidence.end


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
