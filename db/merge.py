"""Merging the events read from one article into the calendar: one entry per edition of an event, however many
outlets report it and however often.

This is the entry point (the poller's `EventMerger`, `link_same_events`): for each report it finds the event it is
about (`db.merge_identity`: series, editions, names in another language, near dates), founds one when there is none,
merges the report's facts by evidence, not recency (`db.merge_facts`), and links the article to the event with the
sentence that says so; what the changes tell subscribers and admins is `db.merge_notices`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.merge_facts import date_basis, merge_into
from db.merge_identity import EventFinder, edition_of, merge_key, remember_name
from db.models.corrections import HiddenName
from db.models.events import Event, EventArticle
from db.models.sources import Article
from extract.model import ExtractedEvent

_BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass
class MergeOutcome:
    new: list[Event] = field(default_factory=list)
    changed: list[Event] = field(default_factory=list)
    unchanged: list[Event] = field(default_factory=list)
    # New events of a series an admin hid as not an industry event: stored hidden, owed to nobody.
    hidden: list[Event] = field(default_factory=list)


def belongs_in_calendar(candidate: ExtractedEvent) -> bool:
    """Whether a reported event can enter the calendar: something must say when it is, or where in China.

    The extractor reports every event mention; one with neither a date nor a place ("a showcase the studio held
    in Japan") is nothing a user can plan for or filter by region, so it stays out of the calendar.
    """
    return candidate.start is not None or candidate.partial_date is not None or candidate.province is not None


class EventMerger:
    """Merges the events of a batch of articles inside one transaction, with few round trips.

    The events the batch's reports may be about are looked up once, up front (`EventFinder`), with which of their
    series an admin hid and when each was last reported. Nothing is flushed until :meth:`finish`.
    """

    def __init__(self, session: Session, batches: Sequence[Sequence[ExtractedEvent]], *, now: dt.datetime) -> None:
        self._session = session
        self._now = now
        self._finder = EventFinder(session)
        self._latest_report: dict[int, dt.datetime | None] = {}
        self._hidden_keys: set[str] = set()
        self.outcome = MergeOutcome()
        self._prefetch([candidate for batch in batches for candidate in batch])

    def _prefetch(self, candidates: Sequence[ExtractedEvent]) -> None:
        keyed = _keyed(candidates)
        if not keyed:
            return
        named = self._finder.load_named(keyed)
        self._hidden_keys = set(
            self._session.scalars(select(HiddenName.merge_key).where(HiddenName.merge_key.in_({k for _, k in keyed})))
        )
        self._finder.load_nearby(keyed)
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
                event = self._followed(self._finder.best_match(candidate, key, edition_of(candidate.name)))
                if event is not None and id(event) in seen:
                    continue  # the article names the event again: one link, its first mention speaks for it
                if event is None and not belongs_in_calendar(candidate):
                    continue
                if event is None:
                    event = _new_event(candidate, key, self._now)
                    self._session.add(event)
                    self._finder.created.add(event, order=len(self.outcome.new) + len(self.outcome.hidden))
                    if key in self._hidden_keys:
                        # An admin hid this series as not an industry event: read again, it stays hidden.
                        event.hidden_at = self._now
                        self.outcome.hidden.append(event)
                    else:
                        self.outcome.new.append(event)
                elif event.hidden_at is not None:
                    pass  # hidden by an admin: the report is linked to it, and changes nothing users see
                elif event in self.outcome.new:
                    # Another outlet in the same poll: it fills what the first report left out, and since nobody
                    # has been told about the event yet there is no change to record.
                    if merge_into(
                        self._session,
                        event,
                        candidate,
                        newer=False,
                        now=self._now,
                        record=False,
                        reported_on=_beijing_date(article.published_at),
                    ):
                        self._finder.created.add(event, order=self.outcome.new.index(event))
                else:
                    changed = merge_into(
                        self._session,
                        event,
                        candidate,
                        newer=self._is_newest_report(event, article),
                        now=self._now,
                        # The page that reported it was edited: its new reading replaces its old one.
                        revised=event.id in links,
                        reported_on=_beijing_date(article.published_at),
                    )
                    if changed:
                        # Its dates or city may have moved: later reports must find it where it is now.
                        self._finder.stored.add(event, order=event.id)
                        if event not in self.outcome.changed:
                            self.outcome.changed.append(event)
                seen.add(id(event))
                if remember_name(event, candidate, key):
                    # Renamed in Chinese: later reports of that name find it under its new key.
                    if event in self.outcome.new:
                        self._finder.created.add(event, order=self.outcome.new.index(event))
                    else:
                        self._finder.stored.add(event, order=event.id)
                _link(self._session, links, event, article, candidate, self._now)

    def finish(self) -> MergeOutcome:
        self._session.flush()
        self.outcome.changed = [event for event in self.outcome.changed if event not in self.outcome.new]
        return self.outcome

    def _followed(self, event: Event | None) -> Event | None:
        """An event an admin merged into another stands for that one: its name's later reports go there."""
        hops = 0
        while event is not None and event.merged_into_id is not None and hops < 10:
            event, hops = self._session.get_one(Event, event.merged_into_id), hops + 1
        return event

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


def _keyed(candidates: Sequence[ExtractedEvent]) -> list[tuple[ExtractedEvent, str]]:
    # A report of a change of plan (主办方宣布取消…) may name neither date nor place: it still reaches the event it
    # is about, though it cannot found one.
    keyed = [
        (candidate, merge_key(candidate.name))
        for candidate in candidates
        if belongs_in_calendar(candidate) or candidate.change is not None
    ]
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


def _new_event(candidate: ExtractedEvent, key: str, now: dt.datetime) -> Event:
    cancelled = candidate.change == "cancelled"
    return Event(
        name=candidate.name[:500],
        kind=candidate.kind,
        merge_key=key,
        edition=edition_of(candidate.name),
        start_date=candidate.start,
        end_date=candidate.end or candidate.start,
        start_basis=date_basis(candidate, "start"),
        end_basis=date_basis(candidate, "end"),
        dates_evidence=candidate.evidence.sentence[:2000] if candidate.start or candidate.partial_date else None,
        partial_date=candidate.partial_date,
        date_precision=candidate.date_precision,
        venue=candidate.venue,
        city=candidate.city,
        province=candidate.province,
        district=candidate.district,
        industries=sorted(candidate.industries),
        phases=[phase.to_dict() for phase in candidate.phases],
        aliases=[],
        status="cancelled" if cancelled else candidate.status,
        cancelled_at=now if cancelled else None,
        confidence=min(1.0, max(0.0, candidate.confidence)),
        version=1,
        first_seen_at=now,
        updated_at=now,
    )


def _aware(value: dt.datetime) -> dt.datetime:
    # Aggregates bypass the column type on SQLite and come back naive; they are UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _beijing_date(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(_BEIJING).date() if moment is not None else None


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
