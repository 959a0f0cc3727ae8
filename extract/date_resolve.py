"""What one Chinese date expression (`extract.date_patterns.RawDate`) means: its days, precision and relation.

A date written without a year takes, in order: an explicit year earlier in
the same sentence; an explicit year earlier in the paragraph, unless that
contradicts the sentence's tense relative to the publication date; the year
that fits the sentence's tense (`extract.tense`): future → on/after
publication, past → on/before, no tense → the nearest (`extract.dates.pick_reading`);
a weekday annotation (周二) narrows the candidate years.  A day written alone (20日)
takes the month last written in its paragraph, else the month around publication
that fits.  Relative words (明天, 下周三, 下月) count from the publication date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from extract.date_patterns import RawDate
from extract.dates import (
    DateMention,
    Precision,
    Relation,
    add_months,
    part_span,
    pick_reading,
    relation_to,
    safe_date,
)
from extract.tense import Tense

_FUTURE_WORDS = ("明", "下", "后", "来")
_PAST_WORDS = ("昨", "上", "去", "前")


@dataclass(slots=True)
class YearContext:
    """The last explicit year, and the sentence and paragraph it was written in."""

    year: int
    sentence: int
    paragraph: int


def _direction(word: str) -> Tense | None:
    if word.startswith(_FUTURE_WORDS):
        return "future"
    if word.startswith(_PAST_WORDS):
        return "past"
    return None


def _year_for(
    raw: RawDate,
    tense: Tense | None,
    published: date | None,
    year_ctx: YearContext | None,
    sentence: int,
    marked: bool = True,
) -> int | None:
    """The year for a date written without one, or None when it cannot be known."""
    if raw.year is not None:
        return raw.year
    if raw.rel_year is not None:
        return published.year + raw.rel_year if published is not None else None
    if year_ctx is not None and year_ctx.sentence == sentence:
        return year_ctx.year
    assert raw.month is not None
    if published is None:
        return year_ctx.year if year_ctx is not None else None

    def span_in(y: int) -> tuple[date, date] | None:
        assert raw.month is not None
        if raw.kind == "month":
            first = raw.month_a if raw.month_a is not None else raw.month
            return part_span(y, first, raw.part)[0], part_span(y, raw.month, raw.part)[1]
        start = safe_date(y, raw.month, raw.day or 1)
        if start is None:
            return None
        return start, _range_end(raw, start) or start

    if year_ctx is not None and year_ctx.year <= published.year + 1:
        span = span_in(year_ctx.year)
        # A paragraph-level year that contradicts the tense is background
        # (2022年营收…; 将于6月举办), so it does not decide; nor does a target year
        # beyond next year (到2060年实现…): a history (2021年…；3月2日…) still carries.
        if span is not None and not (
            (tense == "future" and span[1] < published) or (tense == "past" and span[0] > published)
        ):
            return year_ctx.year
    years = [published.year - 1, published.year, published.year + 1]
    spans = {y: s for y in years if (s := span_in(y)) is not None}
    if raw.weekday is not None:
        matching = {y: s for y, s in spans.items() if s[0].weekday() == raw.weekday}
        spans = matching or spans
    chosen = pick_reading(list(spans.values()), tense, published, marked)
    return chosen[0].year if chosen else None


def _range_end(raw: RawDate, start: date) -> date | None:
    if raw.day2 is None or raw.month2 is None:
        return None
    year2 = raw.year2 if raw.year2 is not None else start.year
    end = safe_date(year2, raw.month2, raw.day2)
    if end is not None and end < start and raw.year2 is None:
        if raw.month2 >= start.month:
            return None  # 6月30日至27日: no reading makes sense
        end = safe_date(year2 + 1, raw.month2, raw.day2)  # 12月30日至1月2日
    return end


def resolve_date(
    raw: RawDate,
    tense: Tense | None,
    published: date | None,
    year_ctx: YearContext | None,
    month_ctx: tuple[int | None, int, int] | None,
    sentence: int,
    marked: bool = True,
) -> DateMention | None:
    """`raw` as a mention: None when it names no date (2月30日, a range that ends before it starts, a day written
    alone with neither a month before it nor a publication date). `month_ctx` is (year, month, paragraph) of the
    last month written; `marked` whether the tense rests on a strong marker (`pick_reading`)."""
    span = (raw.start, raw.end)
    if raw.kind == "dayonly":
        if month_ctx is None and published is None:
            return None
        if month_ctx is not None:
            raw.month = month_ctx[1]
            if month_ctx[0] is not None:
                raw.year = month_ctx[0]
        else:
            assert published is not None
            # 20日 with no month in sight: the month around publication that fits.
            months = [add_months(published.year, published.month, k) for k in (-1, 0, 1)]
            cands = [(d, d) for y, m in months if (d := safe_date(y, m, raw.day or 0)) is not None]
            chosen = pick_reading(cands, tense, published)
            if chosen is None:
                return None
            raw.year, raw.month = chosen[0].year, chosen[0].month
        raw.kind = "day"
        raw.month2 = raw.month if raw.day2 is not None else None

    if raw.kind == "day":
        assert raw.month is not None
        assert raw.day is not None
        year = _year_for(raw, tense, published, year_ctx, sentence, marked)
        if year is None:
            if raw.day2 is not None and raw.month2 is not None:
                if (raw.month2, raw.day2) < (raw.month, raw.day) and raw.month2 >= raw.month:
                    return None
                partial_end = f"{raw.month2:02d}-{raw.day2:02d}"
            else:
                partial_end = f"{raw.month:02d}-{raw.day:02d}"
            if raw.day > (29 if raw.month == 2 else calendar.monthrange(2001, raw.month)[1]):
                return None
            return DateMention(
                span,
                None,
                None,
                f"{raw.month:02d}-{raw.day:02d}",
                partial_end,
                "day",
                relation_to(None, None, None, tense),
                raw.clock,
            )
        start = safe_date(year, raw.month, raw.day)
        if start is None:
            return None
        end = _range_end(raw, start) if raw.day2 is not None else start
        if end is None or end < start:
            return None
        return DateMention(span, start, end, None, None, "day", relation_to(start, end, published, tense), raw.clock)

    if raw.kind == "month":
        assert raw.month is not None
        year = _year_for(raw, tense, published, year_ctx, sentence, marked)
        if year is None:
            return DateMention(span, None, None, None, None, "month", relation_to(None, None, None, tense))
        first = raw.month_a if raw.month_a is not None else raw.month
        # The spec files a part of a month (3月底, 6月中旬) as month precision: the whole month, because the part
        # is a plan's rough aim, not days a planner can book.
        start = part_span(year, first, None)[0]
        end = part_span(year, raw.month, None)[1]
        part = part_span(year, first, raw.part)[0], part_span(year, raw.month, raw.part)[1]
        return DateMention(span, start, end, None, None, "month", relation_to(*part, published, tense))

    if raw.kind == "year":
        year = raw.year
        if year is None and raw.rel_year is not None and published is not None:
            year = published.year + raw.rel_year
        if year is None:
            shift = raw.rel_year or 0
            way: Tense | None = "future" if shift > 0 else "past" if shift < 0 else None
            return DateMention(span, None, None, None, None, "vague", relation_to(None, None, None, way))
        start, end = date(year, 1, 1), date(year, 12, 31)
        return DateMention(span, start, end, None, None, "vague", relation_to(start, end, published, tense))

    if raw.kind == "relday":
        direction = _direction(raw.word)
        if published is None:
            return DateMention(span, None, None, None, None, "day", relation_to(None, None, None, direction), raw.clock)
        day = published + timedelta(days=raw.offset)
        return DateMention(span, day, day, None, None, "day", relation_to(day, day, published, direction), raw.clock)

    if raw.kind == "week":
        direction = _direction(raw.word)
        if published is None:
            precision: Precision = "day" if raw.weekday is not None else "month"
            return DateMention(span, None, None, None, None, precision, relation_to(None, None, None, direction))
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=raw.offset)
        if raw.weekday is not None:
            day = monday + timedelta(days=raw.weekday)
            return DateMention(span, day, day, None, None, "day", relation_to(day, day, published, direction))
        sunday = monday + timedelta(days=6)
        return DateMention(span, monday, sunday, None, None, "month", relation_to(monday, sunday, published, direction))

    if raw.kind == "relmonth":
        direction = _direction(raw.word)
        if published is None:
            return DateMention(span, None, None, None, None, "month", relation_to(None, None, None, direction))
        y, m = add_months(published.year, published.month, raw.offset)
        start, end = part_span(y, m, None)  # a part of a month is the whole month, as above
        part = part_span(y, m, raw.part)
        return DateMention(span, start, end, None, None, "month", relation_to(*part, published, direction))

    if raw.kind == "vague":
        relation: Relation = "before"
        if raw.word == "近期" and tense == "future":
            relation = "after"
        return DateMention(span, None, None, None, None, "vague", relation)
    return None
