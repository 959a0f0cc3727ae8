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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Article, Event, EventArticle, EventChange
from extract.model import ExtractedEvent

_PRECISION_RANK = {"vague": 1, "month": 2, "day": 3}
# Facts whose change users are told about; the version counts changes to these.
TRACKED_FIELDS = ("start_date", "end_date", "partial_date", "date_precision", "venue", "city", "province", "district")
_SAME_EDITION_DAYS = 183
_NEARBY_DAYS = 3
_SIMILAR_NAMES = 0.6
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass
class MergeOutcome:
    new: list[Event] = field(default_factory=list)
    changed: list[Event] = field(default_factory=list)
    unchanged: list[Event] = field(default_factory=list)


def merge_key(name: str) -> str:
    """The name with width, case, quotes, brackets and punctuation folded away."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _PUNCTUATION.sub("", folded)[:500]


def merge_article_events(
    session: Session, article: Article, extracted: Sequence[ExtractedEvent], *, now: dt.datetime
) -> MergeOutcome:
    outcome = MergeOutcome()
    seen: set[int] = set()
    for candidate in extracted:
        key = merge_key(candidate.name)
        if not key:
            continue
        event = _find_match(session, candidate, key)
        if event is None:
            event = _new_event(candidate, key, now)
            session.add(event)
            session.flush()
            outcome.new.append(event)
        elif event.id not in seen:
            newer = _is_newest_report(session, event, article)
            (
                outcome.changed if _merge_into(session, event, candidate, newer=newer, now=now) else outcome.unchanged
            ).append(event)
        seen.add(event.id)
        _link(session, event, article, candidate, now)
    session.flush()
    return outcome


def link_same_events(session: Session, article: Article, twin_article_id: int, *, now: dt.datetime) -> list[Event]:
    """Give an article whose text was already extracted from another source the same events, without re-reading."""
    links = session.scalars(select(EventArticle).where(EventArticle.article_id == twin_article_id)).all()
    events = []
    for link in links:
        exists = session.get(EventArticle, (link.event_id, article.id))
        if exists is None:
            session.add(
                EventArticle(
                    event_id=link.event_id,
                    article_id=article.id,
                    evidence=link.evidence,
                    evidence_start=link.evidence_start,
                    evidence_end=link.evidence_end,
                    linked_at=now,
                )
            )
        events.append(link.event)
    session.flush()
    return events


def _find_match(session: Session, candidate: ExtractedEvent, key: str) -> Event | None:
    for event in session.scalars(select(Event).where(Event.merge_key == key).order_by(Event.id)):
        if _same_edition(event.start_date, candidate.start):
            return event
    if candidate.start is None:
        return None
    window = dt.timedelta(days=_NEARBY_DAYS)
    nearby = select(Event).where(Event.start_date.between(candidate.start - window, candidate.start + window))
    if candidate.city:
        nearby = nearby.where((Event.city == candidate.city) | Event.city.is_(None))
    for event in session.scalars(nearby.order_by(Event.id)):
        if _similar(event.merge_key, key):
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


def _is_newest_report(session: Session, event: Event, article: Article) -> bool:
    if article.published_at is None:
        return False
    latest = session.scalar(
        select(func.max(Article.published_at))
        .join(EventArticle, EventArticle.article_id == Article.id)
        .where(EventArticle.event_id == event.id, Article.id != article.id)
    )
    return latest is None or _aware(latest) <= article.published_at


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


def _link(session: Session, event: Event, article: Article, candidate: ExtractedEvent, now: dt.datetime) -> None:
    link = session.get(EventArticle, (event.id, article.id))
    evidence = candidate.evidence
    if link is None:
        session.add(
            EventArticle(
                event_id=event.id,
                article_id=article.id,
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
