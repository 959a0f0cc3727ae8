"""Date mentions in Chinese news text, resolved against the publication date.

`find_dates` finds absolute dates and ranges (6月27-30日, 2023年6月27日至30日,
12月30日至1月2日, 2023.06.27-06.30, 2023/6/27, 六月十五日至十九日 …), months
and parts of months (2023年6月, 6月中旬, 本月下旬, 月底), relative days, weeks,
months and years (明天, 下周三, 上周, 下月, 明年3月, 去年), and the vague words
news uses for "recently" (近日, 日前, 近期, 前不久).

Precision:

* ``day``: the day is known (``start_time`` carries a clock time when given);
* ``month``: a span of up to a month: a month, or a week (上周, 本周); a
  ten-day part of a month (上旬/中旬/下旬, 月初/月中/月底) is read as its whole
  month, as the corpus spec files it (the part still steers the year and
  the relation to the publication date: 本月下旬 on the 5th is to come);
* ``vague``: coarser than a month.  For a year (2023年, 去年) ``start``/``end``
  are the year's bounds; for 近日/日前/近期 they are None.

A date written without a year takes, in order: an explicit year earlier in
the same sentence; an explicit year earlier in the paragraph, unless that
contradicts the sentence's tense relative to the publication date; the year
that fits the sentence's tense (`extract.tense`): future → on/after
publication, past → on/before, no tense → the nearest; a weekday annotation
(周二) narrows the candidate years.  Without a publication date and without
a year, a day-precision date is reported as ``partial_start``/``partial_end``
("MM-DD") with ``start``/``end`` None.

``relation`` compares the mention with the publication date (``before`` when
it ends earlier, ``after`` when it starts later, ``unknown`` when it overlaps
it); without a publication date it comes from the sentence's tense.

Not dates: the report's dateline (人民网杭州10月18日电), publication stamps
(发布时间:…, a line holding only a timestamp), statistics periods (1-5月份,
前5个月), 2023年度, percentages, amounts, versions, phone numbers and bare
times.  Spans are offsets into the text passed in (raw or normalised).
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Literal

from extract.cn_numerals import NUMERAL_CHARS, parse_cn_int
from extract.normalize import fold
from extract.published import find_dateline
from extract.tense import Tense, clause_tense

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


# --------------------------------------------------------------------------
# Patterns.  They run on `fold(text)`, so full-width digits and colons are
# already ASCII and traditional characters already simplified (1:1).

_SP = r" {0,2}"
# 两 is left out: in dates it never stands for 2, and 两月 is "two months".
_CN_DIGITS = NUMERAL_CHARS.replace("两", "").replace("兩", "")
_NUM = rf"(?:\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})"
_CN_YEAR = r"[〇○零一二三四五六七八九]{4}"
_CONN = r"(?:-|–|—{1,2}|―|~|至|到)"
_RELYEAR = r"今年|明年|去年|前年|后年|本年|来年"
_PART = r"上旬|中旬|下旬|初|底|末|中"
_NOT_AFTER_NUM = r"(?<![\d.])"
# What a number date starts with: a digit, a Chinese numeral, the first character of a relative year (今年, 去年 …)
# or of 前N个月. The patterns that start with a look-behind or a group start with this look-ahead too: the regex
# engine then turns away every other position at once instead of trying the whole pattern there.
_STARTS = rf"(?=[\d{_CN_DIGITS}今明去前后本来])"


def _year(tag: str) -> str:
    return rf"(?:(?P<y{tag}>(?:19|20)\d{{2}}|{_CN_YEAR}){_SP}年(?!度)|(?P<ry{tag}>{_RELYEAR}))"


def _week(tag: str) -> str:
    return rf"(?:{_SP}\(?{_SP}(?:周|星期|礼拜)(?P<wd{tag}>[一二三四五六日天]){_SP}\)?)?"


def _clock(tag: str) -> str:
    return (
        rf"(?:{_SP}(?P<ampm{tag}>上午|下午|晚上|早上|中午|晚间|凌晨|早晨|傍晚))?"
        rf"(?:{_SP}(?P<hh{tag}>\d{{1,2}})(?::(?P<mm{tag}>\d{{2}})(?::\d{{2}})?"
        rf"|[时点](?:(?P<mmc{tag}>\d{{1,2}})分|(?P<half{tag}>半))?))?"
    )


# 2023年6月27日(周二)上午9:30至2024年1月2日 / 6月27-30日 / 六月十五日至十九日
_CN_DATE_RE = re.compile(
    _STARTS
    + _NOT_AFTER_NUM
    + rf"(?:{_year('1')}{_SP})?(?P<m1>{_NUM}){_SP}月{_SP}(?P<d1>{_NUM})(?P<dm1>{_SP}[日号])?"
    + _week("1")
    + _clock("1")
    + rf"(?:{_SP}{_CONN}{_SP}(?:(?:{_year('2')}{_SP})?(?P<m2>{_NUM}){_SP}月{_SP})?"
    + rf"(?P<d2>{_NUM}){_SP}[日号]"
    + _week("2")
    + ")?"
)
# 2023-06-27, 2023/6/27, 2023.06.27-06.30, 2023-06-27 08:02
_NUMERIC_RE = re.compile(
    _STARTS + r"(?<![\w.])(?P<first>(?P<y1>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})(?![\d])"
    r"(?: {0,2}(?P<hh1>\d{1,2}):(?P<mm1>\d{2})(?::\d{2})?)?)"
    rf"(?:{_SP}{_CONN}{_SP}(?:(?:(?P<y2>(?:19|20)\d{{2}})[-/.])?(?P<m2>\d{{1,2}})[-/.])?(?P<d2>\d{{1,2}})"
    # not followed by ":": 2023-06-27 09:00-17:00 is a time range, not a day range
    r"(?![\d.:]))?"
)
# 6.27-6.30 (only as a range: a lone 6.27 is far more often a number)
_DOTTED_RANGE_RE = re.compile(
    _STARTS + r"(?<![\w.])(?P<m1>\d{1,2})\.(?P<d1>\d{1,2})"
    rf"{_SP}{_CONN}{_SP}(?P<m2>\d{{1,2}})\.(?P<d2>\d{{1,2}})"
    r"(?![\d.%])(?! {0,2}(?:%|亿|万|元|倍|个|吨|米|公里|千克|分|秒|版))"
)
# 2023年6月中旬, 今年5月, 6月, 6-8月, 6月至8月
_MONTH_RE = re.compile(
    _STARTS
    + _NOT_AFTER_NUM
    + rf"(?:{_year('1')}{_SP})?"
    + rf"(?:(?P<ma>{_NUM})(?:{_SP}月)?{_SP}{_CONN}{_SP})?"
    + rf"(?P<m1>{_NUM}){_SP}月(?P<fen>份)?(?P<part>{_PART})?"
)
# 2023年, 去年, 今年年底
_YEAR_RE = re.compile(
    _STARTS
    + rf"(?<!\d)(?:(?P<y1>(?:19|20)\d{{2}}|{_CN_YEAR}){_SP}年(?!度)|(?P<ry1>{_RELYEAR}))(?:年?(?P<ypart>初|底|末))?"
)
_YEAR_DU_RE = re.compile(_STARTS + rf"(?<!\d)(?:(?:19|20)\d{{2}}|{_CN_YEAR}){_SP}年度")
_STAT_RE = re.compile(_STARTS + rf"(?:前{_SP}{_NUM}{_SP}个?月|{_NUM}{_SP}个月)")
# 今天的中国 is "nowadays", not a day; 在今日的…峰会上， is the day of the gathering it introduces.
_REL_DAY_RE = re.compile(
    r"(?P<rd>大前天|大后天|今天|今日|明天|明日|昨天|昨日|前天|后天)(?!头条|之|的(?![^，。；;,]{2,30}?上[，,]))"
    + _clock("1")
)
_WEEK_RE = re.compile(
    r"(?P<wk>下下?周|本周|这周|上上?周|下个?星期|本星期|这个?星期|上个?星期|下个?礼拜|上个?礼拜)"
    r"(?P<wd1>[一二三四五六日天])?"
)
_REL_MONTH_RE = re.compile(
    r"(?=[本这下上月])"
    rf"(?:(?P<rm>本月|这个月|下个?月|上个?月)(?P<part>{_PART})?"
    rf"|(?<![\d{NUMERAL_CHARS}个])月(?P<part2>初|底|末))"
)
_DAY_ONLY_RE = re.compile(
    _STARTS + r"(?<![\d月每近数续期时第前后这那几多同当今昨明次翌隔周生节念.])"
    rf"(?P<d1>{_NUM}){_SP}日"
    rf"(?:{_SP}{_CONN}{_SP}(?P<d2>{_NUM}){_SP}日)?"
    r"(?!内|游|以|之|左右|制|元|均|间|晚|电|讯)" + _clock("1")
)
_VAGUE_RE = re.compile(r"(?P<vague>近日|日前|近期|前不久|不久前)")

# A page's stamp labels the date it precedes (发布时间：2023-07-25, 更新于 …); 新闻发布会 earlier in a sentence
# labels nothing.
_PUBLISH_LABEL_RE = re.compile(r"(?:发布|发表|发稿|刊发|更新|快照|录入|来源|上传)(?:时间|日期|于)?[ \t]*[:：]?[ \t]*$")
_TIMESTAMP_LINE_RE = re.compile(r"^[ \t]*[\d./-]{8,10} {1,2}\d{1,2}:\d{2}(?::\d{2})?[ \t]*$")
_STAT_WORDS_RE = re.compile(r"累计|同比|环比|增长|下降|增速|实现|完成|产值|营收|收入|总额")
# A flash's 【headline】 is a sentence of its own: its year (【…2060年实现…】) says nothing of the dates after it.
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n】]")

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_REL_YEARS = {"今年": 0, "本年": 0, "明年": 1, "来年": 1, "后年": 2, "去年": -1, "前年": -2}
_REL_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1}
_REL_DAYS |= {"前天": -2, "大前天": -3}
_FUTURE_WORDS = ("明", "下", "后", "来")
_PAST_WORDS = ("昨", "上", "去", "前")


# --------------------------------------------------------------------------
# Intermediate representation.


@dataclass(slots=True)
class _Raw:
    """A matched expression before year resolution."""

    start: int
    end: int
    kind: str  # "day", "month", "year", "relday", "week", "relmonth", "vague", "block", "dayonly"
    year: int | None = None
    rel_year: int | None = None
    month: int | None = None
    day: int | None = None
    year2: int | None = None
    month2: int | None = None
    day2: int | None = None
    month_a: int | None = None  # first month of a month range
    part: str | None = None
    weekday: int | None = None
    offset: int = 0  # relative days / weeks / months
    clock: time | None = None
    word: str = ""


def _num(s: str | None) -> int | None:
    return None if s is None else parse_cn_int(s)


def _year_of(m: re.Match[str], tag: str) -> tuple[int | None, int | None]:
    y = m.group(f"y{tag}")
    ry = m.group(f"ry{tag}")
    year = _num(y) if y else None
    if year is not None and not 1900 <= year <= 2099:
        year = None
    return year, (_REL_YEARS[ry] if ry else None)


def _clock_of(m: re.Match[str], tag: str) -> time | None:
    hh = m.group(f"hh{tag}")
    if hh is None:
        return None
    hour = int(hh)
    mm = m.group(f"mm{tag}") or (m.groupdict().get(f"mmc{tag}"))
    minute = int(mm) if mm else (30 if m.groupdict().get(f"half{tag}") else 0)
    ampm = m.groupdict().get(f"ampm{tag}")
    if ampm in ("下午", "晚上", "晚间", "傍晚") and hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _weekday_of(m: re.Match[str], tag: str) -> int | None:
    wd = m.groupdict().get(f"wd{tag}")
    return _WEEKDAYS[wd] if wd else None


def _valid_md(month: int | None, day: int | None) -> bool:
    return month is not None and day is not None and 1 <= month <= 12 and 1 <= day <= 31


def _scan(text: str, ctx: _Context) -> Iterator[_Raw]:
    for m in _CN_DATE_RE.finditer(text):
        month, day = _num(m.group("m1")), _num(m.group("d1"))
        if not _valid_md(month, day):
            continue
        has_end = m.group("d2") is not None
        if m.group("dm1") is None and not has_end:
            continue  # "6月27" without 日 and without a range: too often a number
        year, rel = _year_of(m, "1")
        raw = _Raw(m.start(), m.end(), "day", year=year, rel_year=rel, month=month, day=day)
        raw.weekday = _weekday_of(m, "1")
        raw.clock = _clock_of(m, "1")
        if has_end:
            raw.day2 = _num(m.group("d2"))
            raw.month2 = _num(m.group("m2")) if m.group("m2") else month
            raw.year2, _ = _year_of(m, "2")
            if not _valid_md(raw.month2, raw.day2):
                continue
        yield raw
    for m in _NUMERIC_RE.finditer(text):
        month, day = int(m.group("m1")), int(m.group("d1"))
        if not _valid_md(month, day):
            continue
        raw = _Raw(m.start(), m.end(), "day", year=int(m.group("y1")), month=month, day=day)
        raw.clock = _clock_of(m, "1")
        if m.group("d2") is not None:
            raw.day2 = int(m.group("d2"))
            raw.month2 = int(m.group("m2")) if m.group("m2") else month
            raw.year2 = int(m.group("y2")) if m.group("y2") else None
            if not _valid_md(raw.month2, raw.day2):
                raw = _Raw(m.start(), m.end("first"), "day", year=raw.year, month=month, day=day)
        yield raw
    for m in _DOTTED_RANGE_RE.finditer(text):
        month, day = int(m.group("m1")), int(m.group("d1"))
        month2, day2 = int(m.group("m2")), int(m.group("d2"))
        if _valid_md(month, day) and _valid_md(month2, day2):
            yield _Raw(m.start(), m.end(), "day", month=month, day=day, month2=month2, day2=day2)
    for m in _MONTH_RE.finditer(text):
        month = _num(m.group("m1"))
        month_a = _num(m.group("ma")) if m.group("ma") else None
        if month is None or not 1 <= month <= 12:
            continue
        year, rel = _year_of(m, "1")
        if month_a is not None:
            if not 1 <= month_a < month:
                continue
            sentence = ctx.sentence_text(m.start())
            if m.group("fen") or _STAT_WORDS_RE.search(sentence):
                # 1-5月份 / 1-5月累计: a statistics period, not an event date.
                yield _Raw(m.start(), m.end(), "block")
                continue
        raw = _Raw(m.start(), m.end(), "month", year=year, rel_year=rel, month=month, month_a=month_a)
        raw.part = m.group("part")
        if raw.part == "中" and text.startswith("国", m.end()):
            raw.part, raw.end = None, raw.end - 1  # 6月中国… is June, then 中国
        yield raw
    for m in _YEAR_RE.finditer(text):
        year, rel = _year_of(m, "1")
        if year is None and rel is None:
            continue
        part = m.group("ypart")
        if part:
            yield _Raw(m.start(), m.end(), "month", year=year, rel_year=rel, month=1 if part == "初" else 12)
        else:
            yield _Raw(m.start(), m.end(), "year", year=year, rel_year=rel)
    for m in _YEAR_DU_RE.finditer(text):
        yield _Raw(m.start(), m.end(), "block")
    for m in _STAT_RE.finditer(text):
        yield _Raw(m.start(), m.end(), "block")
    for m in _REL_DAY_RE.finditer(text):
        raw = _Raw(m.start(), m.end(), "relday", offset=_REL_DAYS[m.group("rd")], word=m.group("rd"))
        raw.clock = _clock_of(m, "1")
        yield raw
    for m in _WEEK_RE.finditer(text):
        word = m.group("wk")
        offset = 2 if word.startswith("下下") else -2 if word.startswith("上上") else 0
        offset = offset or (1 if word[0] == "下" else -1 if word[0] == "上" else 0)
        yield _Raw(m.start(), m.end(), "week", offset=offset, weekday=_weekday_of(m, "1"), word=word)
    for m in _REL_MONTH_RE.finditer(text):
        word = m.group("rm") or ""
        offset = 1 if word.startswith("下") else -1 if word.startswith("上") else 0
        yield _Raw(m.start(), m.end(), "relmonth", offset=offset, part=m.group("part") or m.group("part2"), word=word)
    for m in _DAY_ONLY_RE.finditer(text):
        day = _num(m.group("d1"))
        if day is None or not 1 <= day <= 31:
            continue
        if not m.group("d1").isdigit() and day < 11:
            continue  # 三日 is as often "three days" as "the 3rd"
        raw = _Raw(m.start(), m.end(), "dayonly", day=day)
        raw.clock = _clock_of(m, "1")
        if m.group("d2"):
            raw.day2 = _num(m.group("d2"))
            if raw.day2 is None or not day < raw.day2 <= 31:
                continue
        yield raw
    for m in _VAGUE_RE.finditer(text):
        yield _Raw(m.start(), m.end(), "vague", word=m.group("vague"))


def _select(raws: list[_Raw]) -> list[_Raw]:
    """Leftmost-longest, non-overlapping."""
    raws.sort(key=lambda r: (r.start, -(r.end - r.start)))
    chosen: list[_Raw] = []
    last_end = -1
    for raw in raws:
        if raw.start >= last_end and raw.end > raw.start:
            chosen.append(raw)
            last_end = raw.end
    return chosen


# --------------------------------------------------------------------------
# Resolution.


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _part_span(y: int, m: int, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(y, m)[1]
    if part in ("上旬", "初"):
        return date(y, m, 1), date(y, m, 10)
    if part in ("中旬", "中"):
        return date(y, m, 11), date(y, m, 20)
    if part in ("下旬", "底", "末"):
        return date(y, m, 21), date(y, m, last)
    return date(y, m, 1), date(y, m, last)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


_TENSE_HORIZON_DAYS = 180
_NEAR_DAYS = 31


def _pick(
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


def _relation(start: date | None, end: date | None, published: date | None, tense: Tense | None) -> Relation:
    if published is not None and start is not None and end is not None:
        if end < published:
            return "before"
        if start > published:
            return "after"
        return "unknown"
    return "after" if tense == "future" else "before" if tense == "past" else "unknown"


def _direction(word: str) -> Tense | None:
    if word.startswith(_FUTURE_WORDS):
        return "future"
    if word.startswith(_PAST_WORDS):
        return "past"
    return None


class _Context:
    """Sentence and paragraph lookup with cached tenses."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_starts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(text)]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._tenses: dict[int, Tense | None] = {}

    def sentence(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, pos) - 1

    def sentence_text(self, pos: int) -> str:
        idx = self.sentence(pos)
        lo = self.sentence_starts[idx]
        hi = self.sentence_starts[idx + 1] if idx + 1 < len(self.sentence_starts) else len(self.text)
        return self.text[lo:hi]

    def tense(self, pos: int) -> Tense | None:
        """The tense of the clause holding `pos`, else of its sentence (`extract.tense.clause_tense`)."""
        if pos not in self._tenses:
            lo = self.sentence_starts[self.sentence(pos)]
            self._tenses[pos] = clause_tense(self.sentence_text(pos), pos - lo)
        return self._tenses[pos]

    def marked(self, pos: int) -> bool:
        """Whether that tense rests on a strong marker (将于, 成功举办) rather than a bare 举行."""
        tense = self.tense(pos)
        lo = self.sentence_starts[self.sentence(pos)]
        return tense is not None and clause_tense(self.sentence_text(pos), pos - lo, strong_only=True) == tense

    def line(self, pos: int) -> str:
        idx = self.paragraph(pos)
        lo = self.paragraph_starts[idx]
        hi = self.paragraph_starts[idx + 1] - 1 if idx + 1 < len(self.paragraph_starts) else len(self.text)
        return self.text[lo:hi]


@dataclass(slots=True)
class _YearContext:
    year: int
    sentence: int
    paragraph: int


def _is_metadata(ctx: _Context, raw: _Raw) -> bool:
    """A publication stamp rather than a date in the story."""
    line = ctx.line(raw.start)
    para_start = ctx.paragraph_starts[ctx.paragraph(raw.start)]
    before = ctx.text[max(para_start, raw.start - 30) : raw.start]
    return bool(_PUBLISH_LABEL_RE.search(before) or _TIMESTAMP_LINE_RE.match(line))


def find_dates(text: str, *, published: date | None, listing_year: int | None = None) -> list[DateMention]:
    """Every date mention in `text` except datelines and publication stamps, in text order.

    `listing_year` is the year a schedule page states once, in its title (2025年上海展会排期): its rows,
    each a paragraph of their own, write 11月5日至10日 and mean that year, not the one nearest the publication.
    """
    folded = fold(text)
    ctx = _Context(folded)
    dateline = find_dateline(text)
    raws = _select(list(_scan(folded, ctx)))

    out: list[DateMention] = []
    year_ctx: _YearContext | None = None
    month_ctx: tuple[int | None, int, int] | None = None  # (year, month, paragraph)
    for raw in raws:
        if raw.kind == "block":
            continue
        if dateline is not None and raw.start < dateline.span[1] and dateline.span[0] < raw.end:
            continue
        if raw.kind in ("day", "month", "year") and _is_metadata(ctx, raw):
            continue
        sentence, paragraph = ctx.sentence(raw.start), ctx.paragraph(raw.start)
        if year_ctx is not None and year_ctx.paragraph != paragraph:
            year_ctx = None
        if year_ctx is None and listing_year is not None:
            year_ctx = _YearContext(listing_year, -1, paragraph)
        if month_ctx is not None and month_ctx[2] != paragraph:
            month_ctx = None
        tense = ctx.tense(raw.start)
        mention = _resolve(raw, tense, published, year_ctx, month_ctx, sentence, ctx.marked(raw.start))
        if mention is None:
            continue
        out.append(mention)
        explicit = raw.year if raw.year is not None else None
        if explicit is None and raw.rel_year is not None and published is not None:
            explicit = published.year + raw.rel_year
        if explicit is not None:
            year_ctx = _YearContext(explicit, sentence, paragraph)
        if raw.kind in ("day", "month") and raw.month is not None:
            month_year = mention.start.year if mention.start else None
            last_month = raw.month2 if raw.month2 is not None else raw.month
            month_ctx = (month_year, last_month, paragraph)
    return _join_ranges(folded, out)


# 今天（4月15日）起至5月5日, 8月18日及19日, 6月27日—6月30日 written around a bracket: two day mentions with only a
# connector between them are one range, whose end takes the year that follows the start.
_RANGE_GAP_RE = re.compile(r"[ )）]*起?(?:至|到|—|–|-|~|及|和|、)[ ]*")


def _join_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    out: list[DateMention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.precision == "day"
            and mention.precision == "day"
            and prev.start is not None
            and mention.start is not None
            and prev.start == prev.end
            and _RANGE_GAP_RE.fullmatch(text, prev.span[1], mention.span[0])
        ):
            end = _safe_date(prev.start.year, mention.start.month, mention.start.day)
            if end is not None and end < prev.start:
                end = _safe_date(prev.start.year + 1, mention.start.month, mention.start.day)
            if end is not None and prev.start < end <= prev.start + timedelta(days=366):
                out[-1] = DateMention(
                    (prev.span[0], mention.span[1]), prev.start, end, None, None, "day", prev.relation, prev.start_time
                )
                continue
        # 今天（6月11日）: the same day said twice is one mention.
        if (
            prev is not None
            and prev.precision == mention.precision == "day"
            and prev.start is not None
            and prev.start == mention.start
            and prev.end == mention.end
            and re.fullmatch(r"[ (（]*", text[prev.span[1] : mention.span[0]])
        ):
            out[-1] = DateMention(
                (prev.span[0], mention.span[1] + (mention.span[1] < len(text) and text[mention.span[1]] in ")）")),
                mention.start,
                mention.end,
                None,
                None,
                mention.precision,
                mention.relation,
                prev.start_time or mention.start_time,
            )
            continue
        out.append(mention)
    return out


def _year_for(
    raw: _Raw,
    tense: Tense | None,
    published: date | None,
    year_ctx: _YearContext | None,
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
            return _part_span(y, first, raw.part)[0], _part_span(y, raw.month, raw.part)[1]
        start = _safe_date(y, raw.month, raw.day or 1)
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
    chosen = _pick(list(spans.values()), tense, published, marked)
    return chosen[0].year if chosen else None


def _range_end(raw: _Raw, start: date) -> date | None:
    if raw.day2 is None or raw.month2 is None:
        return None
    year2 = raw.year2 if raw.year2 is not None else start.year
    end = _safe_date(year2, raw.month2, raw.day2)
    if end is not None and end < start and raw.year2 is None:
        if raw.month2 >= start.month:
            return None  # 6月30日至27日: no reading makes sense
        end = _safe_date(year2 + 1, raw.month2, raw.day2)  # 12月30日至1月2日
    return end


def _resolve(
    raw: _Raw,
    tense: Tense | None,
    published: date | None,
    year_ctx: _YearContext | None,
    month_ctx: tuple[int | None, int, int] | None,
    sentence: int,
    marked: bool = True,
) -> DateMention | None:
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
            months = [_add_months(published.year, published.month, k) for k in (-1, 0, 1)]
            cands = [(d, d) for y, m in months if (d := _safe_date(y, m, raw.day or 0)) is not None]
            chosen = _pick(cands, tense, published)
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
                _relation(None, None, None, tense),
                raw.clock,
            )
        start = _safe_date(year, raw.month, raw.day)
        if start is None:
            return None
        end = _range_end(raw, start) if raw.day2 is not None else start
        if end is None or end < start:
            return None
        return DateMention(span, start, end, None, None, "day", _relation(start, end, published, tense), raw.clock)

    if raw.kind == "month":
        assert raw.month is not None
        year = _year_for(raw, tense, published, year_ctx, sentence, marked)
        if year is None:
            return DateMention(span, None, None, None, None, "month", _relation(None, None, None, tense))
        first = raw.month_a if raw.month_a is not None else raw.month
        # The spec files a part of a month (3月底, 6月中旬) as month precision: the whole month, because the part
        # is a plan's rough aim, not days a planner can book.
        start = _part_span(year, first, None)[0]
        end = _part_span(year, raw.month, None)[1]
        part = _part_span(year, first, raw.part)[0], _part_span(year, raw.month, raw.part)[1]
        return DateMention(span, start, end, None, None, "month", _relation(*part, published, tense))

    if raw.kind == "year":
        year = raw.year
        if year is None and raw.rel_year is not None and published is not None:
            year = published.year + raw.rel_year
        if year is None:
            shift = raw.rel_year or 0
            way: Tense | None = "future" if shift > 0 else "past" if shift < 0 else None
            return DateMention(span, None, None, None, None, "vague", _relation(None, None, None, way))
        start, end = date(year, 1, 1), date(year, 12, 31)
        return DateMention(span, start, end, None, None, "vague", _relation(start, end, published, tense))

    if raw.kind == "relday":
        direction = _direction(raw.word)
        if published is None:
            return DateMention(span, None, None, None, None, "day", _relation(None, None, None, direction), raw.clock)
        day = published + timedelta(days=raw.offset)
        return DateMention(span, day, day, None, None, "day", _relation(day, day, published, direction), raw.clock)

    if raw.kind == "week":
        direction = _direction(raw.word)
        if published is None:
            precision: Precision = "day" if raw.weekday is not None else "month"
            return DateMention(span, None, None, None, None, precision, _relation(None, None, None, direction))
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=raw.offset)
        if raw.weekday is not None:
            day = monday + timedelta(days=raw.weekday)
            return DateMention(span, day, day, None, None, "day", _relation(day, day, published, direction))
        sunday = monday + timedelta(days=6)
        return DateMention(span, monday, sunday, None, None, "month", _relation(monday, sunday, published, direction))

    if raw.kind == "relmonth":
        direction = _direction(raw.word)
        if published is None:
            return DateMention(span, None, None, None, None, "month", _relation(None, None, None, direction))
        y, m = _add_months(published.year, published.month, raw.offset)
        start, end = _part_span(y, m, None)  # a part of a month is the whole month, as above
        part = _part_span(y, m, raw.part)
        return DateMention(span, start, end, None, None, "month", _relation(*part, published, direction))

    if raw.kind == "vague":
        relation: Relation = "before"
        if raw.word == "近期" and tense == "future":
            relation = "after"
        return DateMention(span, None, None, None, None, "vague", relation)
    return None


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
    nearest the publication date (`_pick`); a range whose end comes before its start runs into the next year
    (12月30日至1月2日). None when the day exists in none of those years (2月30日).

    Shared so that every language's year-less dates take the same year (`extract.english_dates`).
    """
    candidates: list[tuple[date, date]] = []
    for year in (published.year - 1, published.year, published.year + 1):
        start = _safe_date(year, month, day)
        if start is None:
            continue
        end: date | None = start
        if end_month is not None and end_day is not None:
            end = _safe_date(year, end_month, end_day)
            if end is not None and end < start:
                end = _safe_date(year + 1, end_month, end_day)
        if end is not None:
            candidates.append((start, end))
    return _pick(candidates, tense, published, marked)


def relation_to(start: date | None, end: date | None, published: date | None, tense: Tense | None) -> Relation:
    """How a date compares with the publication date (`DateMention.relation`), for readers of other languages."""
    return _relation(start, end, published, tense)
