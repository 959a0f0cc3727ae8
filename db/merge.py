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
from typing import Any

from sqlalchemy import func, or_, select
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

    Candidates are looked up in one query per article (names and nearby dates together), events created earlier
    in the same batch are found in memory, and nothing is flushed until :meth:`finish`.
    """

    def __init__(self, session: Session, *, now: dt.datetime) -> None:
        self._session = session
        self._now = now
        self._created: list[Event] = []
        self._latest_report: dict[int, dt.datetime | None] = {}
        self._prefetched: list[Event] | None = None
        self.outcome = MergeOutcome()

    def prefetch(self, batches: Sequence[Sequence[ExtractedEvent]]) -> None:
        """Load the stored candidates for every article of the batch at once (one query, not one per article)."""
        keyed = [
            (candidate, merge_key(candidate.name))
            for batch in batches
            for candidate in batch
            if belongs_in_calendar(candidate)
        ]
        keyed = [(candidate, key) for candidate, key in keyed if key]
        self._prefetched = self._candidates(keyed) if keyed else []
        ids = [event.id for event in self._prefetched]
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
        keyed = [(candidate, merge_key(candidate.name)) for candidate in extracted if belongs_in_calendar(candidate)]
        keyed = [(candidate, key) for candidate, key in keyed if key]
        if not keyed:
            return
        with self._session.no_autoflush:
            stored = self._prefetched if self._prefetched is not None else self._candidates(keyed)
            links = {} if article_is_new else self._links_of(article)
            seen: set[int] = set()
            for candidate, key in keyed:
                event = _best_match(self._created, candidate, key) or _best_match(stored, candidate, key)
                if event is None:
                    event = _new_event(candidate, key, self._now)
                    self._session.add(event)
                    self._created.append(event)
                    self.outcome.new.append(event)
                elif id(event) not in seen and event.id is not None and event not in self.outcome.new:
                    changed = _merge_into(
                        self._session, event, candidate, newer=self._is_newest_report(event, article), now=self._now
                    )
                    if changed and event not in self.outcome.changed:
                        self.outcome.changed.append(event)
                seen.add(id(event))
                _link(self._session, links, event, article, candidate, self._now)

    def finish(self) -> MergeOutcome:
        self._session.flush()
        self.outcome.changed = [event for event in self.outcome.changed if event not in self.outcome.new]
        return self.outcome

    def _candidates(self, keyed: list[tuple[ExtractedEvent, str]]) -> list[Event]:
        window = dt.timedelta(days=_NEARBY_DAYS)
        conditions = [Event.merge_key.in_({key for _, key in keyed})]
        conditions += [
            Event.start_date.between(day - window, day + window)
            for day in {candidate.start for candidate, _ in keyed if candidate.start is not None}
        ]
        return list(self._session.scalars(select(Event).where(or_(*conditions)).order_by(Event.id)))

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


def _best_match(events: Sequence[Event], candidate: ExtractedEvent, key: str) -> Event | None:
    for event in events:
        if event.merge_key == key and _same_edition(event.start_date, candidate.start):
            return event
    if candidate.start is None:
        return None
    window = dt.timedelta(days=_NEARBY_DAYS)
    for event in events:
        if (
            event.start_date is not None
            and abs(event.start_date - candidate.start) <= window
            and (candidate.city is None or event.city in (candidate.city, None))
            and _similar(event.merge_key, key)
        ):
            return event
    return None


def _same_edition(known: dt.date | None, incoming: dt.date | None) -> bool:
    # An annual fair keeps its name; a report half a year away from the stored one is about another edition.
    return known is None or incoming is None or abs((known - incoming).days) <= _SAME_EDITION_DAYS


def _similar(a: str, b: str) -> bool:
    if a in b or b in a:
        return True
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not grams_a or not grams_b:
        return False
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b)) >= _SIMILAR_NAMES


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


def _merge_into(session: Session, event: Event, candidate: ExtractedEvent, *, newer: bool, now: dt.datetime) -> bool:
    """Merge one report into a stored event; True when a tracked fact changed (the version then grew)."""
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
    event.version += 1
    event.updated_at = now
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
