"""Which events match a filter: the one rule behind alerts, reminders, /upcoming, personal iCal feeds and the page.

A filter is a union of clauses, because that is what a subscriber's subscriptions are (one industry × region row
each); the page's ``?industry=…&region=…`` and ``/upcoming 生物医药 广东`` are the one-clause case. A clause
matches an event in any of its industries (ids; ``ANY`` for all) and inside any of its regions
(`extract.regions.Region.contains`, by level: 朝阳 is the city in 辽宁, not 北京's 朝阳区). A filter may also hold
search words (the page's and the feed's ``?q=``): each must be in one of the event's names or its venue, in any
case, width or script (`text_matches`: 廣交會 finds 广交会, ＡＩ finds AI).

The rule is written twice, on purpose and side by side: :meth:`Clause.matches` in Python for rows already read
(feeds, the page, /upcoming), and :func:`subscription_matches` in SQL for the set-based statements that owe alerts
and reminders. The SQL side never resolves names in the database: for an event it binds every name a stored
subscription may hold and still contain the event (`RegionVocabulary.names_containing`), so both sides give the
same answer for every stored name, canonical or not; ``tests/db/test_matching.py`` runs each case through all
five paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import ColumnElement, and_

from db.models.subscribers import ANY, Subscription
from extract.regions import Region, RegionVocabulary, default_regions
from extract.spelling import fold


class Placed(Protocol):
    """What matching reads of an event: its names, industries and place (an ORM `Event` or a `CalendarEvent`)."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def venue(self) -> str | None: ...
    @property
    def industries(self) -> Sequence[str]: ...
    @property
    def province(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def district(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Clause:
    """Events in any of ``industries`` and inside any of ``regions``; ``None`` means no restriction on that side."""

    industries: frozenset[str] | None = None
    regions: tuple[Region, ...] | None = None

    def matches(self, event: Placed) -> bool:
        if self.industries is not None and self.industries.isdisjoint(event.industries):
            return False
        if self.regions is None:
            return True
        return any(region.contains(event.province, event.city, event.district) for region in self.regions)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The union of its clauses; no clause matches nothing (a subscriber without subscriptions). With ``words``
    (folded by `search_words`), only events whose names or venue hold every one of them."""

    clauses: tuple[Clause, ...]
    words: tuple[str, ...] = ()

    def matches(self, event: Placed) -> bool:
        if self.words and not text_matches(self.words, event):
            return False
        return any(clause.matches(event) for clause in self.clauses)


EVERYTHING = EventFilter((Clause(),))


def search_words(text: str) -> tuple[str, ...]:
    """What a search box's text looks for: its words, each folded as `text_matches` folds events."""
    return tuple(dict.fromkeys(_folded(word) for word in text.split()))


def text_matches(words: Sequence[str], event: Placed) -> bool:
    """Whether every word is in one of the event's names (its name, its aliases in another language) or in its
    venue, compared folded: case, full- and half-width forms and traditional script do not matter."""
    haystack = "\n".join(_folded(text) for text in (event.name, *event.aliases, event.venue or ""))
    return all(word in haystack for word in words)


def _folded(text: str) -> str:
    return fold(text).casefold()


def choice_filter(
    industries: Iterable[str],
    regions: Iterable[str],
    vocabulary: RegionVocabulary | None = None,
    *,
    text: str = "",
) -> EventFilter:
    """One clause from chosen industry ids and region names (empty means no restriction on that side), and the
    words of a search text (`search_words`; empty looks for nothing)."""
    vocabulary = vocabulary or default_regions()
    wanted = frozenset(i for i in industries if i != ANY) or None
    places = tuple(vocabulary.stored(name) for name in regions if name != ANY) or None
    return EventFilter((Clause(wanted, places),), search_words(text))


def subscriptions_filter(rows: Iterable[tuple[str, str]], vocabulary: RegionVocabulary | None = None) -> EventFilter:
    """A subscriber's (industry, region) rows as a filter: one clause per row."""
    vocabulary = vocabulary or default_regions()
    clauses = [
        Clause(
            None if industry == ANY else frozenset({industry}),
            None if region == ANY else (vocabulary.stored(region),),
        )
        for industry, region in rows
    ]
    return EventFilter(tuple(clauses))


@dataclass(frozen=True, slots=True)
class MatchTerms:
    """What a stored subscription row may hold and match one event: its industries or ANY, and every region name
    that contains its place (`RegionVocabulary.names_containing`) or ANY."""

    industries: list[str]
    regions: list[str]


def match_terms(event: Placed, vocabulary: RegionVocabulary | None = None) -> MatchTerms:
    vocabulary = vocabulary or default_regions()
    regions = vocabulary.names_containing(event.province, event.city, event.district)
    return MatchTerms([*event.industries, ANY], [*regions, ANY])


def subscription_matches(terms: MatchTerms) -> ColumnElement[bool]:
    """The SQL condition on a ``subscriptions`` row matching one event (`match_terms`). The alert statement, which
    runs for many events with one text, binds the same two lists as parameters instead (``db.alerts``)."""
    return and_(Subscription.industry.in_(terms.industries), Subscription.region.in_(terms.regions))
