"""What users can subscribe to: the industries of config.yaml's taxonomy and the regions of the place gazetteer.

Users write choices in Chinese or as ids (``/subscribe 生物医药 广东``, ``/subscribe semiconductors 上海``), tap
them on keyboards, or follow deep links (``?start=sub-biomedicine-guangdong``, ``sub-ai-robotics-guangdong-4401``:
several of each, as the page's "get alerts in Telegram" link carries them). All three resolve here to industry
ids and regions' canonical names (广东, 广州, 海珠区, 北京朝阳区, 粤港澳大湾区: `extract.regions`, the vocabulary the
page and the alert queries share), which is what subscriptions store. Provinces have fixed ascii ids (`extract.regions.
PROVINCE_IDS`); cities and districts use their administrative codes (``4401`` is 广州).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from db.models.subscribers import ANY
from extract.gazetteer import Gazetteer
from extract.region_groups import RegionGroup
from extract.regions import PROVINCE_IDS, Region, RegionVocabulary, regions_of
from extract.taxonomy import Taxonomy

# Telegram's limit on a deep link's start parameter, and the characters it allows.
DEEP_LINK_MAX = 64
_DEEP_LINK_RE = re.compile(r"^[A-Za-z0-9_-]+$")
# Words meaning "no restriction".
ANY_WORDS = frozenset({"*", "all", "any", "全部", "全国", "不限", "所有", "全部行业", "全部地区", "china"})
_SPLIT = re.compile(r"[\s,，、;；/|]+")


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

    def __init__(
        self, taxonomy: Taxonomy, gazetteer: Gazetteer, featured: Sequence[str], groups: Sequence[RegionGroup] = ()
    ) -> None:
        self.taxonomy = taxonomy
        self.industries = list(taxonomy.industries)
        self.gazetteer = gazetteer
        self._regions = regions_of(gazetteer, tuple(groups))
        self._featured = [name for name in featured if name in PROVINCE_IDS]

    # --- industries

    @property
    def regions(self) -> RegionVocabulary:
        """Every region under every name users give it, with the config's groupings: the one vocabulary the
        alerts, reminders and filters read too (and places an admin writes)."""
        return self._regions

    def industry_label(self, industry_id: str, language: str) -> str:
        return self.taxonomy.label(industry_id, language)

    # --- regions: one vocabulary with the page and the alert queries (`extract.regions`)

    @cached_property
    def provinces(self) -> list[Region]:
        """Every province-level division, the featured ones (config ``regions.featured``) first."""
        rank = {name: i for i, name in enumerate(self._featured)}
        order = list(PROVINCE_IDS)
        return sorted(self._regions.provinces(), key=lambda r: (rank.get(r.short, len(rank)), order.index(r.short)))

    @property
    def featured_provinces(self) -> list[Region]:
        return [r for r in self.provinces if r.name in self._featured] or self.provinces[:12]

    def cities_of(self, province: str) -> list[Region]:
        """The prefecture-level cities of a province; for 北京, 上海… (no prefectures) their districts."""
        return self._regions.cities_of(province)

    def region_by_key(self, key: str) -> Region | None:
        region = self._regions.resolve(key)
        return region if region is not None and region.key == key else None

    def region_label(self, name: str, language: str) -> str:
        if name == ANY:
            return "全国" if language != "en" else "All of China"
        if language == "en" and name in PROVINCE_IDS:
            return f"{PROVINCE_IDS[name].replace('-', ' ').title()} ({name})"
        region = self._regions.resolve(name)
        if language == "en" and region is not None and region.english:
            return f"{region.english} ({region.name})"
        return name

    def region_name(self, name: str) -> Region | None:
        return self._regions.resolve(name)

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
                if (industry := self.taxonomy.find(word)) is not None:
                    parsed.industries.append(industry)
                elif (region := self._regions.resolve(word)) is not None:
                    parsed.regions.append(region.name)
                else:
                    # 鼓楼区 is four districts: offer them rather than guess.
                    candidates = [c.name for c in self._regions.candidates(word)]
                    parsed.unknown.append((word, candidates or self.closest(word)))
        parsed.industries = list(dict.fromkeys(parsed.industries))
        parsed.regions = list(dict.fromkeys(parsed.regions))
        return parsed

    @cached_property
    def _vocabulary(self) -> list[str]:
        names = [i.zh for i in self.industries] + [i.id for i in self.industries] + [i.en for i in self.industries]
        names += [r.name for r in self.provinces] + list(PROVINCE_IDS.values())
        names += [r.name for r in self._regions.groups]
        names += [r.name for r in self._regions.regions if r.level == "city"]
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
        """``sub-<industries>-<regions>`` (`deep_link`): industry ids (or ``all``), then region keys (province ids,
        administrative codes, group keys, or ``all``), all joined by ``-``; each value is the longest known one at its
        place, so ids with a ``-`` inside (new-energy-vehicles, inner-mongolia) read whole. None if not ``sub-``."""
        if not payload.startswith("sub-"):
            return None
        tokens = payload[4:].split("-")
        industries = {*self.taxonomy.ids, "all"}
        parsed = Parsed()
        position = 0
        while position < len(tokens):
            found = _longest(tokens, position, industries.__contains__)
            if found is None:
                break
            industry, position = found
            if industry != "all":
                parsed.industries.append(industry)
        if position == 0:
            rest = "-".join(tokens)
            return Parsed(unknown=[(rest, self.closest(tokens[0]))])
        while position < len(tokens):
            found = _longest(tokens, position, lambda key: key == "all" or self.region_by_key(key) is not None)
            if found is None:
                rest = "-".join(tokens[position:])
                parsed.unknown.append((rest, self.closest(tokens[position])))
                break
            key, position = found
            region = self.region_by_key(key)
            if region is not None:
                parsed.regions.append(region.name)
        parsed.industries = list(dict.fromkeys(parsed.industries))
        parsed.regions = list(dict.fromkeys(parsed.regions))
        return parsed

    def deep_link(self, industries: Iterable[str], regions: Iterable[str]) -> str | None:
        """The ``start`` payload that subscribes to every chosen industry in every chosen region (empty: all), the
        one rule behind the bot's own links and the page's "get alerts in Telegram"; None when it does not fit in
        Telegram's 64 characters."""
        industry_ids = [industry for industry in industries if industry != ANY] or ["all"]
        keys = [(self._regions.resolve(r) or Region.unknown(r)).key for r in regions if r != ANY] or ["all"]
        payload = "-".join(["sub", *industry_ids, *keys])
        return payload if len(payload) <= DEEP_LINK_MAX and _DEEP_LINK_RE.match(payload) else None


def _longest(tokens: list[str], start: int, known: Callable[[str], bool]) -> tuple[str, int] | None:
    """The longest run of tokens from ``start`` that joined by ``-`` is a known value, and where it ends."""
    for end in range(len(tokens), start, -1):
        candidate = "-".join(tokens[start:end])
        if known(candidate):
            return candidate, end
    return None
