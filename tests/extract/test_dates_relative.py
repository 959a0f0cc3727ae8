"""find_dates(): a date's year resolved by the tense of its sentence, relative dates (今天, 下周三, 本月下旬 …) and
vague ones (近日, 日前 …)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.date_rows import PUB, Row, rows


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
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
    ],
)
def test_find_dates(text: str, published: date | None, expected: list[Row]) -> None:
    assert rows(text, published) == expected
