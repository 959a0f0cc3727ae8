"""Reading the calendar's query parameters (``?industry=biomedicine,生物医药&region=广东,广州&lang=en``).

Industries are accepted by id, by their Chinese or English label or by one of their keywords from config.yaml
(`extract.taxonomy.Taxonomy.find`, the rule the bot and the CLI follow too). Regions are any province,
prefecture-level city or county-level unit of China, by short or full name (广东, 广东省, 广州, 海珠区), found in
the place gazetteer the extractors use, or a regional group (粤港澳大湾区, 长三角: `extract.regions`); each matches the
events that lie inside it. Anything else is a :class:`Problem` that names the value and the closest valid choices:
the page answers 400 with its form, the user's other filters kept and the problem said in the page's language; a
feed answers a plain-text 400 (:class:`FilterError`). ``q`` is search words over names and venues (`db.matching`'s
rule, for the page and the feeds alike); ``when=past`` is the page's view of recent events (feeds have none).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast
from urllib.parse import urlencode

from bot.choices import Choices
from db.matching import EVERYTHING, EventFilter, choice_filter, subscriptions_filter
from extract.gazetteer import Gazetteer
from extract.region_groups import RegionGroup
from extract.regions import Region, regions_of
from extract.taxonomy import Taxonomy

LANGUAGES = ("zh", "en")
When = Literal["upcoming", "past"]
VIEWS: tuple[When, ...] = ("upcoming", "past")
# A filter longer than this is not a person's choice; refusing it keeps the cache keys and the work bounded.
MAX_VALUES = 40
MAX_VALUE_LENGTH = 60
_SPLIT_RE = re.compile(r"[,，、;；\s]+")


@dataclass(frozen=True, slots=True)
class Problem:
    """One query parameter we cannot use: what kind of problem (``code``), the value as written, and the valid
    choices closest to it. The page says it in the reader's language (`web.pages`); feeds say `message`."""

    code: Literal[
        "unknown_parameter",
        "unknown_industry",
        "unknown_region",
        "ambiguous_region",
        "unknown_language",
        "unknown_view",
        "too_many",
        "too_long",
    ]
    parameter: str
    value: str
    choices: tuple[str, ...] = ()
    # How the choices read in `message`, when not as themselves (industry ids with their label: ai (人工智能)).
    described: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """In English, for the feed's plain-text 400 answer and the log."""
        choices = ", ".join(self.described or self.choices)
        return {
            "unknown_parameter": f"unknown query parameter {self.value!r} (expected: {choices})",
            "unknown_industry": f"unknown industry {self.value!r} (expected one of: {choices})",
            "unknown_region": f"unknown region {self.value!r} (expected a province, city or district of China, "
            f"or a group such as 粤港澳大湾区, like: {choices})",
            "ambiguous_region": f"region {self.value!r} is more than one place (expected one of: {choices})",
            "unknown_language": f"unknown language {self.value!r} (expected one of: {choices})",
            "unknown_view": f"unknown view {self.value!r} (expected one of: {choices})",
            "too_many": f"too many values for {self.parameter!r}: {self.value} (at most {MAX_VALUES})",
            "too_long": f"{self.parameter} value too long: {self.value[:20]!r}… "
            f"(at most {MAX_VALUE_LENGTH} characters)",
        }[self.code]


class FilterError(ValueError):
    """A query parameter we cannot use; the message says which and what would work."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Selection:
    """A validated choice from the query string, normalised: industry ids and region names in a stable order."""

    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    language: str = "zh"
    # Search words over names and venues (``?q=``), spaces collapsed; "" searches nothing.
    text: str = ""
    # The page's view (``?when=``): coming events, or those of the last days (`web.calendar.PAST_DAYS`).
    when: When = "upcoming"

    def query(self, *, with_language: bool = False, with_view: bool = False) -> str:
        """The query string that selects the same events (for subscribe links and the feed's own URL); with the
        language and the page's view, for the page's own links."""
        pairs: list[tuple[str, str]] = []
        if self.industries:
            pairs.append(("industry", ",".join(self.industries)))
        if self.regions:
            pairs.append(("region", ",".join(self.regions)))
        if self.text:
            pairs.append(("q", self.text))
        if with_view and self.when != "upcoming":
            pairs.append(("when", self.when))
        if with_language and self.language != "zh":
            pairs.append(("lang", self.language))
        return urlencode(pairs, safe=",")

    @property
    def key(self) -> str:
        return self.query(with_language=True)

    @property
    def filtered(self) -> bool:
        return bool(self.industries or self.regions or self.text)


class Vocabulary:
    """The names the filters understand: the configured industries and the gazetteer's places."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        gazetteer: Gazetteer,
        featured_regions: Sequence[str],
        groups: Sequence[RegionGroup] = (),
    ):
        self.taxonomy = taxonomy
        self.industries = taxonomy.industries
        self.featured_regions = tuple(featured_regions)
        # The config's groupings (粤港澳大湾区 …) are regions too: the same vocabulary the bot and the alerts read.
        self.regions = regions_of(gazetteer, tuple(groups))
        # The bot's reading of words and deep links (`bot.choices`): the page offers the same subscriptions.
        self.choices = Choices(taxonomy, gazetteer, featured_regions, groups)

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
        if not selection.filtered:
            return EVERYTHING
        return choice_filter(selection.industries, selection.regions, self.regions, text=selection.text)

    def parse(self, params: Mapping[str, Sequence[str]], *, allowed: Iterable[str] = ()) -> Selection:
        """Validate ``industry``, ``region`` and ``lang`` (each may repeat or hold a comma-separated list); the first
        problem is a :class:`FilterError`."""
        selection, problems = self.read(params, allowed=allowed)
        if problems:
            raise FilterError(problems[0])
        return selection

    def read(
        self, params: Mapping[str, Sequence[str]], *, allowed: Iterable[str] = ()
    ) -> tuple[Selection, list[Problem]]:
        """What `parse` reads, without giving up at a problem: the selection of every usable value, and a
        :class:`Problem` for each value that is not (so the page can say what was wrong and keep the rest)."""
        problems: list[Problem] = []
        known = {"industry", "region", "q", "lang", *allowed}
        for name in params:
            if name not in known:
                problems.append(Problem("unknown_parameter", name, name, tuple(sorted(known))))
        industries: list[str] = []
        for value in _values(params, "industry", problems):
            industry = self.industry_id(value)
            if industry is None:
                closest = [found for c in self.choices.closest(value) if (found := self.industry_id(c))]
                ids = tuple(dict.fromkeys(closest)) or tuple(i.id for i in self.industries)
                described = tuple(f"{i} ({self.industry_label(i, 'zh')})" for i in ids)
                problems.append(Problem("unknown_industry", "industry", value, ids, described))
            elif industry not in industries:
                industries.append(industry)
        regions: list[str] = []
        for value in _values(params, "region", problems):
            region = self.region(value)
            if region is None:
                problems.append(self._region_problem(value))
            # The canonical name (海珠区, 北京朝阳区): it means this region and no other, wherever it is stored.
            elif region.name not in regions:
                regions.append(region.name)
        languages = [v for v in params.get("lang", ()) if v]
        language = languages[-1] if languages else "zh"
        if language not in LANGUAGES:
            problems.append(Problem("unknown_language", "lang", language, LANGUAGES))
            language = "zh"
        text = " ".join(" ".join(params.get("q", ())).split())
        if len(text) > MAX_VALUE_LENGTH:
            problems.append(Problem("too_long", "q", text))
            text = ""
        views = [v for v in params.get("when", ()) if v]
        when = views[-1] if views else "upcoming"
        if when not in VIEWS:
            problems.append(Problem("unknown_view", "when", when, VIEWS))
            when = "upcoming"
        selection = self.selection(industries, regions, language)
        return dataclasses.replace(selection, text=text, when=cast(When, when)), problems

    def selection(self, industries: Iterable[str], regions: Iterable[str], language: str) -> Selection:
        """Industry ids and canonical region names in the stable order links and cache keys use."""
        order = {industry.id: index for index, industry in enumerate(self.industries)}
        chosen = sorted(dict.fromkeys(industries), key=order.__getitem__)
        return Selection(tuple(chosen), tuple(sorted(dict.fromkeys(regions))), language)

    def _region_problem(self, value: str) -> Problem:
        candidates = self.regions.candidates(value)
        if candidates:
            return Problem("ambiguous_region", "region", value, tuple(c.name for c in candidates))
        closest = [c for c in self.choices.closest(value) if self.region(c) is not None]
        examples = closest or [*self.featured_regions[:6], *(group.name for group in self.regions.groups)]
        return Problem("unknown_region", "region", value, tuple(dict.fromkeys(examples)))


def _values(params: Mapping[str, Sequence[str]], name: str, problems: list[Problem]) -> list[str]:
    values = [piece for raw in params.get(name, ()) for piece in _SPLIT_RE.split(raw.strip()) if piece]
    if len(values) > MAX_VALUES:
        problems.append(Problem("too_many", name, str(len(values))))
        return []
    usable = []
    for value in values:
        if len(value) > MAX_VALUE_LENGTH:
            problems.append(Problem("too_long", name, value))
        else:
            usable.append(value)
    return usable
