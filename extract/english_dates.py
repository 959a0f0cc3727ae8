"""Dates in English press releases, read with dateparser.

English releases write a fair's dates in a handful of shapes: "June 27-30, 2025", "from June 27 to 30",
"Sept. 3-5", "3-5 September 2025", "from 27 to 30 June 2025", "June 28 - July 2", "on April 15", "in October
2025", and relative words in agency copy ("opened on Tuesday", "today"). The regexes here find those phrases
and cut them into their ends ("Sept. 3", "5"); each end is then parsed by **dateparser** (BSD-3-Clause), which is
strong exactly there: month names and abbreviations with or without a dot (Sept., Sep, September), ordinals
(3rd, 27th), either order of day and month, invalid days refused (February 30), weekdays and today/tomorrow
against a base date. For Chinese dates it found 1 of our 25 cases, so the Chinese reader (`extract.chinese_dates`) does
without it. `search_dates` is not used: on a whole release it takes numbers ("30,000 exhibitors", "the 137th")
for dates, and it costs milliseconds a sentence; the phrases found here are parsed in about half a millisecond
each, and only in sentences that name an event.

A date written without its year takes the year by the rule the Chinese reader uses (`extract.dates.
year_less_span`): the reading in the year before, of or after publication that fits the sentence's tense,
nearest the publication date, so "will be held June 27-30" in December is next June in both languages. Without a
publication date such a date is partial ("06-27"), as in Chinese.

The tense of a clause (`tense_at`, from `extract.english_tense`) is the caller's; what a date says of an event
(an opening, a closing …) is read by `extract.english_roles`.

dateparser is imported on first use: the command-line reader starts without it, and a stream of Chinese
articles never loads it. On import it notes the machine's UTC offset; the settings below never use it (nor the
clock, nor the machine's zone), so English dates depend on the text and the publication date only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from extract.dates import DateMention, relation_to, year_less_span
from extract.tense import Tense

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:%])(?!,\d)"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
# Between the two ends of a range: a dash, "to", "through", "until", "and" (June 27 and 28).
_TO = r"\s*(?:-|–|—|to|through|till|until|and)\s*"


def _tagged(tag: str, pattern: str) -> str:
    return f"(?P<{tag}>{pattern})"


# June 27-30, 2025 / June 27, 2025 to July 2, 2026 / Tuesday, June 27 / Sept. 3-5
_MDY_RE = re.compile(
    r"(?<![\w.])"
    + _WEEKDAY
    + _tagged("m1", _MONTH)
    + r"\s+"
    + _tagged("d1", _DAY)
    + rf"(?:,?\s+{_tagged('y1', _YEAR)})?"
    + rf"(?:{_TO}(?:{_tagged('m2', _MONTH)}\s+)?{_tagged('d2', _DAY)}(?:,?\s+{_tagged('y2', _YEAR)})?)?"
)
# 27-30 June 2025 / from 27 to 30 June / 28 June - 2 July 2025 / 15 April 2025
_DMY_RE = re.compile(
    r"(?<![\w.,])"
    + _WEEKDAY
    + _tagged("d1", _DAY)
    + rf"(?:\s+{_tagged('m1', _MONTH)}(?:,?\s+{_tagged('y1', _YEAR)})?)?"
    + rf"(?:{_TO}{_tagged('d2', _DAY)})?"
    + rf"\s+{_tagged('m2', _MONTH)}(?:,?\s+{_tagged('y2', _YEAR)})?"
)
# in October 2025 / in late October / during May: a month, read as the whole month (as the corpus spec files 6月中旬).
_MONTH_RE = re.compile(
    r"(?:(?<![\w.])(?:in|during|until|by|from|since)\s+(?:(?:early|mid|late|the end of|the beginning of)[\s-]+)?"
    + _tagged("m1", _MONTH)
    + rf"(?:,?\s+{_tagged('y1', _YEAR)})?"
    + r"|(?<![\w.])"
    + _tagged("m1b", _MONTH)
    + rf"\s+{_tagged('y1b', _YEAR)})"
    + r"(?!\s*\d)"
)
# 2025-09-03: the one numeric form that is not ambiguous between American and British order.
_ISO_RE = re.compile(r"(?<![\w.-])(?P<iso>(?:19|20)\d\d-[01]?\d-[0-3]?\d)(?![\w-])")
_RELATIVE_RE = re.compile(
    r"(?<![\w.])(?P<rel>today|tomorrow|yesterday|(?:(?<=on )|(?<=this )|(?<=next )|(?<=last ))"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?![\w,]\s*(?:" + _MONTH + r"|\d))"
)


# dateparser's settings. Each is set so that the result depends on the text and the publication date only:
# * RELATIVE_BASE: the publication date. It gives "today", "tomorrow" and weekdays their day and a year-less
#   phrase its first reading; without it dateparser would take the machine's clock, which `extract` never reads.
#   Without a publication date a fixed placeholder is passed and its years are never used (`_PLACEHOLDER`).
# * PREFER_DATES_FROM: "current_period" for phrases: a year-less "June 27" is read in the base's year, and the
#   year is then decided by the shared rule (`year_less_span`), which knows the sentence's tense; dateparser sees
#   only the phrase. For a weekday, "past" or "future" by the clause's tense ("opened on Tuesday" is the Tuesday
#   before publication, "will open on Tuesday" the one after).
# * REQUIRE_PARTS day and month for day phrases: a phrase that lost its day must fail, not become the 1st.
# * PREFER_DAY_OF_MONTH / PREFER_MONTH_OF_YEAR "first": a month phrase starts on the 1st; dateparser's default,
#   "current", reads the clock's day.
# * TIMEZONE "UTC", RETURN_AS_TIMEZONE_AWARE False: dates, not moments, and no look-up of the machine's zone.
# * PARSERS: only absolute dates for phrases, relative ones besides for today/weekdays: nothing else in
#   dateparser (timestamps, custom formats) gets a chance to read a number as a date.
# * languages ["en"]: the article's language is known; dateparser's own detection is slow and can err.
_PLACEHOLDER = datetime(2000, 1, 1)  # a leap year, so that "February 29" parses


@dataclass(frozen=True, slots=True)
class EnglishDate:
    """A date phrase of an English text: `mention` as the Chinese reader's (spans into the text scanned),
    `is_range` when it states both ends."""

    mention: DateMention
    is_range: bool


@dataclass(slots=True)
class _Phrase:
    start: int
    end: int
    m1: str | None = None
    d1: str | None = None
    y1: str | None = None
    m2: str | None = None
    d2: str | None = None
    y2: str | None = None
    kind: Literal["day", "month", "iso", "relative"] = "day"


def _scan(text: str) -> Iterator[_Phrase]:
    for m in _MDY_RE.finditer(text):
        yield _Phrase(m.start(), m.end(), m["m1"], m["d1"], m["y1"], m["m2"], m["d2"], m["y2"])
    for m in _DMY_RE.finditer(text):
        # 27-30 June 2025: the first end's month and year are the second's when it has none of its own.
        yield _Phrase(m.start(), m.end(), m["m1"] or m["m2"], m["d1"], m["y1"], m["m2"], m["d2"], m["y2"])
    for m in _MONTH_RE.finditer(text):
        # The phrase is the month and year; "in" only tells that a bare month is one ("in May", not "may").
        month, year = (m["m1"], m["y1"]) if m["m1"] else (m["m1b"], m["y1b"])
        yield _Phrase(m.start("m1") if m["m1"] else m.start(), m.end(), month, None, year, kind="month")
    for m in _ISO_RE.finditer(text):
        yield _Phrase(m.start(), m.end(), m["iso"], kind="iso")
    for m in _RELATIVE_RE.finditer(text):
        yield _Phrase(m.start(), m.end(), m["rel"], kind="relative")


def _select(phrases: list[_Phrase]) -> list[_Phrase]:
    """Leftmost-longest, non-overlapping (as `extract.date_patterns.leftmost_longest` selects Chinese mentions)."""
    phrases.sort(key=lambda p: (p.start, -(p.end - p.start)))
    chosen: list[_Phrase] = []
    last_end = -1
    for phrase in phrases:
        if phrase.start >= last_end:
            chosen.append(phrase)
            last_end = phrase.end
    return chosen


@lru_cache(maxsize=64)
def _parser(kind: str, base: datetime, prefer: str) -> Any:
    """A dateparser parser for one kind of phrase and one base date (kept for the few base dates of a day's
    stream: building one costs more than a parse)."""
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]  # no type information shipped

    settings: dict[str, Any] = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
        "TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": False,
        # A weekday is read by the absolute parser against the base, today/tomorrow by the relative one.
        "PARSERS": ["relative-time", "absolute-time"] if kind == "relative" else ["absolute-time"],
    }
    if kind == "day":
        settings["REQUIRE_PARTS"] = ["day", "month"]
    elif kind == "month":
        settings["REQUIRE_PARTS"] = ["month"]
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)  # bounded: the service runs for months; a release repeats its dates a few times
def _parse(phrase: str, kind: str, base: datetime, prefer: str = "current_period") -> date | None:
    """One end of a phrase ("Sept. 3", "3 September 2025", "October 2025", "Tuesday"), parsed by dateparser."""
    data = _parser(kind, base, prefer).get_date_data(phrase)
    moment = data["date_obj"] if data is not None else None
    return moment.date() if isinstance(moment, datetime) else None


def _end_text(month: str, day: str, year: str | None) -> str:
    return f"{month} {day}" + (f" {year}" if year else "")


def find_english_dates(
    text: str,
    start: int,
    end: int,
    *,
    published: date | None,
    tense_at: Callable[[int], tuple[Tense | None, bool]],
) -> list[EnglishDate]:
    """The date phrases of ``text[start:end]``, in text order, resolved against `published`.

    `tense_at(offset)` gives the tense of the clause at an offset of `text` and whether a strong marker says it.
    """
    base = datetime(published.year, published.month, published.day) if published else _PLACEHOLDER
    found: list[EnglishDate] = []
    for phrase in _select(list(_scan(text[start:end]))):
        span = (start + phrase.start, start + phrase.end)
        tense, marked = tense_at(span[0])
        resolved = _resolve(phrase, span, base, published, tense, marked)
        if resolved is not None:
            found.append(resolved)
    return found


def _resolve(
    phrase: _Phrase,
    span: tuple[int, int],
    base: datetime,
    published: date | None,
    tense: Tense | None,
    marked: bool,
) -> EnglishDate | None:
    if phrase.kind == "relative":
        if published is None:
            return None  # "today" without a day to be today
        word = phrase.m1 or ""
        if word.lower() == published.strftime("%A").lower():
            # Agency copy names the day of the report by its weekday: "opened on Tuesday" filed on a Tuesday.
            day: date | None = published
        else:
            prefer = "past" if tense == "past" else "future" if tense == "future" else "current_period"
            day = _parse(word, "relative", base, prefer)
        if day is None:
            return None
        return EnglishDate(
            DateMention(span, day, day, None, None, "day", relation_to(day, day, published, tense)), False
        )
    if phrase.kind == "iso":
        day = _parse(phrase.m1 or "", "day", base)
        if day is None:
            return None
        return EnglishDate(
            DateMention(span, day, day, None, None, "day", relation_to(day, day, published, tense)), False
        )
    if phrase.kind == "month":
        return _month(phrase, span, base, published, tense, marked)
    return _days(phrase, span, base, published, tense, marked)


def _month(
    phrase: _Phrase,
    span: tuple[int, int],
    base: datetime,
    published: date | None,
    tense: Tense | None,
    marked: bool,
) -> EnglishDate | None:
    first = _parse(_end_text(phrase.m1 or "", "", phrase.y1).replace("  ", " ").strip(), "month", base)
    if first is None:
        return None
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if phrase.y1 is None:
        if published is None:
            return EnglishDate(
                DateMention(span, None, None, None, None, "month", relation_to(None, None, None, tense)), False
            )
        resolved = year_less_span(
            first.month, 1, first.month, last.day, tense=tense, published=published, marked=marked
        )
        if resolved is None:
            return None
        first, last = resolved
    return EnglishDate(
        DateMention(span, first, last, None, None, "month", relation_to(first, last, published, tense)), False
    )


def _days(
    phrase: _Phrase,
    span: tuple[int, int],
    base: datetime,
    published: date | None,
    tense: Tense | None,
    marked: bool,
) -> EnglishDate | None:
    assert phrase.m1 is not None
    assert phrase.d1 is not None
    is_range = phrase.d2 is not None
    # "June 28 - July 2, 2025": a year written once, after the range, is both ends'.
    year1 = phrase.y1 or phrase.y2
    year2 = phrase.y2 or phrase.y1
    first = _parse(_end_text(phrase.m1, phrase.d1, year1), "day", base)
    if first is None:
        return None
    last = first
    if is_range:
        assert phrase.d2 is not None
        last_parsed = _parse(_end_text(phrase.m2 or phrase.m1, phrase.d2, year2), "day", base)
        if last_parsed is None:
            return None
        last = last_parsed
    if year1 is None:
        if published is None:
            partial = f"{first.month:02d}-{first.day:02d}"
            partial_end = f"{last.month:02d}-{last.day:02d}"
            return EnglishDate(
                DateMention(span, None, None, partial, partial_end, "day", relation_to(None, None, None, tense)),
                is_range,
            )
        resolved = year_less_span(
            first.month, first.day, last.month, last.day, tense=tense, published=published, marked=marked
        )
        if resolved is None:
            return None
        first, last = resolved
    elif last < first:
        if phrase.y1 and phrase.y2:
            return None  # "June 30, 2025 to June 27, 2025": no reading makes sense
        if last.month >= first.month:
            return None  # "June 30-27"
        if phrase.y1 is None:
            first = first.replace(year=first.year - 1)  # "December 30 - January 2, 2026"
        else:
            last = last.replace(year=last.year + 1)  # "December 30, 2025 - January 2"
    if last - first > timedelta(days=366):
        return None
    return EnglishDate(
        DateMention(span, first, last, None, None, "day", relation_to(first, last, published, tense)), is_range
    )
