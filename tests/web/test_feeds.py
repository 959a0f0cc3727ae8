"""The iCal endpoints over HTTP, on SQLite and PostgreSQL: what goes in a feed, filters, validators, gzip, tokens."""

from __future__ import annotations

import datetime as dt
import gzip

import httpx
from sqlalchemy import Engine, delete, update
from sqlalchemy.orm import Session

from db.models.events import Event
from db.models.subscribers import Subscriber, Subscription
from tests.fakes.clock import FakeClock
from tests.ical.icaljs import parse_with_icaljs
from tests.web.conftest import add_event, link_article


def names(feed: bytes) -> list[str]:
    return [event["summary"] for event in parse_with_icaljs(feed)["events"]]


def test_feed_holds_dated_events_of_the_window_and_recent_cancellations(engine: Engine, client: httpx.Client) -> None:
    with Session(engine) as session, session.begin():
        expo = add_event(session, name="湾区生物医药博览会", venue="琶洲会展中心", district="海珠")
        link_article(session, expo, "https://news.example/a/1.html", "博览会四月开幕")
        add_event(session, name="上月结束的论坛", start_date=dt.date(2025, 2, 7), end_date=dt.date(2025, 2, 8))
        add_event(session, name="太久以前的论坛", start_date=dt.date(2025, 2, 5), end_date=dt.date(2025, 2, 6))
        add_event(session, name="十八个月后的展会", start_date=dt.date(2026, 9, 10), end_date=dt.date(2026, 9, 12))
        add_event(session, name="十九个月后的展会", start_date=dt.date(2026, 9, 11), end_date=dt.date(2026, 9, 12))
        add_event(session, name="只知月份的展会", date_precision="month", end_date=dt.date(2025, 4, 30))
        add_event(session, name="日期不明的大会", start_date=None, end_date=None, date_precision="vague")
        add_event(
            session,
            name="刚取消的对接会",
            status="cancelled",
            cancelled_at=dt.datetime(2025, 3, 5, tzinfo=dt.UTC),
        )
        add_event(session, name="早已取消的对接会", cancelled_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))

    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    parsed = parse_with_icaljs(response.content)
    by_name = {event["summary"]: event for event in parsed["events"]}
    assert sorted(by_name) == sorted(["湾区生物医药博览会", "上月结束的论坛", "十八个月后的展会", "刚取消的对接会"])
    expo_read = by_name["湾区生物医药博览会"]
    assert (expo_read["start"], expo_read["end"]) == ("2025-04-01", "2025-04-04")
    assert expo_read["location"] == "琶洲会展中心, 广东 广州 海珠"
    assert expo_read["categories"] == ["生物医药"]
    assert "博览会四月开幕 https://news.example/a/1.html" in expo_read["description"]
    assert expo_read["url"].startswith("https://radar.example/events/")
    assert by_name["刚取消的对接会"]["status"] == "CANCELLED"
    assert parsed["name"] == "产业活动日历"


def test_filters_by_industry_id_or_label_and_region_containing_the_event(engine: Engine, client: httpx.Client) -> None:
    with Session(engine) as session, session.begin():
        add_event(session, name="广州药博会", province="广东", city="广州", industries=["biomedicine"])
        add_event(session, name="深圳芯片展", province="广东", city="深圳", industries=["semiconductors"])
        add_event(session, name="上海医药论坛", province="上海", city="上海", industries=["biomedicine", "ai"])
        add_event(session, name="海珠创新药沙龙", province="广东", city="广州", district="海珠")

    def feed_names(query: str) -> list[str]:
        response = client.get(f"/calendar.ics?{query}")
        assert response.status_code == 200, response.text
        return sorted(names(response.content))

    assert feed_names("industry=biomedicine") == sorted(["广州药博会", "上海医药论坛", "海珠创新药沙龙"])
    assert feed_names("industry=生物医药") == feed_names("industry=biomedicine")
    assert feed_names("region=广东") == sorted(["广州药博会", "深圳芯片展", "海珠创新药沙龙"])
    assert feed_names("region=广东省") == feed_names("region=广东")
    assert feed_names("region=广州") == sorted(["广州药博会", "海珠创新药沙龙"])
    assert feed_names("region=海珠区") == ["海珠创新药沙龙"]
    assert feed_names("industry=biomedicine,semiconductors&region=深圳,上海") == sorted(["深圳芯片展", "上海医药论坛"])
    assert feed_names("industry=ai&region=广东") == []
    named = client.get("/calendar.ics?industry=biomedicine&region=广东")
    assert parse_with_icaljs(named.content)["name"] == "产业活动日历 · 生物医药 · 广东"


def test_bad_filters_are_a_400_naming_the_value(client: httpx.Client) -> None:
    response = client.get("/calendar.ics?industry=biomedicine,火星采矿")
    assert response.status_code == 400
    assert "火星采矿" in response.text
    assert "biomedicine (生物医药)" in response.text
    response = client.get("/calendar.ics?region=亚特兰蒂斯")
    assert response.status_code == 400
    assert "亚特兰蒂斯" in response.text
    assert "广东" in response.text
    for query in ("colour=red", "lang=fr", "region=" + "广" * 100, "industry=" + ",ai" * 50):
        response = client.get(f"/calendar.ics?{query}")
        assert response.status_code == 400, query
        assert response.text.startswith("400 Bad Request: ")


def test_unchanged_feed_is_the_same_bytes_and_answers_304(
    engine: Engine, client: httpx.Client, clock: FakeClock
) -> None:
    with Session(engine) as session, session.begin():
        add_event(session, updated_at=dt.datetime(2025, 3, 1, 8, 0, 0, 500000, tzinfo=dt.UTC))
    first = client.get("/calendar.ics")
    clock.advance(hours=3)
    second = client.get("/calendar.ics")
    assert first.content == second.content
    assert first.headers["etag"] == second.headers["etag"]
    # The app started (NOW) after the event's update: a process cannot know what it announced before its start.
    assert first.headers["last-modified"] == "Mon, 10 Mar 2025 02:00:00 GMT"
    assert client.get("/calendar.ics", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    since = client.get("/calendar.ics", headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    assert since.headers["etag"] == first.headers["etag"]
    assert client.get("/calendar.ics", headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_last_modified_follows_updates_and_never_goes_back(
    engine: Engine, client: httpx.Client, clock: FakeClock
) -> None:
    with Session(engine) as session, session.begin():
        older_id = add_event(session, name="老活动").id
    first = client.get("/calendar.ics")
    with Session(engine) as session, session.begin():
        newer = add_event(session, name="新活动", updated_at=dt.datetime(2025, 3, 10, 5, 0, tzinfo=dt.UTC))
        newer_id = newer.id
    clock.advance(hours=4)
    second = client.get("/calendar.ics", headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200
    assert second.headers["last-modified"] == "Mon, 10 Mar 2025 05:00:00 GMT"
    # Deleting the newest event makes the newest update time older, but the feed changed: Last-Modified moves on.
    clock.advance(hours=1)
    with Session(engine) as session, session.begin():
        session.execute(delete(Event).where(Event.id == newer_id))
    third = client.get("/calendar.ics", headers={"If-Modified-Since": second.headers["last-modified"]})
    assert third.status_code == 200
    assert third.headers["last-modified"] == "Mon, 10 Mar 2025 07:00:00 GMT"
    assert names(third.content) == ["老活动"]
    # The version grows: the same UID with a higher SEQUENCE.
    with Session(engine) as session, session.begin():
        session.execute(
            update(Event)
            .where(Event.id == older_id)
            .values(version=2, venue="新场馆", updated_at=dt.datetime(2025, 3, 10, 7, 30, tzinfo=dt.UTC))
        )
    clock.advance(hours=1)
    fourth = client.get("/calendar.ics")
    event = parse_with_icaljs(fourth.content)["events"][0]
    assert event["sequence"] == 1
    assert fourth.headers["last-modified"] == "Mon, 10 Mar 2025 07:30:00 GMT"


def test_events_age_out_with_the_date_and_the_feed_changes(
    engine: Engine, client: httpx.Client, clock: FakeClock
) -> None:
    with Session(engine) as session, session.begin():
        add_event(session, name="二月中旬的论坛", start_date=dt.date(2025, 2, 8), end_date=dt.date(2025, 2, 8))
    assert names(client.get("/calendar.ics").content) == ["二月中旬的论坛"]
    clock.advance(days=1)
    assert names(client.get("/calendar.ics").content) == []


def test_gzip_when_asked(engine: Engine, client: httpx.Client) -> None:
    with Session(engine) as session, session.begin():
        for _ in range(20):
            add_event(session)
    plain = client.get("/calendar.ics", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    zipped = client.get("/calendar.ics", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"] == plain.headers["etag"]
    assert int(zipped.headers["content-length"]) < len(plain.content)
    # httpx decoded it; the bytes on the wire were gzip of the same feed.
    assert zipped.content == plain.content
    with client.stream("GET", "/calendar.ics", headers={"Accept-Encoding": "gzip"}) as raw:
        assert gzip.decompress(b"".join(raw.iter_raw())) == plain.content


def test_personal_feed_follows_the_subscriptions_and_dies_with_its_token(engine: Engine, client: httpx.Client) -> None:
    token = "tok_" + "x" * 28
    with Session(engine) as session, session.begin():
        add_event(session, name="广东医药会", province="广东", city="佛山", industries=["biomedicine"])
        add_event(session, name="浙江芯片会", province="浙江", city="杭州", industries=["semiconductors"])
        add_event(session, name="北京机器人大会", province="北京", city="北京", industries=["robotics"])
        subscriber = Subscriber(chat_id=42, calendar_token=token, language="en")
        session.add(subscriber)
        session.flush()
        session.add_all(
            [
                Subscription(subscriber_id=subscriber.id, industry="biomedicine", region="广东"),
                Subscription(subscriber_id=subscriber.id, industry="semiconductors", region="*"),
            ]
        )
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("private")
    parsed = parse_with_icaljs(response.content)
    assert sorted(e["summary"] for e in parsed["events"]) == ["广东医药会", "浙江芯片会"]
    assert parsed["name"] == "Industry events"
    assert token not in response.text
    assert client.get("/calendar/tok_unknown_unknown_unknown.ics").status_code == 404
    assert client.get("/calendar/short.ics").status_code == 404
    with Session(engine) as session, session.begin():
        session.execute(update(Subscriber).values(calendar_token=None))
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_one_event_feed_for_add_to_calendar(engine: Engine, client: httpx.Client) -> None:
    with Session(engine) as session, session.begin():
        dated = add_event(session, name="单个活动")
        vague = add_event(session, name="只知月份", date_precision="month")
        dated_id, vague_id = dated.public_id, vague.public_id
    response = client.get(f"/events/{dated_id}.ics")
    assert response.status_code == 200
    parsed = parse_with_icaljs(response.content)
    assert [e["uid"] for e in parsed["events"]] == [f"{dated_id}@eventradar"]
    assert client.get(f"/events/{vague_id}.ics").status_code == 404
    assert client.get("/events/nope.ics").status_code == 404
    again = client.get(f"/events/{dated_id}.ics", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_a_fair_held_in_phases_lists_them_in_its_calendar_entry(engine: Engine, client: httpx.Client) -> None:
    phases = [
        {"label": "第一期", "start": "2025-04-15", "end": "2025-04-19"},
        {"label": "第二期", "start": "2025-04-23", "end": None},
    ]
    with Session(engine) as session, session.begin():
        fair = add_event(
            session,
            name="第137届广交会",
            start_date=dt.date(2025, 4, 15),
            end_date=dt.date(2025, 5, 5),
            phases=phases,
        )
        public_id = fair.public_id
    (event,) = parse_with_icaljs(client.get(f"/events/{public_id}.ics").content)["events"]
    assert (event["start"], event["end"]) == ("2025-04-15", "2025-05-06")  # one entry, the whole fair
    assert (
        "日期: 2025-04-15 – 2025-05-05\n分期:\n第一期: 2025-04-15 – 2025-04-19\n第二期: 2025-04-23 –\n"
        in (event["description"])
    )
