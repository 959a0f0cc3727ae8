"""What admins type to correct an event is read with the extractor's own readers: dates, places, event numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.admin_replies import PlaceReply, ReplyError, read_dates, read_event_number, read_place
from bot.buttons import decode
from extract.gazetteer import default_gazetteer
from extract.regions import default_regions

TODAY = dt.date(2027, 3, 1)
MAY_10_12 = (dt.date(2027, 5, 10), dt.date(2027, 5, 12))


@pytest.mark.parametrize(
    "reply",
    [
        "2027年5月10日至12日",
        "5月10日-12日",
        "2027-05-10 2027-05-12",
        "2027-05-10..2027-05-12",
        " 2027-05-10 .. 2027-05-12 ",
        "2027-05-10, 2027-05-12",
        "2027/5/10-2027/5/12",
        "五月十日至十二日",
    ],
)
def test_dates_in_the_usual_chinese_and_iso_forms(reply: str) -> None:
    dates = read_dates(reply, today=TODAY)
    assert (dates.start, dates.end) == MAY_10_12


def test_one_day_and_a_year_less_date_placed_nearest_today() -> None:
    one = read_dates("2027-05-10", today=TODAY)
    assert (one.start, one.end) == (dt.date(2027, 5, 10), dt.date(2027, 5, 10))
    across = read_dates("12月30日至1月2日", today=dt.date(2026, 12, 1))
    assert (across.start, across.end) == (dt.date(2026, 12, 30), dt.date(2027, 1, 2))


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("等主办方通知", "no_dates"),
        ("", "no_dates"),
        ("2027年5月", "not_days"),
        ("5月10日 5月12日 5月13日", "too_many_dates"),
        ("5月10日开幕，6月1日另有分会", "too_many_dates"),
        ("2027-05-12 2027-05-10", "end_before"),
    ],
)
def test_what_is_not_two_days_is_refused_with_what_was_wrong(reply: str, kind: str) -> None:
    with pytest.raises(ReplyError) as refused:
        read_dates(reply, today=TODAY)
    assert refused.value.kind == kind


@pytest.mark.parametrize(
    ("reply", "place"),
    [
        ("深圳国际会展中心", PlaceReply("深圳国际会展中心", "深圳", "广东", "宝安")),
        ("琶洲会展中心 广州", PlaceReply("琶洲会展中心", "广州", "广东", "海珠")),
        ("国家会议中心，北京朝阳区", PlaceReply("国家会议中心", "北京", "北京", "朝阳")),
        ("某某酒店 · 杭州", PlaceReply("某某酒店", "杭州", "浙江", None)),
        ("深圳", PlaceReply(None, "深圳", "广东", None)),
        ("上海", PlaceReply(None, "上海", "上海", None)),
        ("广州 海珠区", PlaceReply(None, "广州", "广东", "海珠")),
        ("广州某某国际会议中心", PlaceReply("广州某某国际会议中心", "广州", "广东", None)),
    ],
)
def test_places_are_a_known_venue_or_a_venue_and_a_region(reply: str, place: PlaceReply) -> None:
    assert read_place(reply, regions=default_regions(), gazetteer=default_gazetteer()) == place


@pytest.mark.parametrize(
    ("reply", "kind"), [("", "no_place"), ("某某会展中心", "no_city"), ("鼓楼区 某会展中心", "ambiguous")]
)
def test_a_place_without_a_city_or_with_an_ambiguous_one_is_refused(reply: str, kind: str) -> None:
    with pytest.raises(ReplyError) as refused:
        read_place(reply, regions=default_regions(), gazetteer=default_gazetteer())
    assert refused.value.kind == kind
    if kind == "ambiguous":
        assert "南京鼓楼区" in refused.value.detail


def test_event_numbers() -> None:
    assert [read_event_number(r) for r in ("42", "#42", " ＃42 ", "/event 42")] == [42, 42, 42, 42]
    for reply in ("abc", "4 2", "-1", "42 43", "9" * 13):
        with pytest.raises(ReplyError):
            read_event_number(reply)


def test_callback_data_is_read_strictly() -> None:
    assert decode("ad:hide:12") is not None
    assert decode("rr:12:wrong_dates") is not None
    for data in (
        "ad:hide:12:x",
        "ad:Hide:12",
        "ad:hide:",
        "ad:hide:-1",
        "rr:12:boring",
        "rp:1 ",
        "xx:1",
        "ad:hide:" + "1" * 60,
    ):
        assert decode(data) is None, data
