"""The feed rules of issue 6, each checked on the bytes and by reading the feed back with ical.js and icalendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ical.model import FeedEvent, FeedInfo, SourceLink
from ical.render import fold, render_calendar, render_event
from tests.ical.icaljs import parse_with_icaljs

SHANGHAI = ZoneInfo("Asia/Shanghai")
UPDATED = dt.datetime(2025, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
INFO = FeedInfo(name="产业活动日历 · 生物医药", url="https://radar.example/calendar.ics?industry=biomedicine")


def expo(**changes: object) -> FeedEvent:
    values: dict[str, object] = {
        "uid": "Zq3-public_id_0001",
        "name": "第九届湾区生物医药创新博览会",
        "start": dt.date(2025, 3, 1),
        "end": dt.date(2025, 3, 3),
        "updated_at": UPDATED,
        "version": 1,
        "venue": "琶洲会展中心A区",
        "place": "广东 广州 海珠",
        "categories": ("生物医药", "人工智能"),
        "url": "https://radar.example/events/Zq3-public_id_0001",
        "sources": (SourceLink("https://news.example/a/1.html", "湾区日报：博览会三月开幕"),),
    }
    values.update(changes)
    return FeedEvent(**values)  # type: ignore[arg-type]


def physical_lines(feed: bytes) -> list[bytes]:
    assert feed.endswith(b"\r\n")
    return feed[:-2].split(b"\r\n")


def unfold(feed: bytes) -> list[str]:
    return feed.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")[:-1]


def test_lines_end_in_crlf_and_there_is_no_bom() -> None:
    feed = render_calendar(INFO, [expo(name="多行\n名称\r\n第三行")])
    assert feed.startswith(b"BEGIN:VCALENDAR\r\n")
    assert not feed.startswith(b"\xef\xbb\xbf")
    for line in physical_lines(feed):
        assert b"\n" not in line, line
        assert b"\r" not in line, line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("生物医药博览会ab;,\\\n é🙂"), min_size=1, max_size=200))
def test_folding_keeps_lines_within_75_octets_and_characters_whole(name: str) -> None:
    feed = render_event(expo(name=name))
    for line in physical_lines(feed):
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a multi-octet character
    # A line never ends in the middle of an escape (an odd run of backslashes): the pair stays together.
    for line in physical_lines(feed):
        run = len(line) - len(line.rstrip(b"\\"))
        assert run % 2 == 0, line
    summary = next(line for line in unfold(feed) if line.startswith("SUMMARY:"))
    parsed = icalendar.Event.from_ical(feed.decode("utf-8"))
    assert str(parsed["SUMMARY"]) == name.replace("\r\n", "\n").replace("\r", "\n")
    assert summary.startswith("SUMMARY:")


def test_fold_never_separates_a_backslash_from_what_it_escapes() -> None:
    # 74 octets of prefix put the backslash of "\;" at the 75th octet, the last one a line may hold.
    line = ("X" * 74 + "\\;" + "Y" * 10).encode()
    folded = fold(line).split(b"\r\n ")
    assert folded[0] == b"X" * 74
    assert folded[1].startswith(b"\\;")
    # An escaped backslash (two octets) ending exactly at octet 75 is a whole pair: the fold stays at 75.
    line = ("X" * 73 + "\\\\" + "Y" * 10).encode()
    assert fold(line).split(b"\r\n ")[0] == b"X" * 73 + b"\\\\"


def test_fold_counts_octets_not_characters() -> None:
    line = ("SUMMARY:" + "医" * 40).encode()  # 8 + 120 octets
    parts = fold(line).split(b"\r\n ")
    assert [len(p) for p in parts] == [74, 54]  # 8 + 22×3 = 74: a 23rd character would make 77
    assert b"".join(parts) == line


def test_text_is_escaped_and_reads_back_intact() -> None:
    name = "论坛; 第一场, 主会场\\分会场\n报名"
    feed = render_calendar(INFO, [expo(name=name, venue="会展中心, A馆; 二楼")])
    assert "SUMMARY:论坛\\; 第一场\\, 主会场\\\\分会场\\n报名" in unfold(feed)
    event = parse_with_icaljs(feed)["events"][0]
    assert event["summary"] == name
    assert event["location"] == "会展中心, A馆; 二楼, 广东 广州 海珠"


def test_uid_comes_from_the_public_id_and_same_input_gives_same_bytes() -> None:
    first = render_calendar(INFO, [expo()])
    second = render_calendar(INFO, [expo()])
    assert first == second
    assert "UID:Zq3-public_id_0001@eventradar" in unfold(first)
    assert parse_with_icaljs(first)["events"][0]["uid"] == "Zq3-public_id_0001@eventradar"


def test_dtstamp_and_last_modified_are_the_update_time_and_sequence_follows_the_version() -> None:
    feed = render_calendar(INFO, [expo(version=4)])
    lines = unfold(feed)
    assert "DTSTAMP:20250203T040506Z" in lines
    assert "LAST-MODIFIED:20250203T040506Z" in lines
    assert "SEQUENCE:3" in lines
    event = parse_with_icaljs(feed)["events"][0]
    assert event["sequence"] == 3
    assert event["dtstamp"] == "2025-02-03T04:05:06Z"
    later = render_calendar(INFO, [expo(version=5, updated_at=UPDATED + dt.timedelta(hours=1))])
    assert parse_with_icaljs(later)["events"][0]["sequence"] == 4
    assert "DTSTAMP:20250203T050506Z" in unfold(later)


def test_all_day_events_end_the_day_after_their_last_day() -> None:
    feed = render_calendar(INFO, [expo(start=dt.date(2025, 12, 30), end=dt.date(2025, 12, 31))])
    lines = unfold(feed)
    assert "DTSTART;VALUE=DATE:20251230" in lines
    assert "DTEND;VALUE=DATE:20260101" in lines
    assert not any(line.startswith("BEGIN:VTIMEZONE") for line in lines)
    event = parse_with_icaljs(feed)["events"][0]
    assert (event["start"], event["end"], event["isDate"]) == ("2025-12-30", "2026-01-01", True)


def test_timed_events_use_asia_shanghai_and_carry_its_vtimezone() -> None:
    starts = dt.datetime(2025, 3, 1, 1, 30, tzinfo=dt.UTC)  # 09:30 in Shanghai
    feed = render_calendar(INFO, [expo(starts_at=starts, ends_at=starts + dt.timedelta(hours=3))])
    lines = unfold(feed)
    assert "DTSTART;TZID=Asia/Shanghai:20250301T093000" in lines
    assert "DTEND;TZID=Asia/Shanghai:20250301T123000" in lines
    assert lines.count("BEGIN:VTIMEZONE") == 1
    parsed = parse_with_icaljs(feed)
    assert parsed["timezones"] == ["Asia/Shanghai"]
    event = parsed["events"][0]
    assert event["tzid"] == "Asia/Shanghai"
    assert event["isDate"] is False
    assert event["startUnix"] == int(starts.timestamp())
    assert icalendar.Calendar.from_ical(feed).walk("VEVENT")[0].decoded("DTSTART") == starts.astimezone(SHANGHAI)


def test_cancelled_events_say_so() -> None:
    feed = render_calendar(INFO, [expo(cancelled=True)])
    event = parse_with_icaljs(feed)["events"][0]
    assert event["status"] == "CANCELLED"
    assert event["description"].startswith("【已取消】")
    assert parse_with_icaljs(render_calendar(INFO, [expo()]))["events"][0]["status"] == "CONFIRMED"


def test_calendar_properties() -> None:
    feed = render_calendar(INFO, [])
    lines = unfold(feed)
    for expected in (
        "METHOD:PUBLISH",
        "NAME:产业活动日历 · 生物医药",
        "X-WR-CALNAME:产业活动日历 · 生物医药",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "URL:https://radar.example/calendar.ics?industry=biomedicine",
    ):
        assert expected in lines
    parsed = parse_with_icaljs(feed)
    assert (parsed["method"], parsed["name"], parsed["calname"]) == ("PUBLISH", INFO.name, INFO.name)
    assert (parsed["refresh"], parsed["ttl"]) == ("PT12H", "PT12H")
    assert parsed["events"] == []


def test_url_location_categories_and_description_with_sources() -> None:
    feed = render_calendar(INFO, [expo(categories=("生物医药", "经贸, 投资"))])
    event = parse_with_icaljs(feed)["events"][0]
    assert event["url"] == "https://radar.example/events/Zq3-public_id_0001"
    assert event["location"] == "琶洲会展中心A区, 广东 广州 海珠"
    assert event["categories"] == ["生物医药", "经贸, 投资"]
    assert event["description"] == (
        "日期: 2025-03-01 – 2025-03-03\n"
        "场馆: 琶洲会展中心A区\n"
        "地点: 广东 广州 海珠\n"
        "行业: 生物医药、经贸, 投资\n"
        "详情: https://radar.example/events/Zq3-public_id_0001\n"
        "来源:\n"
        "湾区日报：博览会三月开幕 https://news.example/a/1.html"
    )


def test_sources_whose_address_is_not_a_link_are_left_out() -> None:
    sources = (
        SourceLink("javascript:alert(1)", "脚本"),
        SourceLink("tg://resolve?domain=evil_bot", "电报"),
        SourceLink("https://bank.example@evil.example/", "冒充"),
        SourceLink("https://news.example/a/1.html", "湾区日报"),
    )
    description = parse_with_icaljs(render_calendar(INFO, [expo(sources=sources)]))["events"][0]["description"]
    assert description.endswith("来源:\n湾区日报 https://news.example/a/1.html")
    assert "脚本" not in description
    assert "tg:" not in description
    assert "evil.example" not in description


def test_urls_that_are_not_valid_uris_are_percent_encoded_not_broken() -> None:
    feed = render_calendar(INFO, [expo(url='https://radar.example/x?q="a b"')])
    assert "URL:https://radar.example/x?q=%22a%20b%22" in unfold(feed)


def test_english_labels() -> None:
    feed = render_calendar(FeedInfo(name="Industry events", language="en"), [expo(cancelled=True)])
    description = parse_with_icaljs(feed)["events"][0]["description"]
    assert description.startswith("[Cancelled]\nDates: 2025-03-01 – 2025-03-03\nVenue: ")


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        render_event(expo(updated_at=dt.datetime(2025, 1, 1)))
