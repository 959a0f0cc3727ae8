"""Where an event of an English text takes place, on the gazetteer the Chinese reader uses.

The English names of venues, cities, zones, provinces and countries, and how each maps onto the gazetteer's
short Chinese names, are in `extract.english_placenames`; this module decides which of the places a release
writes is an event's.

`locate_english` follows the order of `extract.places`: a known venue in the sentence; else the place of "in
X"/"at X" nearest the name (a venue of our list, a city, a province, a place abroad: "in Hanover, Germany"
puts the event in Hanover with no province); else a city or province in the event's own name ("China
(Shanghai) International Hydrogen Expo"), or the home of a standing series (the Canton Fair is in 广州); else
the places of the sentence when they agree on one city; else the dateline's city ("GUANGZHOU, April 10
(Xinhua) --"); else the source's hints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract.english_placenames import places_in, venues_in
from extract.gazetteer import Gazetteer
from extract.model import SourceHints
from extract.placenames import series_home


@dataclass(frozen=True, slots=True)
class EnglishLocation:
    venue: str | None = None
    city: str | None = None
    province: str | None = None
    district: str | None = None


# "in Guangzhou", "at the Xiamen International Conference and Exhibition Center", "in Hanover, Germany"
_AT_RE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?P<x>[A-Z][\w'’.\-]*(?:\s+(?:(?:and|of|&)\s+)?[A-Z(][\w'’.\-)]*){0,9}"
    r"(?:,\s+[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,2})?)"
)
_VENUE_WORDS_RE = re.compile(
    r"(?:Cent(?:er|re)|Complex|Hall|Expo|Expo City|Park|Hotel|Plaza|Stadium|Arena|Pavilion|Exhibition Hall)"
    r"(?:\s*\([A-Z][\w ]*\))?$"
)


def locate_english(
    text: str,
    sentences: list[tuple[int, int]],
    name: tuple[int, int],
    series: str,
    gazetteer: Gazetteer,
    *,
    dateline_city: str | None,
    hints: SourceHints | None,
    name_spans: list[tuple[int, int]],
) -> EnglishLocation:
    """Where the event named at `name` takes place, from the `sentences` said of it (see the module docstring).

    `series` is the event's series (`extract.english_names.english_series`: a Chinese name for a known one),
    `name_spans` the spans of every event name in the text, whose words are never another event's place.
    """

    def outside(a: int, b: int) -> bool:
        return not any(a < n_end and b > n_start for n_start, n_end in name_spans)

    def distance(a: int, b: int) -> int:
        return 0 if a < name[1] and b > name[0] else min(abs(a - name[1]), abs(name[0] - b))

    def complete(venue: str | None, city: str | None, district: str | None, province: str | None) -> EnglishLocation:
        # The province follows from a Chinese city (琼海 is run by its province directly); a city abroad has none.
        if city:
            province = _provinces_of(gazetteer).get(city) or province
        return EnglishLocation(venue, city, province, district)

    for region in _regions(sentences, name, name_spans):
        venues = [v for v in venues_in(text, *region) if outside(v[0], v[1])]
        if venues:
            known = min(venues, key=lambda v: distance(v[0], v[1]))[2]
            return EnglishLocation(known.name, known.city, known.province, known.district)

    for region in _regions(sentences, name, name_spans):
        phrases = [m for m in _AT_RE.finditer(text, *region) if outside(m.start("x"), m.end("x"))]
        for phrase in sorted(phrases, key=lambda m: distance(m.start(), m.end())):
            found = _from_phrase(text, phrase)
            if found is not None:
                return complete(*found)

    own = [p for p in places_in(text, *name) if not p[5]]
    if own:
        _, _, city, district, province, _ = own[0]
        return complete(None, city or None, district, province)
    home = series_home(series)
    if home is not None:
        return complete(None, home, None, None)

    around = [p for s in sentences for p in places_in(text, *s) if not p[5]]
    cities_found = {p[2] for p in around if p[2]}
    if len(cities_found) == 1:
        city = cities_found.pop()
        districts = {p[3] for p in around if p[2] == city and p[3]}
        return complete(None, city, districts.pop() if len(districts) == 1 else None, None)
    provinces_found = {p[4] for p in around if p[4]} | {gazetteer.province_of_city(c) for c in cities_found}
    provinces_found.discard(None)
    if len(provinces_found) == 1 and not cities_found:
        return EnglishLocation(None, None, provinces_found.pop(), None)
    if dateline_city:
        return complete(None, dateline_city, None, None)
    if hints is not None and (hints.city or hints.province):
        return complete(None, hints.city, None, hints.province)
    return EnglishLocation()


@cache
def _provinces_of(gazetteer: Gazetteer) -> dict[str, str]:
    """City (short name) -> its province, for prefecture-level cities and the county-level cities a province runs
    directly (琼海, 仙桃), whose city is themselves."""
    return {
        place.city: place.province for place in gazetteer.places if place.city is not None and place.city == place.short
    }


def _regions(
    sentences: list[tuple[int, int]], name: tuple[int, int], name_spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where to look for an event's place, in order: from its name to the next event's name in its sentence
    (English states an event's details after its name: "X will be held … at V, while Y …"), then the part of
    the sentence before its name back to the previous event's name, then the other sentences said of it."""
    regions: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    for start, end in sentences:
        if not start <= name[0] < end:
            others.append((start, end))
            continue
        after = min((s for s, _ in name_spans if name[1] <= s < end), default=end)
        before = max((e for _, e in name_spans if start <= e <= name[0]), default=start)
        regions += [(name[0], after), (before, name[0])]
    return regions + others


def _from_phrase(text: str, phrase: re.Match[str]) -> tuple[str | None, str | None, str | None, str | None] | None:
    """(venue, city, district, province) from the place of "in X"/"at X"; a city abroad as written, with no
    province; None when it names no place we know."""
    x_start, x_end = phrase.span("x")
    x = phrase.group("x")
    places = places_in(text, x_start, x_end)
    head = x.split(",")[0].strip()
    venue = head if _VENUE_WORDS_RE.search(head) else None
    abroad = [p for p in places if p[5]]
    if abroad:
        # "in Hanover, Germany": the city is what stands before the country, as written; no province.
        before = text[x_start : abroad[0][0]].rstrip(" ,")
        city = before.split(",")[-1].strip() if before else None
        return None, city or None, None, None
    cities = [p for p in places if p[2]]
    if cities:
        _, _, city, district, _, _ = cities[-1] if venue is None else cities[0]
        return venue, city, district, None
    provinces = [p for p in places if p[4]]
    if provinces:
        return venue, None, None, provinces[-1][4]
    return None
