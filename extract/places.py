"""Where an event takes place: venue, city, province and district, read from the sentences that mention it.

For one mention of an event, in order:

1. a curated venue (`extract.venues`) in the sentence gives venue, city and district at once;
2. a city abroad that starts the event's name (圣彼得堡国际经济论坛) is where it is, whatever else the sentence
   says is held where;
3. otherwise the place phrase of 在X举办/召开/举行/开幕… nearest to the event name, unless its verb has another
   gathering as object (在京举行新闻发布会 places the press conference, not the fair): leading administrative
   names written in full (杭州市拱墅区) are where the venue is, the rest (招商蛇口运河网谷) is the venue; a
   phrase that is only a place (在济南召开, 在开平举办) or 我市 gives no venue. A zone after a province (在海南博鳌),
   a place abroad (在阿联酋阿布扎比), or a city's nickname (在京, 在沪) give the city (`extract.placenames`);
4. the event's own name: an administrative place (江门市“邑科汇”…), a zone (2024中关村论坛年会), the home of a
   standing series (广交会 is in 广州), or a city abroad just before it (约翰内斯堡金砖国家工商论坛);
5. the sentence when all its places agree on one city (or one province); 我市/本市 resolve to the document's
   city: a site name in the page (焦作网), else the source's hint, else the city the article mentions most;
6. the dateline (人民网杭州10月18日电); 我省/本省 resolve to the document's province; last, the source hints.

Each result carries its `strength` (which of these steps found it), because an event is mentioned in several
sentences and the pipeline keeps the strongest, most specific location among them.
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
from extract.placenames import (
    city_abroad,
    city_abroad_before,
    city_abroad_in,
    landmark_in,
    nickname_city,
    series_home,
)
from extract.venues import find_venues

# 在 + place phrase + optional adverbs + a verb of holding. The phrase has no punctuation, quotes or 的: a
# comma means the verb belongs to another clause, 的 means 在X的支持下 rather than a location.
_HELD_AT_RE = re.compile(
    r"在(?P<x>[^\s,，。;；:：!！?？、“”\"《》()的了]{1,30}?)"
    # Adverbs of manner between the place and the verb; 分三期 (in three phases) says how a fair is held.
    r"(?:成功|隆重|顺利|盛大|正式|联合|圆满|共同|同期|同时|如期|首次|再次|线上线下|开始"
    r"|分[0-9一二两三四五六七八九十]{1,2}(?:期|个?阶段|批))*"
    r"(?:举办|举行|召开|开幕|开展|启幕|揭幕|启动|闭幕|落幕|拉开帷幕|落下帷幕|亮相|开启|进行)"
)
# 在京举行新闻发布会: the place phrase's verb has its own object, another gathering, and the place is that one's.
_OTHER_GATHERING_RE = re.compile(r"[^，,。；;]{0,8}?(?:新闻发布会|发布会|吹风会|见面会|签约仪式|签字仪式|会见|会谈)")
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
    strength: int = 0


# What a `Location` rests on, strongest last: a source default, the sentence's places, the event's name, a place
# phrase (在X举办), a known venue.
STRENGTH_DEFAULT, STRENGTH_SENTENCE, STRENGTH_NAME, STRENGTH_PHRASE, STRENGTH_VENUE = range(5)


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
        """The location of an event named at `name` inside `sentence` (both spans of the normalised text).

        `Location.strength` says what it rests on, so that a caller reading several sentences keeps the best.
        """
        s_start, s_end = sentence
        n_start, n_end = name

        def distance(a: int, b: int) -> int:
            return 0 if a < n_end and b > n_start else min(abs(a - n_end), abs(n_start - b))

        venues = [v for v in find_venues(self.text, s_start, s_end) if v.end <= n_start or v.start >= n_end]
        if venues:
            best = min(venues, key=lambda v: distance(v.start, v.end))
            v = best.venue
            return Location(best.surface, v.city, v.province, v.district, STRENGTH_VENUE)

        named_abroad = city_abroad_in(self.text[n_start:n_end])
        if named_abroad is not None:
            # 圣彼得堡国际经济论坛 is in 圣彼得堡 whatever else the sentence is held in (在瑞士日内瓦举行的会晤).
            return Location(None, named_abroad, None, None, STRENGTH_NAME)

        phrases = [
            m
            for m in _HELD_AT_RE.finditer(self.text, s_start, s_end)
            if (m.end() <= n_start or m.start() >= n_end) and not _OTHER_GATHERING_RE.match(self.text, m.end())
        ]
        venue: str | None = None
        if phrases:
            phrase = min(phrases, key=lambda m: distance(m.start(), m.end()))
            found = self._from_phrase(phrase)
            if found.city is not None or found.province is not None:
                return self._complete(found)
            venue = found.venue  # 在招商蛇口运河网谷举办: a venue without a place; the city comes from elsewhere

        city, province, district = self._from_mentions(self.mentions_in(n_start, n_end))
        if city is None and province is None:
            city, province, district = self._from_name(n_start, n_end)
            if city is not None and province is None:
                return Location(venue, city, None, None, STRENGTH_NAME)
        if city is not None or province is not None:
            return self._complete(Location(venue, city, province, district, STRENGTH_NAME))
        city, province, district = self._from_sentence(s_start, s_end)
        if city is None and province is None and _OUR_CITY_RE.search(self.text, s_start, s_end):
            city = self.home_city
        if city is not None or province is not None:
            return self._complete(Location(venue, city, province, district, STRENGTH_SENTENCE))
        if self.dateline_city:
            return self._complete(Location(venue, self.dateline_city, None, None, STRENGTH_DEFAULT))
        if _OUR_PROVINCE_RE.search(self.text, s_start, s_end):
            return Location(venue, None, self.home_province, None, STRENGTH_SENTENCE)
        return self._complete(Location(venue, self.hints.city, self.hints.province, None, STRENGTH_DEFAULT))

    def _complete(self, location: Location) -> Location:
        """The province always follows from a Chinese city, so the two never disagree."""
        if location.city is None:
            return location
        province = self.gazetteer.province_of_city(location.city) or location.province
        return Location(location.venue, location.city, province, location.district, location.strength)

    def _from_phrase(self, phrase: re.Match[str]) -> Location:
        """Venue, city, province and district from the place phrase of 在X举办."""
        x_start, x_end = phrase.span("x")
        x = phrase.group("x")
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
        venue = rest if len(rest) >= 2 and rest not in _NOT_VENUES and not only_places else None
        landmark = landmark_in(rest)
        if inside and not (inside[-1].place.level == "province" and landmark):
            place = inside[-1].place
            district = place.short if place.level == "county" else None
            return Location(venue, place.city, place.province, district, STRENGTH_PHRASE)
        if landmark is not None:
            # 在海南博鳌开幕, 在中关村举办: the zone says the city that the province name alone does not.
            return Location(venue, *landmark[1], STRENGTH_PHRASE)
        abroad = city_abroad(x)
        if abroad is not None:
            # Abroad the city is as written and there is no province; a country alone gives neither, and the
            # Chinese places elsewhere in the sentence must not stand in for it.
            return Location(None, abroad.city, None, None, STRENGTH_PHRASE)
        nickname = nickname_city(x)
        if nickname is not None:
            return Location(None, nickname, None, None, STRENGTH_PHRASE)
        if _OUR_CITY_RE.search(x):
            return Location(venue, self.home_city, None, None, STRENGTH_PHRASE)
        return Location(venue, None, None, None, STRENGTH_PHRASE)

    def _from_mentions(self, mentions: list[PlaceMention]) -> tuple[str | None, str | None, str | None]:
        if not mentions:
            return None, None, None
        place = mentions[-1].place
        return place.city, place.province, place.short if place.level == "county" else None

    def _from_name(self, n_start: int, n_end: int) -> tuple[str | None, str | None, str | None]:
        """A zone in the event's name (2024中关村论坛年会), the home of a standing series (广交会), or a city abroad
        that starts the name or directly precedes it (圣彼得堡国际经济论坛, 约翰内斯堡金砖国家工商论坛)."""
        name = self.text[n_start:n_end]
        landmark = landmark_in(name)
        if landmark is not None:
            return landmark[1]
        home = series_home(name)
        if home is not None:
            return home, self.gazetteer.province_of_city(home), None
        abroad = city_abroad_in(name) or city_abroad_before(self.text[max(0, n_start - 6) : n_start])
        return abroad, None, None

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
