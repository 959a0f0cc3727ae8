"""find_dates(): what is not a date (amounts, statistics periods, phone numbers, versions, timestamps …), and any
text, random or date-like, gives ordered, valid mentions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.chinese_dates import find_dates
from extract.dates import DateMention
from tests.extract.date_rows import PUB, Row, rows


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # --- not dates -------------------------------------------------------------
        pytest.param("同比增长6.5%", PUB, [], id="not-date-percentage"),
        pytest.param("营收3.2亿元", PUB, [], id="not-date-amount"),
        pytest.param("1-5月份累计实现产值", PUB, [], id="not-date-statistics-period"),
        pytest.param("1-5月,全市累计完成投资", PUB, [], id="not-date-statistics-period-without-fen"),
        pytest.param("前5个月出口增长", PUB, [], id="not-date-first-months"),
        pytest.param("2023年度建设领域应急演练", PUB, [], id="not-date-annual"),
        pytest.param("新闻热线0531-66661234", PUB, [], id="not-date-phone-number"),
        pytest.param("升级到v2.3.1版本", PUB, [], id="not-date-version"),
        pytest.param("上午9:30集合", PUB, [], id="not-date-time-alone"),
        pytest.param("为期3日的展会", PUB, [], id="not-date-duration"),
        pytest.param("两月一次的例会", PUB, [], id="not-date-two-months"),
        pytest.param("展会6月30日至27日举办", PUB, [], id="not-date-reversed-range"),
        pytest.param(
            "开放时间:2023-06-27 09:00-17:00",
            PUB,
            [("2023-06-27 09:00", "2023-06-27", "2023-06-27", "day", "after")],
            id="time-range-is-not-day-range",
        ),
        pytest.param("发布时间:2023-02-18 08:02:00", PUB, [], id="not-event-publication-stamp"),
        pytest.param("标题\n2023-06-19 22:17:06\n正文", PUB, [], id="not-event-timestamp-line"),
        pytest.param(
            "人民网杭州10月18日电 日前,座谈会召开",
            None,
            [("日前", None, None, "vague", "before")],
            id="dateline-skipped",
        ),
    ],
)
def test_find_dates(text: str, published: date | None, expected: list[Row]) -> None:
    assert rows(text, published) == expected


def _check(text: str, published: date | None) -> list[DateMention]:
    mentions = find_dates(text, published=published)
    last = -1
    for m in mentions:
        assert 0 <= m.span[0] < m.span[1] <= len(text)
        assert m.span[0] >= last
        last = m.span[1]
        if m.start is not None and m.end is not None:
            assert m.start <= m.end
    return mentions


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2090, 12, 31))))
def test_any_text_gives_ordered_valid_mentions(text: str, published: date | None) -> None:
    _check(text, published)


_DATE_PIECES = st.sampled_from(
    [
        "6月",
        "27",
        "日",
        "-",
        "至",
        "30日",
        "年",
        "2023",
        "十二",
        "月",
        "将于",
        "召开",
        "。",
        "\n",
        "周",
        "二",
        "(",
        ")",
        "上午",
        "9:30",
        ".",
        "/",
        "下",
        "本",
        "明年",
        "近日",
        "份",
        "度",
        "二〇二三",
        "~",
        "—",
        "号",
        "29",
        "2月",
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(_DATE_PIECES, max_size=25).map("".join),
    st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2090, 12, 31))),
)
def test_date_like_text_gives_ordered_valid_mentions(text: str, published: date | None) -> None:
    _check(text, published)
