"""Merging the events read from one article into the calendar: one entry per edition of an event, however many
outlets report it and however often.

**Which reports are one event.** A report matches a stored event of the same series (`extract.events.series_key`:
广交会, 中国进出口商品交易会 and 第135届广交会第三期 are one series, and so is the English "137th Canton Fair")
whose edition does not contradict it (in another city only with the same edition or first day: a generic name is
held in many cities): the same 第N届 is one event whenever it is reported; without comparable editions, one that
starts within half a year, or any report that states no day of its own (a review, "本届广交会…"), is the same
edition. Failing that, a similar name starting within days, in the same city; or, for a name in the other
language (an English release of a Chinese fair), the same city, first day, last day and an industry
(`_same_fair_in_another_language`).

**Names in another language** are kept as the event's `aliases`, shown on its page; the event is named in
Chinese, its users' language, so a Chinese report of an event first known by its English name renames it and
the English name becomes an alias.

**Which facts win: evidence, not recency.** A fair is announced with its full dates, then reported every day it
runs ("今天进入第二天", "今天闭幕"), then reviewed; the later reports are vaguer, not newer. Each end of an event's
dates keeps what it rests on (`extract.model.DateBasis`: a range, a stated opening or closing, a day implied by
another statement, a month, a vague word) and the sentence it came from; a date is replaced only by a stronger
basis or by a report that announces a change of plan (改期, 延期至, 调整至: then its dates and place win, and
取消/停办 cancels the event). A report that agrees, or is weaker, changes nothing and so notifies nobody; one that
fills a missing end is a change. A venue or place is filled when missing and replaced only by an announced change.
Any change of a tracked fact grows the event's version and is recorded in ``event_changes``, so subscribers are
told what changed.

**Phases** (第一期, 第二期 … `extract.phases`) are part of their fair: they are kept in ``Event.phases`` and
completed report by report. A report dated only by phases (`ExtractedEvent.dated_by_phases`) says the fair runs at
least then: it fills missing dates and widens what earlier phases implied, without a notice (the fair was always
that long), and the fair's own stated dates replace it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from db.models.base import string_length
from db.models.corrections import HiddenName
from db.models.events import Event, EventArticle, EventChange, stored_phase
from db.models.sources import Article
from db.reports import NEWS, report
from extract.events import same_edition, series_key, side_event
from extract.model import DATE_BASES, DateBasis, ExtractedEvent, Phase
from extract.phases import merge_phases

_BASIS_RANK: dict[str, int] = {basis: rank for rank, basis in enumerate(DATE_BASES)}
# Facts whose change users are told about; the version counts changes to these.
TRACKED_FIELDS = (
    "start_date",
    "end_date",
    "partial_date",
    "date_precision",
    "venue",
    "city",
    "province",
    "district",
    "status",
)
_DATE_FIELDS = {"start_date", "end_date", "partial_date", "date_precision"}
# The key of an event change that holds the sentence of the report that caused it, beside the changed fields.
CHANGE_BECAUSE = "because"
_SAME_EDITION_DAYS = 183
_BEIJING = ZoneInfo("Asia/Shanghai")
_NEARBY_DAYS = 3
# Conditions OR-ed in one near-date lookup: SQLite refuses an expression nested over 1,000 deep, and an OR of n
# conditions nests n deep; a poll of hundreds of items on distinct days in distinct cities needs more.
_NEAR_TERMS_PER_QUERY = 200
_SIMILAR_NAMES = 0.8
_EDITION_MAX = string_length(Event, "edition")
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


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


def merge_key(name: str) -> str:
    """The series key of a name (`extract.events.series_key`), or the folded name when nothing is left of it."""
    key, _ = series_key(name)
    if not key:
        key = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", name).casefold())
    return key[:500]


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
        self._hidden_keys: set[str] = set()
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
        self._hidden_keys = set(
            self._session.scalars(select(HiddenName.merge_key).where(HiddenName.merge_key.in_({k for _, k in keyed})))
        )
        seen: set[int] = set()
        terms = _near_terms(keyed)
        for first in range(0, len(terms), _NEAR_TERMS_PER_QUERY):
            nearby = self._session.execute(
                select(Event.id, Event.merge_key, Event.start_date, Event.city)
                .where(or_(*terms[first : first + _NEAR_TERMS_PER_QUERY]))
                .order_by(Event.id)
            )
            for event_id, key, start, city in nearby:
                # An event can be in the ranges of several queries: of its city and of reports placed nowhere.
                if start is not None and event_id not in seen:  # start: always, by the query; the column is nullable
                    seen.add(event_id)
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
                event = self._followed(self._best_match(candidate, key, _edition(candidate.name)))
                if event is not None and id(event) in seen:
                    continue  # the article names the event again: one link, its first mention speaks for it
                if event is None and not belongs_in_calendar(candidate):
                    continue
                if event is None:
                    event = _new_event(candidate, key, self._now)
                    self._session.add(event)
                    self._created.add(event, order=len(self.outcome.new) + len(self.outcome.hidden))
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
                    if _merge_into(
                        self._session,
                        event,
                        candidate,
                        newer=False,
                        now=self._now,
                        record=False,
                        reported_on=_beijing_date(article.published_at),
                    ):
                        self._created.add(event, order=self.outcome.new.index(event))
                else:
                    changed = _merge_into(
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
                        self._stored.add(event, order=event.id)
                        if event not in self.outcome.changed:
                            self.outcome.changed.append(event)
                seen.add(id(event))
                if _remember_name(event, candidate, key):
                    # Renamed in Chinese: later reports of that name find it under its new key.
                    if event in self.outcome.new:
                        self._created.add(event, order=self.outcome.new.index(event))
                    else:
                        self._stored.add(event, order=event.id)
                _link(self._session, links, event, article, candidate, self._now)

    def finish(self) -> MergeOutcome:
        self._session.flush()
        self.outcome.changed = [event for event in self.outcome.changed if event not in self.outcome.new]
        return self.outcome

    def _best_match(self, candidate: ExtractedEvent, key: str, edition: str | None) -> Event | None:
        """The same series in the same edition; failing that, a similar name starting within days, in the same
        city (see the module docstring).

        Events created in this batch first, then stored ones; among near matches, the first created or stored.
        """
        for index in (self._created, self._stored):
            for event in index.by_key.get(key, ()):
                same = same_edition(event.edition, edition)
                # A generic name (生物医药产业对接会) is held in many cities: without the same edition or the same
                # first day, another city is another event, unless the report announces that it moved.
                elsewhere = not _same_place(event.city, candidate.city) and candidate.change != "moved"
                if elsewhere and not (same or (candidate.start is not None and candidate.start == event.start_date)):
                    continue
                if same or (same is None and _same_edition(event, candidate)):
                    return event
            if candidate.start is None:
                continue
            found = [
                nearby
                for n in range(-_NEARBY_DAYS, _NEARBY_DAYS + 1)
                for nearby in index.by_day.get(candidate.start + dt.timedelta(days=n), ())
                if _same_place(nearby.city, candidate.city)
                and (self._similar(nearby.merge_key, key) or _other_language(nearby.merge_key, key))
            ]
            for nearby in sorted(found, key=lambda entry: entry.order):
                event = self._event(nearby.event)
                if not (_near(event, candidate) and same_edition(event.edition, edition) is not False):
                    continue
                if self._similar(nearby.merge_key, key) or _same_fair_in_another_language(event, candidate):
                    return event
        return None

    def _followed(self, event: Event | None) -> Event | None:
        """An event an admin merged into another stands for that one: its name's later reports go there."""
        hops = 0
        while event is not None and event.merged_into_id is not None and hops < 10:
            event, hops = self._session.get_one(Event, event.merged_into_id), hops + 1
        return event

    def _similar(self, a: str, b: str) -> bool:
        """Names alike enough to be one event: one contains the other, or their bigrams mostly agree (Dice); a
        summit or forum held at a fair is not the fair, though its name contains the fair's."""
        if side_event(a, b) or side_event(b, a):
            return False
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


def _near_terms(keyed: Sequence[tuple[ExtractedEvent, str]]) -> list[ColumnElement[bool]]:
    """Conditions that together select the stored events near the batch's reported starts: within days of a start,
    in a city that does not contradict the report's (`_same_place`: the same city or none; any city for a report
    placed nowhere).

    The days around the starts are joined into ranges, per city, so a busy month is one range, not one condition a
    day; each range is one range of ix_events_city_start_date (a city, or no city) or of ix_events_start_date.
    """
    window = dt.timedelta(days=_NEARBY_DAYS)
    spans: dict[str | None, list[tuple[dt.date, dt.date]]] = {}
    for candidate, _ in keyed:
        if candidate.start is not None:
            spans.setdefault(candidate.city, []).append((candidate.start - window, candidate.start + window))
    any_city = _joined(spans.pop(None, []))
    terms: list[ColumnElement[bool]] = [Event.start_date.between(low, high) for low, high in any_city]
    for city, days in sorted(spans.items(), key=lambda entry: entry[0] or ""):
        terms += [and_(Event.city == city, Event.start_date.between(low, high)) for low, high in _joined(days)]
    # Events of no city match a report of any city; two terms rather than (city = ? OR city IS NULL), so each is
    # one index range.
    no_city = _joined([span for days in spans.values() for span in days])
    terms += [and_(Event.city.is_(None), Event.start_date.between(low, high)) for low, high in no_city]
    return terms


def _joined(spans: Sequence[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The days of the spans as few ranges: overlapping or touching spans joined, in order."""
    ranges: list[tuple[dt.date, dt.date]] = []
    for low, high in sorted(spans):
        if ranges and low <= ranges[-1][1] + dt.timedelta(days=1):
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], high))
        else:
            ranges.append((low, high))
    return ranges


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


_CJK_RE = re.compile("[\u3400-\u9fff]")


def _other_language(a: str, b: str) -> bool:
    """Whether two series keys are names in different languages: one written in Chinese, one in Latin letters."""
    return bool(_CJK_RE.search(a)) != bool(_CJK_RE.search(b))


def _same_fair_in_another_language(event: Event, candidate: ExtractedEvent) -> bool:
    """Whether an English report is of a stored Chinese event (or the other way round) whose name cannot be
    compared with its own ("9th China (Shanghai) International Hydrogen Expo", 第九届中国（上海）国际氢能博览会).

    Then what a reader would check must all agree, each stated: the same city, the same first day, the same last
    day when both say it, and an industry in common. Two fairs of one industry that open in one city on one day
    are rare enough; a near date or another city is another event.
    """
    if candidate.city is None or event.city != candidate.city or candidate.start != event.start_date:
        return False
    if candidate.end_basis != "none" and event.end_basis != "none" and candidate.end != event.end_date:
        return False
    return bool(set(candidate.industries) & set(event.industries))


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


def _edition(name: str) -> str | None:
    """The edition of a name (`extract.events.series_key`), or None for one longer than its column: 第N届 with a
    number of sixteen digits is an identifier, not how many times a fair was held."""
    edition = series_key(name)[1]
    return edition if edition is None or len(edition) <= _EDITION_MAX else None


def _same_edition(event: Event, candidate: ExtractedEvent) -> bool:
    """Without comparable editions: whether a report of the same series is about the stored edition.

    An annual fair keeps its name, so a report that states its own days half a year away from the stored ones is
    about another edition; a report that states no day (a review, a vague or report-day mention) is not.
    """
    known, incoming = event.start_date, candidate.start
    if known is None or incoming is None or _BASIS_RANK[_basis(candidate, "start")] <= _BASIS_RANK["vague"]:
        return True
    last = event.end_date or known
    if known <= incoming <= last:
        return True
    return abs((known - incoming).days) <= _SAME_EDITION_DAYS


def _basis(candidate: ExtractedEvent, end: str) -> DateBasis:
    """What the report's start (or end) rests on; a report built without bases (an older extractor, a test's
    report) is read by its precision: a day as stated, a month as a month."""
    value = candidate.start if end == "start" else candidate.end
    basis = candidate.start_basis if end == "start" else candidate.end_basis
    if value is None and candidate.partial_date is None:
        return "none"
    if basis != "none":
        return basis
    if candidate.date_precision == "month":
        return "month"
    if candidate.date_precision == "vague":
        return "vague"
    if end == "end" and candidate.end is not None and candidate.start is not None and candidate.end > candidate.start:
        return "range"
    return "stated" if end == "start" else "implied"


def _new_event(candidate: ExtractedEvent, key: str, now: dt.datetime) -> Event:
    cancelled = candidate.change == "cancelled"
    return Event(
        name=candidate.name[:500],
        kind=candidate.kind,
        merge_key=key,
        edition=_edition(candidate.name),
        start_date=candidate.start,
        end_date=candidate.end or candidate.start,
        start_basis=_basis(candidate, "start"),
        end_basis=_basis(candidate, "end"),
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


def _remember_name(event: Event, candidate: ExtractedEvent, key: str) -> bool:
    """Keep a report's name in the other language as an alias of the event (see the module docstring); True when
    the event was renamed, so that later reports of its Chinese name find it by its new key."""
    name = candidate.name[:500]
    chinese = bool(_CJK_RE.search(name))
    if name == event.name or name in event.aliases or chinese == bool(_CJK_RE.search(event.name)):
        return False
    if not chinese:
        event.aliases = [*event.aliases, name]
        return False
    event.aliases = [event.name, *(alias for alias in event.aliases if alias != name)]
    event.name, event.merge_key = name, key
    event.edition = event.edition or series_key(name)[1]
    return True


def _aware(value: dt.datetime) -> dt.datetime:
    # Aggregates bypass the column type on SQLite and come back naive; they are UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _merge_into(
    session: Session,
    event: Event,
    candidate: ExtractedEvent,
    *,
    newer: bool,
    now: dt.datetime,
    record: bool = True,
    revised: bool = False,
    reported_on: dt.date | None = None,
) -> bool:
    """Merge one report into an event by the evidence rule of the module docstring; True when a tracked fact
    changed.

    For a stored event (``record``) the version then grows and the change is recorded for subscribers; an event
    created in this batch is only completed. A ``revised`` report is a new reading of an article that already
    reported the event (its page was edited): like an announced change, what it states replaces what was stored.
    Between two statements of the same kind, one made on the day it states (今天（9月16日）开展, ``reported_on``)
    beats one made days ahead.
    """
    moved = candidate.change == "moved" or revised
    locked = event.locked or ()  # an event created in this batch has no list until it is flushed
    if locked:
        _tell_admins_of_locked(session, event, candidate, moved=moved, now=now)
    dates_open = "dates" not in locked
    proposed: dict[str, Any] = {}
    start_basis, end_basis = _basis(candidate, "start"), _basis(candidate, "end")
    take_start = (
        dates_open
        and candidate.start is not None
        and (
            event.start_date is None
            or _wins(start_basis, event.start_basis, moved, on_the_day=candidate.start == reported_on)
            or _widens(candidate, event, "start", moved)
        )
    )
    take_end = (
        dates_open
        and candidate.end is not None
        and (
            event.end_date is None
            or event.end_basis == "none"
            or _wins(end_basis, event.end_basis, moved, on_the_day=candidate.end == reported_on)
            or _widens(candidate, event, "end", moved)
        )
    )
    if take_start:
        proposed.update(start_date=candidate.start, partial_date=None, date_precision=candidate.date_precision)
        event.start_basis = start_basis
    if take_end:
        proposed["end_date"] = candidate.end
        event.end_basis = end_basis
    elif take_start and candidate.start is not None:
        # The new start brings no end that wins: the stored end stands if it still follows it.
        keep = event.end_date is not None and event.end_date >= candidate.start and not moved
        proposed["end_date"] = event.end_date if keep else candidate.start
        if not keep:
            event.end_basis = "none"
    if (
        dates_open
        and event.start_date is None
        and event.partial_date is None
        and candidate.start is None
        and candidate.partial_date
    ):
        proposed.update(partial_date=candidate.partial_date, date_precision=candidate.date_precision)
    if take_start or take_end:
        event.dates_evidence = candidate.evidence.sentence[:2000]
    for name in ("venue", "city", "province", "district") if "place" not in locked else ():
        value = getattr(candidate, name)
        if value and (getattr(event, name) is None or moved):
            proposed[name] = value
    if "status" in locked or ("dates" in locked and candidate.change == "moved"):
        pass  # an admin decided what the event's state is
    elif candidate.change == "cancelled":
        proposed["status"] = "cancelled"
    elif (newer and event.status != "cancelled") or moved:
        proposed["status"] = candidate.status
    status_only = {"status"}
    changes = {
        name: [_json(getattr(event, name)), _json(value)]
        for name, value in proposed.items()
        if getattr(event, name) != value
    }
    industries = sorted(set(event.industries) | set(candidate.industries))
    phases = _merged_phases(event.phases, candidate.phases, moved)
    touched = (
        industries != sorted(event.industries) or candidate.confidence > event.confidence or phases != event.phases
    )
    event.industries = industries
    # Phases fill in the fair's page and iCal entry; the fair's own dates and place are what notices are about.
    event.phases = phases
    event.confidence = max(event.confidence, min(1.0, candidate.confidence))
    if not changes:
        if touched:
            event.updated_at = now
        return False
    for name in changes:
        setattr(event, name, proposed[name])
    if candidate.change == "cancelled" and event.cancelled_at is None:
        event.cancelled_at = now
    event.updated_at = now
    # A status that only follows the calendar (upcoming, then ongoing, then held) is not news; a cancellation or
    # a change of dates or place is. Nor are dates that only widen to span the phases reported (第一期, then
    # 第二期…): the fair was always that long, the coverage just got to it; the calendar shows it, unannounced.
    quiet = status_only | (_DATE_FIELDS if candidate.dated_by_phases and not moved else set())
    if set(changes) <= quiet and changes.get("status", [None, None])[1] != "cancelled":
        return False
    if record:
        event.version += 1
        # Why, for the notice: the sentence of the report that changed it (CHANGE_BECAUSE is not a field).
        recorded: dict[str, Any] = {**changes, CHANGE_BECAUSE: candidate.evidence.sentence[:300]}
        session.add(EventChange(event_id=event.id, version=event.version, changes=recorded, changed_at=now))
    return True


def _tell_admins_of_locked(
    session: Session, event: Event, candidate: ExtractedEvent, *, moved: bool, now: dt.datetime
) -> None:
    """A report that would change a fact an admin set is not applied; an explicit change (a postponement, a move,
    a cancellation) is shown to the admins as a report from the news, so they decide again."""
    sentence = candidate.evidence.sentence[:500]
    if candidate.change == "cancelled" and event.status != "cancelled" and "status" in event.locked:
        report(session, event_id=event.id, reason="cancelled", reporter=NEWS, now=now, comment=sentence)
    elif moved and "dates" in event.locked and candidate.start is not None and candidate.start != event.start_date:
        report(session, event_id=event.id, reason="postponed", reporter=NEWS, now=now, comment=sentence)
    elif moved and "place" in event.locked and candidate.city and candidate.city != event.city:
        report(session, event_id=event.id, reason="wrong_place", reporter=NEWS, now=now, comment=sentence)


def _wins(incoming: DateBasis, stored: str, moved: bool, *, on_the_day: bool = False) -> bool:
    """Whether a reported date replaces a stored one: stronger evidence, a stated day said on the day itself over
    one said days ahead, or an announced change that states at least a month."""
    if moved:
        return _BASIS_RANK[incoming] >= _BASIS_RANK["month"]
    rank, known = _BASIS_RANK[incoming], _BASIS_RANK.get(stored, 0)
    # Not between ranges: a range stated on its first day inside a known one is a phase (第二期4月23日至27日).
    return rank > known or (on_the_day and rank == known == _BASIS_RANK["stated"])


def _widens(candidate: ExtractedEvent, event: Event, end: str, moved: bool) -> bool:
    """Whether a report dated only by phases of the fair widens what phases told before: the fair runs at least
    from the first phase's opening to the last phase's closing, so an earlier opening or a later closing of another
    phase (第二期, then 第三期) moves that end while nothing stronger than phases says where it is."""
    if not candidate.dated_by_phases or moved:
        return False
    if end == "start":
        known, day, basis = event.start_date, candidate.start, event.start_basis
        return known is not None and day is not None and day < known and _BASIS_RANK[basis] <= _BASIS_RANK["implied"]
    known, day, basis = event.end_date, candidate.end, event.end_basis
    return known is not None and day is not None and day > known and _BASIS_RANK[basis] <= _BASIS_RANK["implied"]


def _merged_phases(known: list[dict[str, Any]], reported: Sequence[Phase], moved: bool) -> list[dict[str, Any]]:
    """The stored phases completed by the reported ones (`extract.phases.merge_phases`); an announced change of
    plan restates its phases' days outright."""
    if not reported:
        return known
    stored = [stored_phase(entry) for entry in known]
    if moved:
        labels = {phase.label for phase in reported}
        stored = [phase for phase in stored if phase.label not in labels]
    return [phase.to_dict() for phase in merge_phases(stored, reported)]


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


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
