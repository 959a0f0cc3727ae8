"""When was the page published, and what is the report's dateline?

`find_published` reads the page's own publication date: a labelled one
(发布时间:2023-02-18 08:02:00, 发布日期, 发表时间, 来源:… 时间:…) anywhere, otherwise a
short dated line in the header, i.e. before the first body paragraph
(来源:XX 2024年11月05日, or a bare 2023-06-19 22:17:06 under the title).
Dates in the related-news list after the article are never taken: they belong
to other pages.

`find_dateline` finds the news-agency dateline (人民网杭州10月18日电,
新华社北京3月1日电（记者 …）, 本报北京3月1日讯).  Its date is when the
report was filed, never the date of an event, so `extract.chinese_dates` skips it.

Both accept raw pages (traditional script, full-width digits) or normalised
text; spans are offsets into the text passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extract.cn_numerals import NUMERAL_CHARS, parse_cn_int
from extract.spelling import fold

_FULL_DATE = (
    r"(?P<y>(?:19|20)\d{2}) {0,2}(?:年 {0,2}(?P<m1>\d{1,2}) {0,2}月 {0,2}(?P<d1>\d{1,2}) {0,2}日?"
    r"|(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2}))(?!\d)"
)
_LABELLED_RE = re.compile(
    r"(?:(?<!快照生成)(?:发布|发表|发稿|刊发|更新|上传|录入|发文|成文)(?:时间|日期|于)?"
    # 来源:新华网 时间:2023年5月6日: a bare 时间 label counts only on the source line
    r"|来源[^\n]{0,40}?(?:时间|日期))"
    r" {0,2}[:]? {0,3}" + _FULL_DATE
)
_DATE_RE = re.compile(r"(?<![\d.])" + _FULL_DATE)
_BODY_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_HEADER_LINE_MAX = 80
# Header lines whose date is the crawler's clock or the event's, not the page's.
_NOT_PUBLICATION_RE = re.compile(
    r"快照|活动|会议|举办|举行|开幕|闭幕|展期|报名|截止|日程|地点|时间:.{0,3}\d{4}年.{0,8}[至到-]"
)
_BODY_MIN_CJK = 40

_N = rf"(?:\d{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})"
# Some sites print pinyin after characters, also inside the dateline: 人民網(wǎng)杭州.
_PINYIN_PAREN = r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7} ?\)"
_PINYIN_PAREN_RE = re.compile(_PINYIN_PAREN)
_DATELINE_RE = re.compile(
    r"(?:^|(?<=[\n】\]]))[ \t•·\-]{0,8}"
    rf"(?P<src>(?:[^\W\d_]|{_PINYIN_PAREN}){{0,14}}?)"
    r"(?:(?P<y>(?:19|20)\d{2}) {0,2}年)?"
    rf" {{0,2}}(?P<m>{_N}) {{0,2}}月 {{0,2}}(?P<d>{_N}) {{0,2}}日 {{0,2}}(?:电|讯)"
    rf"(?: {{0,2}}\((?:[^()\n]|{_PINYIN_PAREN}){{0,60}}\))?",
    re.MULTILINE,
)
_AGENCY_RE = re.compile(r"^(?:.*?(?:客户端|日报|晚报|早报|网|社|报|台))")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A report's dateline: where and when the story was filed."""

    month: int
    day: int
    year: int | None
    city: str | None
    span: tuple[int, int]


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _date_from(match: re.Match[str]) -> date | None:
    y = int(match.group("y"))
    if match.group("m1") is not None:
        return _valid(y, int(match.group("m1")), int(match.group("d1")))
    return _valid(y, int(match.group("m2")), int(match.group("d2")))


def find_published(text: str) -> date | None:
    """The page's publication date, or None when the page does not state one."""
    folded = fold(text)
    for m in _LABELLED_RE.finditer(folded):
        found = _date_from(m)
        if found is not None:
            return found
    # No label: take a dated short line of the header, before the body starts.
    for line in folded.split("\n"):
        if len(_BODY_CJK_RE.findall(line)) >= _BODY_MIN_CJK:
            break
        if len(line.strip()) > _HEADER_LINE_MAX or _NOT_PUBLICATION_RE.search(line):
            continue
        for m in _DATE_RE.finditer(line):
            found = _date_from(m)
            if found is not None:
                return found
    return None


def find_dateline(text: str) -> Dateline | None:
    """The first agency dateline (…X月Y日电/讯 at the start of a line), or None."""
    folded = fold(text)
    for m in _DATELINE_RE.finditer(folded):
        month = parse_cn_int(m.group("m"))
        day = parse_cn_int(m.group("d"))
        if month is None or day is None or not 1 <= month <= 12 or not 1 <= day <= 31:
            continue
        year = int(m.group("y")) if m.group("y") else None
        src = _PINYIN_PAREN_RE.sub("", m.group("src"))
        agency = _AGENCY_RE.match(src)
        city_text = src[agency.end() :] if agency else src
        city = city_text if 2 <= len(city_text) <= 6 else None
        start = m.start("src") if m.group("src") else m.start("y") if year else m.start("m")
        return Dateline(month=month, day=day, year=year, city=city, span=(start, m.end()))
    return None
