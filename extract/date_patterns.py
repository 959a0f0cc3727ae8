"""The Chinese date expressions a text holds, as found before any year is given them (`RawDate`).

`scan_dates` finds absolute dates and ranges (6月27-30日, 2023年6月27日至30日,
12月30日至1月2日, 2023.06.27-06.30, 2023/6/27, 六月十五日至十九日 …), months
and parts of months (2023年6月, 6月中旬, 本月下旬, 月底), relative days, weeks,
months and years (明天, 下周三, 上周, 下月, 明年3月, 去年), and the vague words
news uses for "recently" (近日, 日前, 近期, 前不久); `leftmost_longest` keeps one
reading of each stretch of text. What they mean is decided by `extract.date_resolve`.

Not dates, so never found or found only to block a shorter reading inside them: statistics
periods (1-5月份, 前5个月), 2023年度, percentages, amounts, versions, phone numbers and bare times.
Spans are offsets into the text scanned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import time

from extract.cn_numerals import NUMERAL_CHARS, parse_cn_int

# --------------------------------------------------------------------------
# Patterns.  They run on `extract.spelling.fold(text)` (`extract.chinese_dates`), so full-width digits and colons are
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

_STAT_WORDS_RE = re.compile(r"累计|同比|环比|增长|下降|增速|实现|完成|产值|营收|收入|总额")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_REL_YEARS = {"今年": 0, "本年": 0, "明年": 1, "来年": 1, "后年": 2, "去年": -1, "前年": -2}
_REL_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1}
_REL_DAYS |= {"前天": -2, "大前天": -3}


# --------------------------------------------------------------------------
# Intermediate representation.


@dataclass(slots=True)
class RawDate:
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


def scan_dates(text: str, sentence_text: Callable[[int], str]) -> Iterator[RawDate]:
    """Every date expression of `text`, overlapping ones included; `sentence_text(pos)` is the sentence holding
    `pos` (a month range in a sentence about figures is a statistics period)."""
    for m in _CN_DATE_RE.finditer(text):
        month, day = _num(m.group("m1")), _num(m.group("d1"))
        if not _valid_md(month, day):
            continue
        has_end = m.group("d2") is not None
        if m.group("dm1") is None and not has_end:
            continue  # "6月27" without 日 and without a range: too often a number
        year, rel = _year_of(m, "1")
        raw = RawDate(m.start(), m.end(), "day", year=year, rel_year=rel, month=month, day=day)
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
        raw = RawDate(m.start(), m.end(), "day", year=int(m.group("y1")), month=month, day=day)
        raw.clock = _clock_of(m, "1")
        if m.group("d2") is not None:
            raw.day2 = int(m.group("d2"))
            raw.month2 = int(m.group("m2")) if m.group("m2") else month
            raw.year2 = int(m.group("y2")) if m.group("y2") else None
            if not _valid_md(raw.month2, raw.day2):
                raw = RawDate(m.start(), m.end("first"), "day", year=raw.year, month=month, day=day)
        yield raw
    for m in _DOTTED_RANGE_RE.finditer(text):
        month, day = int(m.group("m1")), int(m.group("d1"))
        month2, day2 = int(m.group("m2")), int(m.group("d2"))
        if _valid_md(month, day) and _valid_md(month2, day2):
            yield RawDate(m.start(), m.end(), "day", month=month, day=day, month2=month2, day2=day2)
    for m in _MONTH_RE.finditer(text):
        month = _num(m.group("m1"))
        month_a = _num(m.group("ma")) if m.group("ma") else None
        if month is None or not 1 <= month <= 12:
            continue
        year, rel = _year_of(m, "1")
        if month_a is not None:
            if not 1 <= month_a < month:
                continue
            sentence = sentence_text(m.start())
            if m.group("fen") or _STAT_WORDS_RE.search(sentence):
                # 1-5月份 / 1-5月累计: a statistics period, not an event date.
                yield RawDate(m.start(), m.end(), "block")
                continue
        raw = RawDate(m.start(), m.end(), "month", year=year, rel_year=rel, month=month, month_a=month_a)
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
            yield RawDate(m.start(), m.end(), "month", year=year, rel_year=rel, month=1 if part == "初" else 12)
        else:
            yield RawDate(m.start(), m.end(), "year", year=year, rel_year=rel)
    for m in _YEAR_DU_RE.finditer(text):
        yield RawDate(m.start(), m.end(), "block")
    for m in _STAT_RE.finditer(text):
        yield RawDate(m.start(), m.end(), "block")
    for m in _REL_DAY_RE.finditer(text):
        raw = RawDate(m.start(), m.end(), "relday", offset=_REL_DAYS[m.group("rd")], word=m.group("rd"))
        raw.clock = _clock_of(m, "1")
        yield raw
    for m in _WEEK_RE.finditer(text):
        word = m.group("wk")
        offset = 2 if word.startswith("下下") else -2 if word.startswith("上上") else 0
        offset = offset or (1 if word[0] == "下" else -1 if word[0] == "上" else 0)
        yield RawDate(m.start(), m.end(), "week", offset=offset, weekday=_weekday_of(m, "1"), word=word)
    for m in _REL_MONTH_RE.finditer(text):
        word = m.group("rm") or ""
        offset = 1 if word.startswith("下") else -1 if word.startswith("上") else 0
        yield RawDate(
            m.start(), m.end(), "relmonth", offset=offset, part=m.group("part") or m.group("part2"), word=word
        )
    for m in _DAY_ONLY_RE.finditer(text):
        day = _num(m.group("d1"))
        if day is None or not 1 <= day <= 31:
            continue
        if not m.group("d1").isdigit() and day < 11:
            continue  # 三日 is as often "three days" as "the 3rd"
        raw = RawDate(m.start(), m.end(), "dayonly", day=day)
        raw.clock = _clock_of(m, "1")
        if m.group("d2"):
            raw.day2 = _num(m.group("d2"))
            if raw.day2 is None or not day < raw.day2 <= 31:
                continue
        yield raw
    for m in _VAGUE_RE.finditer(text):
        yield RawDate(m.start(), m.end(), "vague", word=m.group("vague"))


def leftmost_longest(raws: list[RawDate]) -> list[RawDate]:
    """Leftmost-longest, non-overlapping."""
    raws.sort(key=lambda r: (r.start, -(r.end - r.start)))
    chosen: list[RawDate] = []
    last_end = -1
    for raw in raws:
        if raw.start >= last_end and raw.end > raw.start:
            chosen.append(raw)
            last_end = raw.end
    return chosen
