"""What users can subscribe to: the industries of config.yaml's taxonomy and the regions of the place gazetteer.

Users write choices in Chinese or as ids (``/subscribe 生物医药 广东``, ``/subscribe semiconductors 上海``), tap
them on keyboards, or follow deep links (``?start=sub-biomedicine-guangdong``). All three resolve here to industry
ids and region names, the gazetteer's short names (广东, 广州, 海珠), which is what events store and subscriptions
compare with. Provinces have fixed ascii ids (the table below; province-level divisions are a national standard,
not data that changes); cities and districts use their administrative codes (``4401`` is 广州).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from app.config import IndustryConfig
from db.models import ANY
from extract.gazetteer import Gazetteer, Place

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
# Words meaning "no restriction".
ANY_WORDS = frozenset({"*", "all", "any", "全部", "全国", "不限", "所有", "全部行业", "全部地区", "china"})
_SPLIT = re.compile(r"[\s,，、;；/|]+")


@dataclass(frozen=True, slots=True)
class Region:
    """A region users can subscribe to; ``name`` is what subscriptions store."""

    key: str  # ascii: a province id or an administrative code
    name: str
    full_name: str
    level: str
    province: str


@dataclass
class Parsed:
    industries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    unknown: list[tuple[str, list[str]]] = field(default_factory=list)  # word, closest valid choices

    @property
    def empty(self) -> bool:
        return not self.industries and not self.regions


class Choices:
    """Lookup of industries and regions by any name users may write."""

    def __init__(self, industries: Sequence[IndustryConfig], gazetteer: Gazetteer, featured: Sequence[str]) -> None:
        self.industries = list(industries)
        self._industry = {industry.id: industry for industry in industries}
        self._gazetteer = gazetteer
        self._featured = [name for name in featured if name in PROVINCE_IDS]

    # --- industries

    def industry_label(self, industry_id: str, language: str) -> str:
        industry = self._industry.get(industry_id)
        if industry is None:
            return industry_id
        return industry.en if language == "en" else industry.zh

    @cached_property
    def _industry_words(self) -> dict[str, str]:
        words: dict[str, str] = {}
        # Later assignments must not override earlier, more specific ones: keywords first, labels and ids last win.
        for industry in self.industries:
            for keyword in industry.keywords:
                words.setdefault(keyword.lower(), industry.id)
        for industry in self.industries:
            words[industry.en.lower()] = industry.id
            words[industry.zh.lower()] = industry.id
            words[industry.id.lower()] = industry.id
        return words

    # --- regions

    @cached_property
    def provinces(self) -> list[Region]:
        """Every province-level division, the featured ones (config ``regions.featured``) first."""
        places = [p for p in self._gazetteer.places if p.level == "province"]
        rank = {name: i for i, name in enumerate(self._featured)}
        places.sort(key=lambda p: (rank.get(p.short, len(rank)), list(PROVINCE_IDS).index(p.short)))
        return [self._region(p) for p in places if p.short in PROVINCE_IDS]

    @property
    def featured_provinces(self) -> list[Region]:
        return [r for r in self.provinces if r.name in self._featured] or self.provinces[:12]

    def cities_of(self, province: str) -> list[Region]:
        """The prefecture-level cities of a province; for 北京, 上海… (no prefectures) their districts."""
        inside = [p for p in self._gazetteer.places if p.province == province and p.level != "province"]
        cities = [p for p in inside if p.level == "city"] or inside
        return [self._region(p) for p in cities]

    def _region(self, place: Place) -> Region:
        key = PROVINCE_IDS.get(place.short, place.code) if place.level == "province" else place.code
        return Region(key, place.short, place.name, place.level, place.province)

    @cached_property
    def _region_words(self) -> dict[str, Region]:
        words: dict[str, Region] = {}
        by_rank = sorted(self._gazetteer.places, key=lambda p: {"province": 0, "city": 1, "county": 2}[p.level])
        ambiguous: set[str] = set()
        # Higher levels first: 吉林 is the province, 朝阳 the city rather than one of two districts.
        for place in by_rank:
            region = self._region(place)
            for word in (place.name, place.short, region.key):
                known = words.get(word)
                if known is None:
                    words[word] = region
                elif known.level == region.level and known.name != region.name:
                    ambiguous.add(word)
        for word in ambiguous:
            if words[word].level == "county":
                del words[word]
        return words

    def region_by_key(self, key: str) -> Region | None:
        region = self._region_words.get(key)
        return region if region is not None and region.key == key else None

    def region_label(self, name: str, language: str) -> str:
        if name == ANY:
            return "全国" if language != "en" else "All of China"
        if language == "en" and name in PROVINCE_IDS:
            return f"{PROVINCE_IDS[name].replace('-', ' ').title()} ({name})"
        return name

    def region_name(self, name: str) -> Region | None:
        return self._region_words.get(name)

    # --- parsing what users write

    def parse(self, words: Iterable[str]) -> Parsed:
        """Sort words into industries and regions; the rest come back with the closest valid choices."""
        parsed = Parsed()
        for raw in words:
            for word in _SPLIT.split(raw.strip()):
                if not word:
                    continue
                lowered = word.lower()
                if lowered in ANY_WORDS:
                    continue
                if lowered in self._industry_words:
                    parsed.industries.append(self._industry_words[lowered])
                elif word in self._region_words or lowered in self._region_words:
                    parsed.regions.append(self._region_words.get(word, self._region_words.get(lowered)).name)  # type: ignore[union-attr]
                else:
                    parsed.unknown.append((word, self.closest(word)))
        parsed.industries = list(dict.fromkeys(parsed.industries))
        parsed.regions = list(dict.fromkeys(parsed.regions))
        return parsed

    @cached_property
    def _vocabulary(self) -> list[str]:
        names = [i.zh for i in self.industries] + [i.id for i in self.industries] + [i.en for i in self.industries]
        names += [r.name for r in self.provinces] + list(PROVINCE_IDS.values())
        names += [p.short for p in self._gazetteer.places if p.level == "city"]
        return list(dict.fromkeys(names))

    def closest(self, word: str, n: int = 3) -> list[str]:
        """Valid choices that look like ``word``: contained in it or containing it, then by similarity."""
        lowered = word.lower()
        contained = [v for v in self._vocabulary if len(v) >= 2 and (v.lower() in lowered or lowered in v.lower())]
        similar = difflib.get_close_matches(lowered, [v.lower() for v in self._vocabulary], n=n, cutoff=0.5)
        by_lower = {v.lower(): v for v in self._vocabulary}
        found = list(dict.fromkeys([*contained, *(by_lower[s] for s in similar)]))
        return found[:n]

    def parse_deep_link(self, payload: str) -> Parsed | None:
        """``sub-<industry>[-<region>]``: industry id (or ``all``) then a province id, a code, or nothing."""
        if not payload.startswith("sub-"):
            return None
        rest = payload[4:]
        for candidate in sorted([*self._industry, "all"], key=len, reverse=True):
            if rest == candidate or rest.startswith(candidate + "-"):
                region_key = rest[len(candidate) + 1 :]
                parsed = Parsed(industries=[] if candidate == "all" else [candidate])
                if region_key and region_key != "all":
                    region = self.region_by_key(region_key)
                    if region is None:
                        parsed.unknown.append((region_key, self.closest(region_key)))
                    else:
                        parsed.regions.append(region.name)
                return parsed
        return Parsed(unknown=[(rest, self.closest(rest.split("-")[0]))])

    def deep_link(self, industry: str, region: str) -> str:
        region_key = "all" if region == ANY else (self.region_name(region) or Region(region, "", "", "", "")).key
        return f"sub-{'all' if industry == ANY else industry}-{region_key}"
