"""The regions users filter and subscribe by, and the one rule of which region contains an event's place.

A region is a province-level division, a prefecture-level city or a county-level unit of the gazetteer. Users name
them in many ways (广东, 广东省, 海珠区, ``guangdong``, ``4401``, a keyboard button, a deep link) and the bot, the
calendar page, the iCal feeds and the alert queries must all agree on which events a name covers. So every name is
resolved here, once, to a :class:`Region` with a level, and what is stored (a subscription's region, a page's
filter) is the region's **canonical name**: a string that resolves back to the same region and nothing else.

* A province is its short name (广东, 吉林, 北京).
* A city is its short name unless a province already has it (吉林 the province; the city is 吉林市).
* A county-level unit is its full name when no other place has it (海珠区, 浦东新区), else its city and full name
  (北京朝阳区 and 长春朝阳区; 南京鼓楼区 …). A county-level city run directly by its province (仙桃) is a city, as
  events store it.

Names shared by places of different levels mean the larger one (朝阳 is the city in 辽宁; the district of 北京 is
北京朝阳区). Names shared by places of the same level below a province (鼓楼区: four cities) are ambiguous: they
resolve to nothing, and :meth:`RegionVocabulary.candidates` lists the places they could mean, so a user is asked
rather than silently given one of them.

Two kinds of words name something other than one division, and resolve here too, so that the bot, the page and
the alerts agree on them:

* **Groups** (`extract.region_groups`; the data is config.yaml's ``regions.groups``): 粤港澳大湾区 (大湾区), 珠三角,
  长三角, 京津冀, 成渝 are regions of level ``"group"`` whose members are regions of the gazetteer; a group contains
  an event that any member contains.
* **Zones, landmarks and venues** below the city (`extract.placenames.LANDMARKS`, `extract.venues.VENUES`): 琶洲,
  陆家嘴, 中关村, 广交会展馆 resolve to the district they lie in (海珠区, 浦东新区, 海淀区, 海珠区), or their city
  when the district is not known, the place the extractor stores for an event held there. A name of the gazetteer
  always wins over one of these.

An event stores its place as short names in three columns (province, city, district); :meth:`Region.contains` is
the test, and :meth:`RegionVocabulary.names_containing` its inverse (the canonical names of every region that
contains a place) for the SQL that matches subscriptions without resolving names in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal

from extract.gazetteer import Gazetteer, Place, default_gazetteer
from extract.placenames import LANDMARKS
from extract.region_groups import RegionGroup
from extract.venues import VENUES

RegionLevel = Literal["province", "city", "district", "group", "name"]

# Ascii ids of the 34 province-level divisions, for deep links, callback data and English-speaking users.
PROVINCE_IDS: dict[str, str] = {
    "北京": "beijing",
    "天津": "tianjin",
    "河北": "hebei",
    "山西": "shanxi",
    "内蒙古": "inner-mongolia",
    "辽宁": "liaoning",
    "吉林": "jilin",
    "黑龙江": "heilongjiang",
    "上海": "shanghai",
    "江苏": "jiangsu",
    "浙江": "zhejiang",
    "安徽": "anhui",
    "福建": "fujian",
    "江西": "jiangxi",
    "山东": "shandong",
    "河南": "henan",
    "湖北": "hubei",
    "湖南": "hunan",
    "广东": "guangdong",
    "广西": "guangxi",
    "海南": "hainan",
    "重庆": "chongqing",
    "四川": "sichuan",
    "贵州": "guizhou",
    "云南": "yunnan",
    "西藏": "tibet",
    "陕西": "shaanxi",
    "甘肃": "gansu",
    "青海": "qinghai",
    "宁夏": "ningxia",
    "新疆": "xinjiang",
    "台湾": "taiwan",
    "香港": "hong-kong",
    "澳门": "macau",
}
_RANK = {"province": 0, "city": 1, "county": 2}


@dataclass(frozen=True, slots=True)
class Region:
    """A region: ``name`` is its canonical name (what is stored), ``short`` the short name events store in the
    column of its ``level``; ``key`` is ascii (a province id or an administrative code) for links and buttons.

    Level ``"group"`` is a grouping of regions (粤港澳大湾区: `extract.region_groups`), with its ``members`` and
    ``english`` name. Level ``"name"`` is a name the vocabulary does not know (stored before it was checked, or a
    place outside the gazetteer): it contains an event whose province, city or district is exactly that name.
    """

    name: str
    level: RegionLevel
    short: str
    full_name: str
    province: str | None
    city: str | None
    key: str
    members: tuple[Region, ...] = ()
    english: str | None = None

    @classmethod
    def unknown(cls, name: str) -> Region:
        return cls(name, "name", name, name, None, None, name)

    def contains(self, province: str | None, city: str | None, district: str | None) -> bool:
        """Whether an event stored with these places (short names, any of them None) lies inside the region."""
        if self.level == "province":
            return province == self.short
        if self.level == "city":
            return city == self.short and province in (None, self.province)
        if self.level == "district":
            # The venue table stores some districts by their full name (浦东新区: its short name 浦东新 is no word).
            return district in (self.short, self.full_name) and city == self.city and province in (None, self.province)
        if self.level == "group":
            return any(member.contains(province, city, district) for member in self.members)
        return self.name in (province, city, district)


class RegionVocabulary:
    """Every region of the gazetteer under every name users give it; built once per gazetteer."""

    def __init__(self, gazetteer: Gazetteer, groups: Sequence[RegionGroup] = ()) -> None:
        self._places = sorted(gazetteer.places, key=lambda p: _RANK[p.level])
        self._group_defs = tuple(groups)
        # The words of each group besides its canonical name (大湾区, greater bay area …).
        self._group_words = {group.names[0]: group.names[1:] for group in self._group_defs}

    @cached_property
    def regions(self) -> list[Region]:
        """Every region of the gazetteer, larger levels first (groups are `groups`)."""
        return _canonical([self._region(place) for place in self._places])

    @cached_property
    def _built(self) -> tuple[dict[str, Region], dict[str, list[Region]]]:
        regions = self.regions
        words: dict[str, Region] = {}
        ambiguous: dict[str, list[Region]] = {}
        for region in regions:
            for word in dict.fromkeys((region.name, region.key, region.short, region.full_name, *_more(region))):
                known = words.get(word)
                if known is None:
                    if word in ambiguous:
                        ambiguous[word].append(region)
                    else:
                        words[word] = region
                elif known.level == region.level and known.level != "province" and word not in (known.name, known.key):
                    # 鼓楼区 is four districts: ask which, rather than pick one.
                    ambiguous[word] = [known, region]
                    del words[word]
        for word in PROVINCE_IDS.values():
            words[word.replace("-", " ")] = words[word]
        for group in self.groups:
            for word in (group.name, group.key, *self._group_words[group.name]):
                if word in words or word in ambiguous:
                    raise ValueError(f"{word!r}, a name of the group {group.name}, is a place's name too")
                words[word] = group
        # Below the city: a zone's or a venue's name means the district it lies in (the gazetteer's names win).
        for word, (city, province, district) in _places_below_city():
            within = _within(words, province, city, district)
            if within is not None and word not in words and word not in ambiguous:
                words[word] = within
        return words, ambiguous

    @cached_property
    def groups(self) -> list[Region]:
        """The regional groupings (粤港澳大湾区, 长三角 …) the config gives, in its order."""
        return [self._group(group) for group in self._group_defs]

    def _group(self, group: RegionGroup) -> Region:
        by_name = {region.name: region for region in self.regions}
        members = []
        for name in group.members:
            member = by_name.get(name)
            if member is None:
                raise ValueError(f"{name!r}, a member of {group.names[0]}, is no region of the gazetteer")
            members.append(member)
        name = group.names[0]
        return Region(name, "group", name, name, None, None, group.key, tuple(members), group.english)

    @staticmethod
    def _region(place: Place) -> Region:
        if place.level == "province":
            return Region(
                place.short,
                "province",
                place.short,
                place.name,
                place.short,
                None,
                PROVINCE_IDS.get(place.short, place.code),
            )
        if place.level == "city" or place.city == place.short:
            return Region(place.short, "city", place.short, place.name, place.province, place.short, place.code)
        return Region(place.short, "district", place.short, place.name, place.province, place.city, place.code)

    def resolve(self, word: str) -> Region | None:
        """The region a user's word names (any of its names, its key, its canonical name), or None."""
        words = self._built[0]
        return words.get(word) or words.get(word.lower())

    def candidates(self, word: str) -> list[Region]:
        """The regions an ambiguous word could mean (鼓楼区: 南京鼓楼区, 徐州鼓楼区 …); empty when it is not one."""
        return list(self._built[1].get(word, ()))

    def stored(self, name: str) -> Region:
        """The region a stored name stands for (a canonical name, or any other name of it saved before names were
        canonical); a name the vocabulary does not know stands for itself."""
        return self.resolve(name) or Region.unknown(name)

    @cached_property
    def _words_of(self) -> dict[str, list[str]]:
        words: dict[str, list[str]] = {}
        for word, region in self._built[0].items():
            words.setdefault(region.name, []).append(word)
        return words

    @cached_property
    def _by_place(self) -> dict[tuple[str, str | None, str | None], Region]:
        index: dict[tuple[str, str | None, str | None], Region] = {}
        for region in self.regions:
            if region.level == "province":
                index.setdefault(("province", region.short, None), region)
            elif region.level == "city":
                index.setdefault(("city", region.province, region.short), region)
            else:
                index.setdefault(("district", region.city, region.short), region)
                index.setdefault(("district", region.city, region.full_name), region)
        return index

    def names_containing(self, province: str | None, city: str | None, district: str | None) -> list[str]:
        """Every name a stored filter may hold and contain a place (`stored`): each name of its province, city and
        district, and any of its columns that is no name of the vocabulary (`Region.unknown`)."""
        found = [
            self._by_place.get(key)
            for key in (("province", province, None), ("city", province, city), ("district", city, district))
        ]
        names = [word for region in found if region is not None for word in self._words_of[region.name]]
        names += [value for value in (province, city, district) if value and self.resolve(value) is None]
        for group in self.groups:
            if group.contains(province, city, district):
                names += self._words_of[group.name]
        return list(dict.fromkeys(names))

    def provinces(self) -> list[Region]:
        return [r for r in self.regions if r.level == "province" and r.short in PROVINCE_IDS]

    def cities_of(self, province: str) -> list[Region]:
        """The prefecture-level cities of a province; for 北京, 上海… (no prefectures) their districts."""
        inside = [r for r in self.regions if r.province == province and r.level != "province"]
        return [r for r in inside if r.level == "city" and r.short != province] or [
            r for r in inside if r.level == "district"
        ]


def _canonical(regions: list[Region]) -> list[Region]:
    """Each region under its canonical name (see the module docstring); `regions` come larger levels first."""
    count: dict[str, int] = {}
    for region in regions:
        for word in {region.short, region.full_name}:
            count[word] = count.get(word, 0) + 1
    used: set[str] = set()
    named = []
    for region in regions:
        if region.level == "province":
            options = [region.short]
        elif region.level == "city":
            options = [region.short, region.full_name, f"{region.province}{region.full_name}"]
        else:
            # The full name (海珠区, 浦东新区): a district's short name is often no word on its own (浦东新).
            options = [region.full_name] if count[region.full_name] == 1 else []
            options += [f"{region.city}{region.full_name}", region.key]
        name = next((option for option in options if option not in used), region.key)
        used.add(name)
        named.append(
            Region(name, region.level, region.short, region.full_name, region.province, region.city, region.key)
        )
    return named


def _places_below_city() -> Iterable[tuple[str, tuple[str, str, str | None]]]:
    """Zones, landmarks and venues with where they are: (name, (city, province, district or None))."""
    yield from LANDMARKS.items()
    for venue in VENUES:
        for name in (venue.name, *venue.aliases):
            yield name, (venue.city, venue.province, venue.district)


def _within(words: dict[str, Region], province: str, city: str, district: str | None) -> Region | None:
    """The region of a place below the city: its district (海珠, 浦东新区 of their city), else its city."""
    city_region = words.get(city)
    if city_region is None or city_region.province != province:
        return None
    if district is not None:
        for word in (f"{city}{district}", f"{city}{district}区"):
            found = words.get(word)
            if found is not None and found.city == city_region.short:
                return found
    return city_region


def _more(region: Region) -> Iterable[str]:
    """Further names a user writes for a district: its city's name before it (北京朝阳, 长春朝阳区)."""
    if region.level == "district" and region.city:
        yield f"{region.city}{region.short}"
        yield f"{region.city}{region.full_name}"


@cache
def regions_of(gazetteer: Gazetteer, groups: tuple[RegionGroup, ...] = ()) -> RegionVocabulary:
    """The vocabulary of a gazetteer and the config's groupings, built once per pair, so that the bot, the page and
    the alert queries share one (the composition root passes it to each)."""
    return RegionVocabulary(gazetteer, groups)


def default_regions() -> RegionVocabulary:
    """The vocabulary of the installed gazetteer without groupings: for callers that have no config (the
    extractor's tests, a filter on plain places). Whatever matches subscriptions gets the configured one."""
    return regions_of(default_gazetteer())
