"""What a feed is made of, as plain values: the renderer takes these and nothing else (no database, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Calendar apps poll at their own pace; these ask them to come back twice a day, which is enough for events
# announced weeks ahead and keeps us well inside what Google and Outlook tolerate.
DEFAULT_REFRESH = dt.timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class SourceLink:
    """An article that reports the event."""

    url: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class FeedPhase:
    """One phase of a fair held in phases (第一期 …) and its days, when known."""

    label: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One event as a calendar shows it.

    ``end`` is the last day the event runs (inclusive); the renderer turns it into iCal's exclusive DTEND.
    ``starts_at``/``ends_at`` (aware datetimes) make the event timed; without them it is an all-day event.
    """

    uid: str
    name: str
    start: dt.date
    end: dt.date
    updated_at: dt.datetime
    version: int = 1
    cancelled: bool = False
    venue: str | None = None
    place: str | None = None
    categories: tuple[str, ...] = ()
    url: str | None = None
    sources: tuple[SourceLink, ...] = ()
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    phases: tuple[FeedPhase, ...] = ()

    @property
    def timed(self) -> bool:
        return self.starts_at is not None


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """The calendar as a whole: its name in calendar apps, its own address, how often to refresh."""

    name: str
    url: str | None = None
    description: str | None = None
    language: str = "zh"
    refresh: dt.timedelta = DEFAULT_REFRESH
