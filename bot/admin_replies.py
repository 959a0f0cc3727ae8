"""What admins type when they correct an event: its dates, its place, the number of the event it duplicates.

Pure functions over the extractor's own readers, so an admin writes dates and places the way the news does:
dates through `extract.chinese_dates.find_dates` (today is the "publication date" a year-less date is placed by: the
nearest such day), places through the curated venues (`extract.venues`) and the region vocabulary
(`extract.regions`). Each returns a value or raises :class:`ReplyError`, whose message tells the admin what was
wrong and how to write it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.chinese_dates import find_dates
from extract.gazetteer import Gazetteer
from extract.regions import Region, RegionVocabulary
from extract.venues import find_venues

MAX_REPLY = 200
# Between two dates written one after the other: spaces, "..", or a connector the date reader does not join.
_BETWEEN_RE = re.compile(r"^\s*(?:\.\.|…|,|，|、|and|to|until)?\s*$", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^\s*(?:/event(?:@\w+)?\s+)?[#＃№]?\s*(\d{1,12})\s*$")
# What separates the words of a place reply: spaces, commas, the middle dot the bot itself writes places with.
_PLACE_SPLIT_RE = re.compile(r"[\s,，、;；·/|]+")


class ReplyError(ValueError):
    """A reply that cannot be read; the message says what was wrong, in English (the bot translates the kind)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Dates:
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class PlaceReply:
    venue: str | None
    city: str | None
    province: str | None
    district: str | None


def read_dates(reply: str, *, today: dt.date) -> Dates:
    """The first and last day an admin wrote: 2027年5月10日至12日, 5月10日-12日, 2027-05-10 2027-05-12,
    2027-05-10..2027-05-12, or one day. Raises ReplyError ("no_dates", "not_days", "too_many_dates", "end_before")."""
    text = reply.strip()[:MAX_REPLY]
    # ".." is no connector of the news, and the reader takes "10..2027" for a decimal: say it the news' way.
    text = re.sub(r"\s*(?:\.\.|…)\s*", "至", text)
    mentions = [m for m in find_dates(text, published=today) if m.start is not None]
    if not mentions:
        raise ReplyError("no_dates")
    if any(m.precision != "day" for m in mentions):
        raise ReplyError("not_days")
    if len(mentions) == 1:
        first, last = mentions[0].start, mentions[0].end or mentions[0].start
    elif len(mentions) == 2 and _BETWEEN_RE.match(text[mentions[0].span[1] : mentions[1].span[0]]):
        # Two days one after the other (2027-05-10 2027-05-12): the first and the last.
        first, last = mentions[0].start, mentions[1].end or mentions[1].start
    else:
        raise ReplyError("too_many_dates")
    if first is None or last is None:  # every mention kept has its start; the type checker cannot know
        raise ReplyError("no_dates")
    start, end = first, last
    if end < start:
        raise ReplyError("end_before", f"{start.isoformat()} > {end.isoformat()}")
    return Dates(start, end)


def read_event_number(reply: str) -> int:
    """The number of an event as /upcoming and alerts show it: 42, #42 or /event 42. Raises ReplyError("no_number")."""
    match = _NUMBER_RE.match(reply[:MAX_REPLY])
    if match is None:
        raise ReplyError("no_number")
    return int(match.group(1))


def read_place(reply: str, *, regions: RegionVocabulary, gazetteer: Gazetteer) -> PlaceReply:
    """Where an event is, as an admin writes it: a known venue (深圳国际会展中心, which says its city), or a venue
    name and a city (琶洲会展中心 广州), or a city or province alone (深圳). Raises ReplyError ("no_place",
    "ambiguous" with the choices, "no_city" when a venue is given without any place)."""
    text = " ".join(reply.split())[:MAX_REPLY]
    if not text:
        raise ReplyError("no_place")
    venues = find_venues(text)
    if venues:
        known = venues[0].venue
        return PlaceReply(venues[0].surface, known.city, known.province, known.district)
    region: Region | None = None
    rest: list[str] = []
    for word in _PLACE_SPLIT_RE.split(text):
        if not word:
            continue
        found = regions.resolve(word)
        if found is None and regions.candidates(word):
            choices = "、".join(c.name for c in regions.candidates(word)[:5])
            raise ReplyError("ambiguous", f"{word}: {choices}")
        if found is not None and (region is None or _finer(found, region)):
            region = found
        elif found is None:
            rest.append(word)
    venue = " ".join(rest) or None
    if region is None and venue is not None:
        # A venue whose name starts with its city (广州白云国际会议中心): the first place the gazetteer finds in it.
        mentions = gazetteer.find(venue)
        if mentions and mentions[0].start == 0:
            place = mentions[0].place
            return PlaceReply(venue, place.city, place.province, None)
        raise ReplyError("no_city")
    if region is None:
        raise ReplyError("no_place")
    return PlaceReply(venue, *_columns(region, gazetteer))


def _finer(new: Region, old: Region) -> bool:
    order = {"province": 0, "city": 1, "district": 2}
    return order.get(new.level, -1) > order.get(old.level, -1)


def _columns(region: Region, gazetteer: Gazetteer) -> tuple[str | None, str | None, str | None]:
    """(city, province, district) as events store them: a municipality is its own city (上海 · 上海)."""
    if region.level == "province":
        place = gazetteer.by_short_city.get(region.short)
        city = region.short if place is not None and place.level == "province" else None
        return city, region.short, None
    if region.level == "city":
        return region.short, region.province, None
    return region.city, region.province, region.short
