"""find_dates(): the forms a date is written in (ranges, single days, times, months), partial dates without a year,
start times and spans into the raw text. Years by tense and relative dates are in test_dates_relative.py, what is
not a date in test_not_dates.py."""

from __future__ import annotations

from datetime import date, time

import pytest

from extract.chinese_dates import find_dates
from tests.extract.date_rows import PUB, Row, rows


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
        # --- times --------------------------------------------------------------
        pytest.param(
            "将于6月27日上午9:30开幕",
            PUB,
            [("6月27日上午9:30", "2023-06-27", "2023-06-27", "day", "after")],
            id="time-after-date-keeps-day-precision",
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
    ],
)
def test_find_dates(text: str, published: date | None, expected: list[Row]) -> None:
    assert rows(text, published) == expected


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
