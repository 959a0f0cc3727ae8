"""Where an event takes place: venue, city, province and district, read from the sentences that mention it.

For one mention of an event, in order:

1. a curated venue (`extract.venues`) in the sentence gives venue, city and district at once;
2. otherwise the place phrase of 在X举办/召开/举行/开幕… nearest to the event name: leading administrative names
   written in full (杭州市拱墅区) are where the venue is, the rest (招商蛇口运河网谷) is the venue; a phrase that is
   only a place (在济南召开, 在开平举办) or 我市 gives no venue;
3. the city from, in order: the venue, the place phrase, a landmark (琶洲), the event's own name
   (江门市“邑科汇”…), the sentence when all its places agree on one city, the dateline (人民网杭州10月18日电);
4. 我市/本市 resolve to the document's city: a site name in the page (焦作网), else the source's hint, else the
   city the article mentions most; 我省/本省 likewise to a province;
5. last, the source hints.

The province always follows from the city when there is one, so the two never disagree.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from extract.gazetteer import Gazetteer, PlaceMention
from extract.model import SourceHints
from extract.venues import LANDMARKS, find_venues

# 在 + place phrase + optional adverbs + a verb of holding. The phrase has no punctuation, quotes or 的: a
# comma means the verb belongs to another clause, 的 means 在X的支持下 rather than a location.
_HELD_AT_RE = re.compile(
    r"在(?P<x>[^\s,，。;；:：!！?？、“”\"《》()的了]{1,30}?)"
    r"(?:成功|隆重|顺利|盛大|正式|联合|圆满|共同|同期|同时|如期|首次|再次|线上线下)*"
    r"(?:举办|举行|召开|开幕|开展|启幕|揭幕|启动|闭幕|落幕|拉开帷幕|落下帷幕|亮相|开启|进行)"
)
_OUR_CITY_RE = re.compile(r"[我本]市|当地")
_OUR_PROVINCE_RE = re.compile(r"[我本]省|全省")
# Words that fill the place slot without being a venue.
_NOT_VENUES = frozenset(
    {"我市", "本市", "我省", "本省", "我区", "我县", "当地", "线上", "云端", "网上", "现场", "京", "沪"}
)
_SITE_NAME_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:新闻网|日报|晚报|网)")


@dataclass(frozen=True, slots=True)
class Location:
    venue: str | None = None
    city: str | None = None
    province: str | None = None
    district: str | None = None


class DocumentPlaces:
    """The places of one normalised article, and the location of events in it.

    `text` is the normalised text, `main_end` where the article body ends; `original` is the page as given, used
    only to spot the site's own name (焦作网) which normalisation may have dropped with the footer.
    """

    def __init__(
        self,
        text: str,
        main_end: int,
        gazetteer: Gazetteer,
        *,
        original: str = "",
        hints: SourceHints | None = None,
        dateline_city: str | None = None,
    ) -> None:
        self.text = text
        self.main_end = main_end
        self.gazetteer = gazetteer
        self.original = original
        self.hints = hints or SourceHints()
        self.dateline_city = dateline_city
        self.mentions: list[PlaceMention] = gazetteer.find(text[:main_end])
        self._starts = [m.start for m in self.mentions]

    def mentions_in(self, start: int, end: int) -> list[PlaceMention]:
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]

    @cached_property
    def home_city(self) -> str | None:
        """What 我市 means in this article."""
        for match in _SITE_NAME_RE.finditer(self.original[:200_000]):
            stem = match.group(1)
            for length in range(len(stem), 1, -1):
                if stem[-length:] in self.gazetteer.by_short_city:
                    place = self.gazetteer.by_short_city[stem[-length:]]
                    if place.level == "city":
                        return place.short
        if self.hints.city:
            return self.hints.city
        counts = Counter(m.place.city for m in self.mentions if m.place.city)
        if counts:
            return counts.most_common(1)[0][0]
        return None

    @cached_property
    def home_province(self) -> str | None:
        """What 我省 means in this article."""
        if self.home_city:
            province = self.gazetteer.province_of_city(self.home_city)
            if province:
                return province
        if self.hints.province:
            return self.hints.province
        counts = Counter(m.place.province for m in self.mentions)
        return counts.most_common(1)[0][0] if counts else None

    def locate(self, sentence: tuple[int, int], name: tuple[int, int]) -> Location:
        """The location of an event named at `name` inside `sentence` (both spans of the normalised text)."""
        s_start, s_end = sentence
        n_start, n_end = name

        def distance(a: int, b: int) -> int:
            return 0 if a < n_end and b > n_start else min(abs(a - n_end), abs(n_start - b))

        venues = [v for v in find_venues(self.text, s_start, s_end) if v.end <= n_start or v.start >= n_end]
        if venues:
            best = min(venues, key=lambda v: distance(v.start, v.end))
            v = best.venue
            return Location(best.surface, v.city, v.province, v.district)

        venue: str | None = None
        city: str | None = None
        province: str | None = None
        district: str | None = None

        phrases = [
            m for m in _HELD_AT_RE.finditer(self.text, s_start, s_end) if m.end() <= n_start or m.start() >= n_end
        ]
        if phrases:
            phrase = min(phrases, key=lambda m: distance(m.start(), m.end()))
            x_start, x_end = phrase.span("x")
            inside = self.mentions_in(x_start, x_end)
            # Leading full administrative names locate the venue; a short name (开平翠山湖) is part of it.
            cut = x_start
            for mention in inside:
                if mention.start == cut and mention.full:
                    cut = mention.end
            rest = self.text[cut:x_end]
            only_places = (
                bool(inside)
                and inside[-1].end == x_end
                and all(a.end == b.start for a, b in itertools.pairwise(inside))
                and inside[0].start <= cut
            )
            if len(rest) >= 2 and rest not in _NOT_VENUES and not only_places:
                venue = rest
            if inside:
                most_specific = inside[-1].place
                city, province = most_specific.city, most_specific.province
                if most_specific.level == "county":
                    district = most_specific.short
            elif _OUR_CITY_RE.search(phrase.group("x")):
                city = self.home_city
            else:
                for landmark, (l_city, l_province, l_district) in LANDMARKS.items():
                    if landmark in phrase.group("x"):
                        city, province, district = l_city, l_province, l_district
                        break

        if city is None and province is None:
            city, province, district = self._from_mentions(self.mentions_in(n_start, n_end))
        if city is None and province is None:
            city, province, district = self._from_sentence(s_start, s_end)
        if city is None and province is None and _OUR_CITY_RE.search(self.text, s_start, s_end):
            city = self.home_city
        if city is None and province is None and self.dateline_city:
            city = self.dateline_city
        if city is None and province is None and _OUR_PROVINCE_RE.search(self.text, s_start, s_end):
            province = self.home_province
        if city is None and province is None:
            city, province = self.hints.city, self.hints.province

        if city is not None:
            province = self.gazetteer.province_of_city(city) or province
        return Location(venue, city, province, district)

    def _from_mentions(self, mentions: list[PlaceMention]) -> tuple[str | None, str | None, str | None]:
        if not mentions:
            return None, None, None
        place = mentions[-1].place
        return place.city, place.province, place.short if place.level == "county" else None

    def _from_sentence(self, start: int, end: int) -> tuple[str | None, str | None, str | None]:
        """A sentence's places decide only when they agree: one city, or else one province (organisers from
        广州 and 深圳 put an event in 广东 without saying which city)."""
        mentions = self.mentions_in(start, end)
        cities = {m.place.city for m in mentions if m.place.city}
        provinces = {m.place.province for m in mentions}
        if len(cities) == 1:
            city = cities.pop()
            districts = {m.place.short for m in mentions if m.place.level == "county"}
            return city, None, districts.pop() if len(districts) == 1 else None
        if len(provinces) == 1:
            return None, provinces.pop(), None
        return None, None, None
