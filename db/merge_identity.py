"""Which reports are one event: the series key and edition of a name, and the rule that finds the stored (or
just-created) event a report is about.

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
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from db.merge_facts import BASIS_RANK, date_basis
from db.models.base import string_length
from db.models.events import Event
from extract.events import same_edition, series_key, side_event
from extract.model import ExtractedEvent

_SAME_EDITION_DAYS = 183
_NEARBY_DAYS = 3
# Conditions OR-ed in one near-date lookup: SQLite refuses an expression nested over 1,000 deep, and an OR of n
# conditions nests n deep; a poll of hundreds of items on distinct days in distinct cities needs more.
_NEAR_TERMS_PER_QUERY = 200
_SIMILAR_NAMES = 0.8
_EDITION_MAX = string_length(Event, "edition")
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def merge_key(name: str) -> str:
    """The series key of a name (`extract.events.series_key`), or the folded name when nothing is left of it."""
    key, _ = series_key(name)
    if not key:
        key = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", name).casefold())
    return key[:500]


class EventFinder:
    """The events a batch's reports may be about, indexed, and the rule that picks the one a report is about.

    The stored candidates for the whole batch are looked up once: whole events for the names in the batch, and only
    (id, name, start, city) for the events near its dates, since the near-date match is the rare one and a busy
    fortnight can hold hundreds of events. Both are indexed (by name, by day); events created earlier in the batch
    have indexes of their own (``created``, kept by the merger), searched first, as a reader would compare a report
    with what they just read. An index only points the way: a match is checked against the event as it is now, since
    an earlier report in the batch may have moved its dates or filled its city.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self.created = _Index()
        self.stored = _Index()
        self._grams: dict[str, frozenset[str]] = {}

    def load_named(self, keyed: Sequence[tuple[ExtractedEvent, str]]) -> Sequence[Event]:
        """The stored events of the batch's series, indexed by key; returned for the merger's own look-ups."""
        named = self._session.scalars(
            select(Event).where(Event.merge_key.in_({key for _, key in keyed})).order_by(Event.id)
        ).all()
        for event in named:
            self.stored.by_key.setdefault(event.merge_key, []).append(event)
        return named

    def load_nearby(self, keyed: Sequence[tuple[ExtractedEvent, str]]) -> None:
        """The stored events near the batch's reported starts, indexed by day (`_near_terms`)."""
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
                    self.stored.by_day.setdefault(start, []).append(_Nearby(key, city, event_id, event_id))

    def best_match(self, candidate: ExtractedEvent, key: str, edition: str | None) -> Event | None:
        """The same series in the same edition; failing that, a similar name starting within days, in the same
        city (see the module docstring).

        Events created in this batch first, then stored ones; among near matches, the first created or stored.
        """
        for index in (self.created, self.stored):
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


def edition_of(name: str) -> str | None:
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
    if known is None or incoming is None or BASIS_RANK[date_basis(candidate, "start")] <= BASIS_RANK["vague"]:
        return True
    last = event.end_date or known
    if known <= incoming <= last:
        return True
    return abs((known - incoming).days) <= _SAME_EDITION_DAYS


def remember_name(event: Event, candidate: ExtractedEvent, key: str) -> bool:
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
