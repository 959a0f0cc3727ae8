"""Reading the calendar's query parameters (``?industry=biomedicine,生物医药&region=广东,广州&lang=en``).

Industries are accepted by id, by their Chinese or English label or by one of their keywords from config.yaml
(`extract.taxonomy.Taxonomy.find`, the rule the bot and the CLI follow too). Regions are any province,
prefecture-level city or county-level unit of China, by short or full name (广东, 广东省, 广州, 海珠区), found in
the place gazetteer the extractors use; each matches the events that lie inside it. Anything else is a
:class:`FilterError` whose message names the value and lists what is accepted, for a 400 answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from db.matching import EVERYTHING, EventFilter, choice_filter, subscriptions_filter
from extract.gazetteer import Gazetteer
from extract.regions import Region, regions_of
from extract.taxonomy import Taxonomy

LANGUAGES = ("zh", "en")
# A filter longer than this is not a person's choice; refusing it keeps the cache keys and the work bounded.
MAX_VALUES = 40
MAX_VALUE_LENGTH = 60
_SPLIT_RE = re.compile(r"[,，、;；\s]+")


class FilterError(ValueError):
    """A query parameter we cannot use; the message says which and what would work."""


@dataclass(frozen=True, slots=True)
class Selection:
    """A validated choice from the query string, normalised: industry ids and region names in a stable order."""

    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    language: str = "zh"

    def query(self, *, with_language: bool = False) -> str:
        """The query string that selects the same events (for subscribe links and the feed's own URL)."""
        pairs: list[tuple[str, str]] = []
        if self.industries:
            pairs.append(("industry", ",".join(self.industries)))
        if self.regions:
            pairs.append(("region", ",".join(self.regions)))
        if with_language and self.language != "zh":
            pairs.append(("lang", self.language))
        return urlencode(pairs, safe=",")

    @property
    def key(self) -> str:
        return self.query(with_language=True)


class Vocabulary:
    """The names the filters understand: the configured industries and the gazetteer's places."""

    def __init__(self, taxonomy: Taxonomy, gazetteer: Gazetteer, featured_regions: Sequence[str]):
        self.taxonomy = taxonomy
        self.industries = taxonomy.industries
        self.featured_regions = tuple(featured_regions)
        self.regions = regions_of(gazetteer)

    def industry_label(self, industry_id: str, language: str) -> str:
        return self.taxonomy.label(industry_id, language)

    def industry_id(self, name: str) -> str | None:
        return self.taxonomy.find(name)

    def region(self, name: str) -> Region | None:
        return self.regions.resolve(name)

    def subscription_filter(self, rows: Iterable[tuple[str, str]]) -> EventFilter:
        """A subscriber's (industry, region) rows as a filter (`db.matching`, the rule alerts follow too)."""
        return subscriptions_filter(rows, self.regions)

    def to_filter(self, selection: Selection) -> EventFilter:
        if not selection.industries and not selection.regions:
            return EVERYTHING
        return choice_filter(selection.industries, selection.regions, self.regions)

    def parse(self, params: Mapping[str, Sequence[str]], *, allowed: Iterable[str] = ()) -> Selection:
        """Validate ``industry``, ``region`` and ``lang`` (each may repeat or hold a comma-separated list)."""
        known = {"industry", "region", "lang", *allowed}
        for name in params:
            if name not in known:
                raise FilterError(f"unknown query parameter {name!r} (expected: {', '.join(sorted(known))})")
        industries: list[str] = []
        for value in _values(params, "industry"):
            industry = self.industry_id(value)
            if industry is None:
                choices = ", ".join(f"{i.id} ({i.zh})" for i in self.industries)
                raise FilterError(f"unknown industry {value!r} (expected one of: {choices})")
            if industry not in industries:
                industries.append(industry)
        regions: list[str] = []
        for value in _values(params, "region"):
            region = self.region(value)
            if region is None:
                candidates = self.regions.candidates(value)
                if candidates:
                    raise FilterError(
                        f"region {value!r} is more than one place (expected one of: "
                        f"{', '.join(c.name for c in candidates)})"
                    )
                featured = ", ".join(self.featured_regions)
                raise FilterError(
                    f"unknown region {value!r} (expected a province, city or district of China, such as: {featured})"
                )
            # The canonical name (海珠区, 北京朝阳区): it means this region and no other, wherever it is stored.
            if region.name not in regions:
                regions.append(region.name)
        languages = [v for v in params.get("lang", ()) if v]
        language = languages[-1] if languages else "zh"
        if language not in LANGUAGES:
            raise FilterError(f"unknown language {language!r} (expected one of: {', '.join(LANGUAGES)})")
        order = {industry.id: index for index, industry in enumerate(self.industries)}
        return Selection(tuple(sorted(industries, key=order.__getitem__)), tuple(sorted(regions)), language)


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    values = [piece for raw in params.get(name, ()) for piece in _SPLIT_RE.split(raw.strip()) if piece]
    if len(values) > MAX_VALUES:
        raise FilterError(f"too many values for {name!r}: {len(values)} (at most {MAX_VALUES})")
    for value in values:
        if len(value) > MAX_VALUE_LENGTH:
            raise FilterError(f"{name} value too long: {value[:20]!r}… (at most {MAX_VALUE_LENGTH} characters)")
    return values
