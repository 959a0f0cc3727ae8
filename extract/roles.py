"""What a date in a sentence says about an event: its range, its opening, its closing, a day it is under way, or
only when the report was made.

News states an event's dates in a few ways, and reports of one fair mix them (the corpus spec, "Dates"):

* an explicit range: 4月15日至5月5日, 6月27-30日, 8月18日及19日, 今天（4月15日）起至5月5日;
* an opening or a closing: 今天开幕, 今天（6月11日）闭幕, 将持续至5月24日, 至27日结束;
* a day of a running event: 今天进入第二天 (so it opened the day before);
* a duration: 为期三天, 为期4天, 会期五天, 展期3天 (with the opening it gives the end, with the closing the start);
* a date that belongs to something else: the report's own day (今天（3月17日），第135届广交会首批进境展品通关),
  a registration day (报到) or a deadline (截止), a press conference about the fair (今天举行新闻发布会).

`role_of` reads the words right after a date mention, up to the end of its clause, to tell which; `duration_of`
finds 为期N天 in a sentence. The event's dates are then put together (`extract.statements`, `extract.completion`)
from the strongest statements of all its mentions: a range beats an opening or closing, which beat a plain
"held on", which beats a report date.
"""

from __future__ import annotations

import re
from typing import Literal

from extract.cn_numerals import NUMERAL_CHARS, parse_cn_int
from extract.model import DateBasis

Role = Literal["range", "start", "end", "held", "report", "other"]

# Role strength: which statement of an event's dates to believe first.
STRENGTH: dict[Role, int] = {"range": 5, "start": 3, "end": 3, "held": 2, "report": 1, "other": 0}
# What a date of each role says of the event's first and last day: a range states both; an opening states the
# first; a closing the last; "held on" states the first and implies the last is the same day; the report's own day
# says only that the event was reported on it.
ROLE_BASES: dict[Role, tuple[DateBasis, DateBasis]] = {
    "range": ("range", "range"),
    "start": ("stated", "none"),
    "end": ("none", "stated"),
    "held": ("stated", "implied"),
    "report": ("vague", "vague"),
    "other": ("vague", "vague"),
}

_CLAUSE_END_RE = re.compile(r"[，,。；;！!？?\n]")
_START_RE = re.compile(r"(?:开幕|开展|启幕|开始|开启|揭幕|拉开帷幕|开馆|开放|正式开幕|盛大开幕|隆重开幕|起)")
_END_RE = re.compile(r"(?:闭幕|落幕|结束|收官|闭展|落下帷幕|圆满落幕|降下帷幕)")
_HELD_RE = re.compile(r"(?:举办|举行|召开|开展|进行|亮相|在[^，。,；;]{1,20}?(?:举办|举行|召开))")
_UNTIL_BEFORE_RE = re.compile(r"(?:持续至|持续到|延续至|延续到|截至|直至|一直到)$")
# Dates that are not the event's: registration, deadlines, the report of something else.
_NOT_EVENT_RE = re.compile(r"报到|报名|截止|申报|提交|发布会|通气会|吹风会|新闻发布|发布了|获悉|了解到|透露")
_SECOND_DAY_RE = re.compile(rf"进入第([{NUMERAL_CHARS}0-9]{{1,2}})天")
_DURATION_RE = re.compile(rf"(?:为期|会期|展期|历时)([{NUMERAL_CHARS}0-9]{{1,3}})天")


def clause_after(text: str, pos: int, limit: int = 40) -> str:
    """The text from `pos` to the end of its clause (at most `limit` characters)."""
    m = _CLAUSE_END_RE.search(text, pos, min(len(text), pos + limit))
    return text[pos : m.start() if m else min(len(text), pos + limit)]


def role_of(text: str, span: tuple[int, int], is_range: bool) -> Role:
    """The role of the date mention at `span` in `text`."""
    start, end = span
    before = text[max(0, start - 6) : start]
    after = clause_after(text, end)
    if _UNTIL_BEFORE_RE.search(before):
        return "end"
    if is_range:
        return "range"
    if _NOT_EVENT_RE.search(after):
        return "report"
    if _END_RE.search(after):
        return "end"
    if _START_RE.match(after.lstrip("()（）0-9月日号")) or _START_RE.search(after[:12]):
        return "start"
    if _HELD_RE.search(after):
        return "held"
    return "report" if after.startswith(("(", ")", "，", ",")) or not after else "other"


def day_of_run(text: str, span: tuple[int, int]) -> int | None:
    """N when the clause after the date says the event entered its N-th day (今天进入第二天)."""
    m = _SECOND_DAY_RE.search(clause_after(text, span[1]))
    return parse_cn_int(m.group(1)) if m else None


def duration_of(sentence: str) -> int | None:
    """N of 为期N天 in `sentence`, when it says so."""
    m = _DURATION_RE.search(sentence)
    if m is None:
        return None
    days = parse_cn_int(m.group(1))
    return days if days is not None and 1 <= days <= 366 else None
