"""find_dates(): forms, year resolution by tense, relative dates, and what is not a date."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.chinese_dates import find_dates
from extract.dates import DateMention

PUB = date(2023, 6, 19)  # a Monday

Row = tuple[str, str | None, str | None, str, str]


def _rows(text: str, published: date | None) -> list[Row]:
    return [
        (
            text[m.span[0] : m.span[1]],
            m.start.isoformat() if m.start else None,
            m.end.isoformat() if m.end else None,
            m.precision,
            m.relation,
        )
        for m in find_dates(text, published=published)
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # --- day ranges -------------------------------------------------------
        pytest.param(
            "将于6月27-30日举办融通创新展",
            PUB,
            [("6月27-30日", "2023-06-27", "2023-06-30", "day", "after")],
            id="range-day-hyphen-shared-month",
        ),
        pytest.param(
            "6月18日-19日,研讨会在聊城召开",
            PUB,
            [("6月18日-19日", "2023-06-18", "2023-06-19", "day", "unknown")],
            id="range-both-days-marked",
        ),
        pytest.param(
            "展会将于6月27日至30日举行",
            PUB,
            [("6月27日至30日", "2023-06-27", "2023-06-30", "day", "after")],
            id="range-zhi",
        ),
        pytest.param(
            "展会将于6月27日—7月1日举行",
            PUB,
            [("6月27日—7月1日", "2023-06-27", "2023-07-01", "day", "after")],
            id="range-em-dash-crosses-month",
        ),
        pytest.param(
            "展会将于6月27日~30日举行",
            PUB,
            [("6月27日~30日", "2023-06-27", "2023-06-30", "day", "after")],
            id="range-tilde",
        ),
        pytest.param(
            "展会将于6月27日～30日举行",
            PUB,
            [("6月27日～30日", "2023-06-27", "2023-06-30", "day", "after")],
            id="range-fullwidth-tilde",
        ),
        pytest.param(
            "2023年6月27日至30日举办",
            None,
            [("2023年6月27日至30日", "2023-06-27", "2023-06-30", "day", "before")],
            id="range-with-year-no-publication",
        ),
        pytest.param(
            "博览会将于12月30日至1月2日举办",
            date(2023, 12, 1),
            [("12月30日至1月2日", "2023-12-30", "2024-01-02", "day", "after")],
            id="range-crosses-new-year",
        ),
        pytest.param(
            "2023年12月30日至2024年1月2日",
            None,
            [("2023年12月30日至2024年1月2日", "2023-12-30", "2024-01-02", "day", "unknown")],
            id="range-both-years-explicit",
        ),
        pytest.param(
            "时间:6.27-6.30",
            PUB,
            [("6.27-6.30", "2023-06-27", "2023-06-30", "day", "after")],
            id="range-dotted-month-day",
        ),
        pytest.param(
            "时间:2023.06.27-06.30",
            PUB,
            [("2023.06.27-06.30", "2023-06-27", "2023-06-30", "day", "after")],
            id="range-dotted-with-year",
        ),
        pytest.param(
            "六月十五日至十九日召开",
            None,
            [("六月十五日至十九日", None, None, "day", "before")],
            id="range-chinese-numerals-partial",
        ),
        # --- single days ------------------------------------------------------
        pytest.param(
            "时间:2023-06-27", PUB, [("2023-06-27", "2023-06-27", "2023-06-27", "day", "after")], id="iso-date"
        ),
        pytest.param(
            "时间:2023/6/27", PUB, [("2023/6/27", "2023-06-27", "2023-06-27", "day", "after")], id="slash-date"
        ),
        pytest.param(
            "二〇二三年六月二十七日",
            None,
            [("二〇二三年六月二十七日", "2023-06-27", "2023-06-27", "day", "unknown")],
            id="chinese-numeral-year-and-day",
        ),
        pytest.param(
            "十二月三十一日",
            PUB,
            [("十二月三十一日", "2022-12-31", "2022-12-31", "day", "before")],
            id="chinese-numeral-no-tense-nearest-year",
        ),
        pytest.param(
            "6月16日,会议召开。二十日,展会开幕",
            PUB,
            [
                ("6月16日", "2023-06-16", "2023-06-16", "day", "before"),
                ("二十日", "2023-06-20", "2023-06-20", "day", "after"),
            ],
            id="day-only-takes-month-from-context",
        ),
        pytest.param(
            "6月27日(周二)开幕",
            date(2024, 1, 10),
            [("6月27日(周二)", "2023-06-27", "2023-06-27", "day", "before")],
            id="weekday-picks-year",
        ),
        pytest.param(
            "将于6月27日（星期二）举办",
            PUB,
            [("6月27日（星期二）", "2023-06-27", "2023-06-27", "day", "after")],
            id="weekday-fullwidth-parens",
        ),
        pytest.param(
            "将于6月27号举办", PUB, [("6月27号", "2023-06-27", "2023-06-27", "day", "after")], id="day-marker-hao"
        ),
        pytest.param(
            "２０２３年６月２７日",
            None,
            [("２０２３年６月２７日", "2023-06-27", "2023-06-27", "day", "unknown")],
            id="fullwidth-digits",
        ),
        pytest.param(
            "2023年6月27日舉辦",
            None,
            [("2023年6月27日", "2023-06-27", "2023-06-27", "day", "before")],
            id="traditional-script-verb",
        ),
        # --- year by tense ----------------------------------------------------
        pytest.param(
            "1月5日将举办年会",
            date(2023, 12, 20),
            [("1月5日", "2024-01-05", "2024-01-05", "day", "after")],
            id="tense-future-next-year",
        ),
        pytest.param(
            "12月28日,年会在京召开了",
            date(2024, 1, 3),
            [("12月28日", "2023-12-28", "2023-12-28", "day", "before")],
            id="tense-past-previous-year",
        ),
        pytest.param(
            "6月10日将举办",
            PUB,
            [("6月10日", "2024-06-10", "2024-06-10", "day", "after")],
            id="tense-future-skips-past-day-this-year",
        ),
        pytest.param(
            "6月25日,论坛在杭州成功举办",
            PUB,
            [("6月25日", "2022-06-25", "2022-06-25", "day", "before")],
            id="tense-past-skips-future-day-this-year",
        ),
        pytest.param(
            "2月3日,论坛在杭州开幕",
            date(2023, 12, 20),
            [("2月3日", "2023-02-03", "2023-02-03", "day", "before")],
            id="tense-past-bare-verb",
        ),
        pytest.param(
            "2月3日 论坛",
            date(2023, 12, 20),
            [("2月3日", "2024-02-03", "2024-02-03", "day", "after")],
            id="no-tense-nearest-to-publication",
        ),
        pytest.param(
            "2021年,首届论坛举行;3月2日,第二届论坛召开",
            PUB,
            [
                ("2021年", "2021-01-01", "2021-12-31", "vague", "before"),
                ("3月2日", "2021-03-02", "2021-03-02", "day", "before"),
            ],
            id="year-in-paragraph-carries-forward",
        ),
        pytest.param(
            "2021年3月2日首届论坛举行,6月3日第二届举行",
            PUB,
            [
                ("2021年3月2日", "2021-03-02", "2021-03-02", "day", "before"),
                ("6月3日", "2021-06-03", "2021-06-03", "day", "before"),
            ],
            id="year-in-sentence-carries-forward",
        ),
        pytest.param(
            "2022年,营收3495.9亿元。6月27日将举办展会",
            PUB,
            [
                ("2022年", "2022-01-01", "2022-12-31", "vague", "before"),
                ("6月27日", "2023-06-27", "2023-06-27", "day", "after"),
            ],
            id="paragraph-year-contradicting-tense-ignored",
        ),
        pytest.param(
            "12月20日,全省推进会在我市召开",
            None,
            [("12月20日", None, None, "day", "before")],
            id="partial-without-publication",
        ),
        # --- times --------------------------------------------------------------
        pytest.param(
            "将于6月27日上午9:30开幕",
            PUB,
            [("6月27日上午9:30", "2023-06-27", "2023-06-27", "day", "after")],
            id="time-after-date-keeps-day-precision",
        ),
        # --- relative ------------------------------------------------------------
        pytest.param("今天开幕", PUB, [("今天", "2023-06-19", "2023-06-19", "day", "unknown")], id="relative-today"),
        pytest.param(
            "今日开幕", PUB, [("今日", "2023-06-19", "2023-06-19", "day", "unknown")], id="relative-today-written"
        ),
        pytest.param("明天开幕", PUB, [("明天", "2023-06-20", "2023-06-20", "day", "after")], id="relative-tomorrow"),
        pytest.param(
            "明日开幕", PUB, [("明日", "2023-06-20", "2023-06-20", "day", "after")], id="relative-tomorrow-written"
        ),
        pytest.param("昨天闭幕", PUB, [("昨天", "2023-06-18", "2023-06-18", "day", "before")], id="relative-yesterday"),
        pytest.param(
            "昨日闭幕", PUB, [("昨日", "2023-06-18", "2023-06-18", "day", "before")], id="relative-yesterday-written"
        ),
        pytest.param(
            "前天闭幕", PUB, [("前天", "2023-06-17", "2023-06-17", "day", "before")], id="relative-day-before-yesterday"
        ),
        pytest.param(
            "后天开幕", PUB, [("后天", "2023-06-21", "2023-06-21", "day", "after")], id="relative-day-after-tomorrow"
        ),
        pytest.param("明天开幕", None, [("明天", None, None, "day", "after")], id="relative-without-publication"),
        pytest.param(
            "明年3月举办",
            PUB,
            [("明年3月", "2024-03-01", "2024-03-31", "month", "after")],
            id="relative-next-year-month",
        ),
        pytest.param(
            "今年5月举办了",
            PUB,
            [("今年5月", "2023-05-01", "2023-05-31", "month", "before")],
            id="relative-this-year-month",
        ),
        pytest.param(
            "去年举办", PUB, [("去年", "2022-01-01", "2022-12-31", "vague", "before")], id="relative-last-year"
        ),
        pytest.param(
            "下周三开幕", PUB, [("下周三", "2023-06-28", "2023-06-28", "day", "after")], id="relative-next-wednesday"
        ),
        pytest.param(
            "本周五开幕", PUB, [("本周五", "2023-06-23", "2023-06-23", "day", "after")], id="relative-this-friday"
        ),
        pytest.param(
            "上周闭幕", PUB, [("上周", "2023-06-12", "2023-06-18", "month", "before")], id="relative-last-week"
        ),
        pytest.param(
            "本月下旬举办",
            PUB,
            [("本月下旬", "2023-06-01", "2023-06-30", "month", "after")],
            id="relative-this-month-late",
        ),
        pytest.param(
            "月底举办", PUB, [("月底", "2023-06-01", "2023-06-30", "month", "after")], id="relative-month-end"
        ),
        pytest.param(
            "月初举办了", PUB, [("月初", "2023-06-01", "2023-06-30", "month", "before")], id="relative-month-start"
        ),
        pytest.param(
            "下月举办", PUB, [("下月", "2023-07-01", "2023-07-31", "month", "after")], id="relative-next-month"
        ),
        pytest.param(
            "下个月举办",
            date(2023, 12, 5),
            [("下个月", "2024-01-01", "2024-01-31", "month", "after")],
            id="relative-next-month-crosses-year",
        ),
        # --- months ----------------------------------------------------------------
        pytest.param(
            "将于6月举办", date(2023, 2, 18), [("6月", "2023-06-01", "2023-06-30", "month", "after")], id="month-only"
        ),
        pytest.param(
            "2023年6月举办", None, [("2023年6月", "2023-06-01", "2023-06-30", "month", "before")], id="month-with-year"
        ),
        pytest.param(
            "将于6月中旬举办",
            date(2023, 2, 18),
            [("6月中旬", "2023-06-01", "2023-06-30", "month", "after")],
            id="month-middle-decade",
        ),
        pytest.param(
            "将于6月上旬举办",
            date(2023, 2, 18),
            [("6月上旬", "2023-06-01", "2023-06-30", "month", "after")],
            id="month-early-decade",
        ),
        pytest.param(
            "将于6月下旬举办",
            date(2023, 2, 18),
            [("6月下旬", "2023-06-01", "2023-06-30", "month", "after")],
            id="month-late-decade",
        ),
        pytest.param(
            "将于6-8月举办",
            date(2023, 2, 18),
            [("6-8月", "2023-06-01", "2023-08-31", "month", "after")],
            id="month-range",
        ),
        pytest.param(
            "将于6月举办", None, [("6月", None, None, "month", "after")], id="month-without-year-or-publication"
        ),
        # --- vague -----------------------------------------------------------------
        pytest.param("近日,大会在济南召开", PUB, [("近日", None, None, "vague", "before")], id="vague-recently"),
        pytest.param("日前,座谈会召开", None, [("日前", None, None, "vague", "before")], id="vague-days-ago"),
        pytest.param("近期,座谈会召开", PUB, [("近期", None, None, "vague", "before")], id="vague-lately"),
        pytest.param("前不久,座谈会召开", PUB, [("前不久", None, None, "vague", "before")], id="vague-not-long-ago"),
        pytest.param("近期将举办", PUB, [("近期", None, None, "vague", "after")], id="vague-soon-future"),
        pytest.param(
            "5月1日前报名",
            PUB,
            [("5月1日", "2023-05-01", "2023-05-01", "day", "before")],
            id="ri-qian-after-day-is-not-vague",
        ),
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
    assert _rows(text, published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("12月20日,推进会召开", ("12-20", "12-20"), id="partial-single-day"),
        pytest.param("将于12月30日至1月2日举办", ("12-30", "01-02"), id="partial-range-crosses-new-year"),
        pytest.param("6月27-30日", ("06-27", "06-30"), id="partial-range-same-month"),
    ],
)
def test_partial_dates_without_year(text: str, expected: tuple[str, str]) -> None:
    (mention,) = find_dates(text, published=None)
    assert (mention.partial_start, mention.partial_end) == expected
    assert mention.start is None
    assert mention.end is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("6月27日上午9:30开幕", time(9, 30), id="clock-morning"),
        pytest.param("6月27日下午2:00开幕", time(14, 0), id="clock-afternoon-shifts"),
        pytest.param("6月27日9时30分开幕", time(9, 30), id="clock-chinese-hour-minute"),
        pytest.param("6月27日下午3点半开幕", time(15, 30), id="clock-half-past"),
        pytest.param("6月27日开幕", None, id="clock-absent"),
    ],
)
def test_start_time(text: str, expected: time | None) -> None:
    (mention,) = find_dates(text, published=PUB)
    assert mention.start_time == expected
    assert mention.precision == "day"


def test_spans_are_offsets_into_raw_text() -> None:
    raw = "據悉，將於６月２７－３０日舉辦"
    (mention,) = find_dates(raw, published=PUB)
    assert raw[mention.span[0] : mention.span[1]] == "６月２７－３０日"
    assert (mention.start, mention.end) == (date(2023, 6, 27), date(2023, 6, 30))


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
