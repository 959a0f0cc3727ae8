"""A date mention (`DateMention`) and the calendar rules every language's reader shares.

The Chinese reader finds its mentions with `extract.chinese_dates.find_dates`, the English one with
`extract.english_dates`; both give `DateMention`s, and both place a date written without its year
(`year_less_span`, `pick_reading`) and compare a date with the publication date (`relation_to`) by the rules
here, so one fair reported in both languages gets the same days.

Precision:

* ``day``: the day is known (``start_time`` carries a clock time when given);
* ``month``: a span of up to a month: a month, or a week (上周, 本周); a
  ten-day part of a month (上旬/中旬/下旬, 月初/月中/月底) is read as its whole
  month, as the corpus spec files it (the part still steers the year and
  the relation to the publication date: 本月下旬 on the 5th is to come);
* ``vague``: coarser than a month.  For a year (2023年, 去年) ``start``/``end``
  are the year's bounds; for 近日/日前/近期 they are None.

Without a publication date and without a year, a day-precision date is reported as
``partial_start``/``partial_end`` ("MM-DD") with ``start``/``end`` None.

``relation`` compares the mention with the publication date (``before`` when
it ends earlier, ``after`` when it starts later, ``unknown`` when it overlaps
it); without a publication date it comes from the sentence's tense.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time
from typing import Literal

from extract.tense import Tense

Precision = Literal["day", "month", "vague"]
Relation = Literal["before", "after", "unknown"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression and what it resolves to."""

    span: tuple[int, int]
    start: date | None
    end: date | None
    partial_start: str | None
    partial_end: str | None
    precision: Precision
    relation: Relation
    start_time: time | None = None


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def part_span(y: int, m: int, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(y, m)[1]
    if part in ("上旬", "初"):
        return date(y, m, 1), date(y, m, 10)
    if part in ("中旬", "中"):
        return date(y, m, 11), date(y, m, 20)
    if part in ("下旬", "底", "末"):
        return date(y, m, 21), date(y, m, last)
    return date(y, m, 1), date(y, m, last)


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


_TENSE_HORIZON_DAYS = 180
_NEAR_DAYS = 31


def pick_reading(
    spans: list[tuple[date, date]],
    tense: Tense | None,
    published: date,
    marked: bool = True,
) -> tuple[date, date] | None:
    """The candidate that fits the tense, nearest the publication date.

    A date is written without its year only when it is near the publication date, so a tense resting on a weak
    marker only (`marked` False: a bare 举行) does not push it half a year away when the other reading is within
    a month: a headline's 5月16日—20日举行 on 5 May is this month's fair, not last year's. 将于/成功举办 decide.
    """
    if not spans:
        return None

    def distance(s: tuple[date, date]) -> tuple[int, int]:
        if s[0] <= published <= s[1]:
            return 0, 0
        gap = (s[0] - published).days if s[0] > published else (published - s[1]).days
        return gap, 0 if s[0] <= published else 1

    nearest = min(spans, key=distance)
    fitting: list[tuple[date, date]] = []
    if tense == "future":
        fitting = [s for s in spans if s[1] >= published]
        chosen = min(fitting, key=lambda s: s[0]) if fitting else None
    elif tense == "past":
        fitting = [s for s in spans if s[0] <= published]
        chosen = max(fitting, key=lambda s: s[0]) if fitting else None
    else:
        chosen = None
    if chosen is None:
        return nearest
    if not marked and distance(chosen)[0] > _TENSE_HORIZON_DAYS and distance(nearest)[0] <= _NEAR_DAYS:
        return nearest
    return chosen


def relation_to(start: date | None, end: date | None, published: date | None, tense: Tense | None) -> Relation:
    """How a date compares with the publication date (`DateMention.relation`), for every language's reader."""
    if published is not None and start is not None and end is not None:
        if end < published:
            return "before"
        if start > published:
            return "after"
        return "unknown"
    return "after" if tense == "future" else "before" if tense == "past" else "unknown"


def year_less_span(
    month: int,
    day: int,
    end_month: int | None,
    end_day: int | None,
    *,
    tense: Tense | None,
    published: date,
    marked: bool = True,
) -> tuple[date, date] | None:
    """The days a date written without its year means (6月27日至30日, or English "June 27-30"), by the one rule
    of this module: of the readings in the year before, of and after publication, the one that fits the tense,
    nearest the publication date (`pick_reading`); a range whose end comes before its start runs into the next
    year (12月30日至1月2日). None when the day exists in none of those years (2月30日).

    Shared so that every language's year-less dates take the same year (`extract.english_dates`).
    """
    candidates: list[tuple[date, date]] = []
    for year in (published.year - 1, published.year, published.year + 1):
        start = safe_date(year, month, day)
        if start is None:
            continue
        end: date | None = start
        if end_month is not None and end_day is not None:
            end = safe_date(year, end_month, end_day)
            if end is not None and end < start:
                end = safe_date(year + 1, end_month, end_day)
        if end is not None:
            candidates.append((start, end))
    return pick_reading(candidates, tense, published, marked)
