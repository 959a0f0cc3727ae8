"""Polling sources served by a real local HTTP server: what a user sees in the calendar, and what survives faults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.pipeline import alert_subscribers
from db.alert_schedule import AlertSchedule
from db.models.events import Event, EventArticle, EventChange
from db.models.sources import Article
from db.models.subscribers import Delivery, Subscriber, Subscription
from scheduler.jobs import poll_all
from scheduler.poller import Poller, PollOutcome
from tests.fakes.clock import FakeClock
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import PAGES, count, shared_feed, source_row

SINA_RSS = "sina7x24_finance_2021-07-17T1739Z.rss.xml"
SINA_JSON = "sina7x24_finance_2021-07-17.jsonfeed.json"
GAMES_RSS = "rsshub_3dm_news_2023-04-01.rss.xml"
CAR_SHOW = "2021粤港澳大湾区国际车展"

PollerFactory = Callable[..., Poller]
AddSource = Callable[..., int]


def _rss(*items: tuple[str, str, str]) -> bytes:
    """An RSS document of (guid, pubDate, text) items, in the style of a government news feed."""
    body = "".join(
        f'<item><title>{text.split("。")[0]}</title><guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>{published}</pubDate><description><![CDATA[<p>{text}</p>]]></description></item>"
        for guid, published, text in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例资讯</title>'
        f"<link>http://example.invalid/</link><description>示例</description>{body}</channel></rss>"
    ).encode()


EXPO_TEXT = "2027示例国际生物医药博览会将于2027年5月12日至14日在上海国家会展中心举办，预计吸引500家医药企业参展。"
EXPO_MOVED = "因场馆调整，2027示例国际生物医药博览会改于2027年6月2日至4日在上海国家会展中心举办。"


def _events(engine: Engine) -> list[Event]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


def _event_named(engine: Engine, name: str) -> Event:
    matches = [event for event in _events(engine) if event.name == name]
    assert len(matches) == 1, [event.name for event in _events(engine)]
    return matches[0]


async def test_newswire_feed_becomes_articles_and_events(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("sina", server.route("/sina.xml", Route(body=shared_feed(SINA_RSS))))
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert outcome.articles_new == 100
    assert count(engine, Article) == 100
    car_show = _event_named(engine, CAR_SHOW)
    assert car_show.start_date == dt.date(2021, 7, 17)
    assert car_show.province == "广东"
    assert outcome.events_new == len(_events(engine))
    health = source_row(engine, source)
    assert health.consecutive_failures == 0
    assert health.last_success_at is not None


async def test_game_news_feed_gives_articles_but_no_industry_events(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("games", server.route("/3dm.xml", Route(body=shared_feed(GAMES_RSS))))
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert count(engine, Article) == 20
    assert [event.name for event in _events(engine)] == []


async def test_same_story_from_two_sources_is_one_event_with_two_source_links(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    rss = add_source("sina-rss", server.route("/sina.xml", Route(body=shared_feed(SINA_RSS))))
    json_feed = add_source(
        "sina-json",
        server.route("/sina.json", Route(body=shared_feed(SINA_JSON), content_type="application/feed+json")),
        kind="jsonfeed",
    )
    poller = make_poller()
    first = await poller.poll(rss)
    second = await poller.poll(json_feed)
    assert first.ok, first.error
    assert second.ok, second.error
    assert second.articles_new == 100
    assert second.events_new == 0
    car_show = _event_named(engine, CAR_SHOW)
    with Session(engine) as session:
        sources = session.scalars(
            select(Article.source_id)
            .join(EventArticle, EventArticle.article_id == Article.id)
            .where(EventArticle.event_id == car_show.id)
        ).all()
    assert sorted(sources) == sorted([rss, json_feed])


async def test_second_poll_of_an_unchanged_source_creates_nothing(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    # This server ignores conditional GET, so the whole feed comes again and must be recognised.
    source = add_source("sina", server.route("/sina.xml", Route(body=shared_feed(SINA_RSS))))
    poller = make_poller()
    await poller.poll(source)
    articles, events, links = count(engine, Article), count(engine, Event), count(engine, EventArticle)
    again = await poller.poll(source, force=True)
    assert again.ok
    assert (again.articles_new, again.articles_updated, again.events_new, again.events_changed) == (0, 0, 0, 0)
    assert (count(engine, Article), count(engine, Event), count(engine, EventArticle)) == (articles, events, links)


async def test_conditional_get_costs_nothing_when_the_feed_is_unchanged(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("sina", server.route("/sina.xml", Route(body=shared_feed(SINA_RSS), etag=True)))
    poller = make_poller()
    await poller.poll(source)
    again = await poller.poll(source, force=True)
    assert again.ok
    assert again.not_modified
    requests = server.requests_to("/sina.xml")
    assert "if-none-match" not in requests[0].headers
    assert requests[1].headers["if-none-match"] == source_row(engine, source).etag
    assert count(engine, Article) == 100


async def test_changed_article_is_re_extracted_and_a_moved_date_is_a_new_version(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, clock: FakeClock
) -> None:
    path = "/news.xml"
    server.route(path, Route(body=_rss(("expo-1", "Mon, 02 Nov 2026 02:00:00 GMT", EXPO_TEXT))))
    source = add_source("news", server.url(path))
    poller = make_poller()
    await poller.poll(source)
    event = _event_named(engine, "2027示例国际生物医药博览会")
    assert (event.start_date, event.end_date, event.version) == (dt.date(2027, 5, 12), dt.date(2027, 5, 14), 1)

    server.route(
        path,
        Route(
            body=_rss(
                ("expo-1", "Mon, 02 Nov 2026 02:00:00 GMT", EXPO_TEXT),
                ("expo-2", "Fri, 20 Nov 2026 02:00:00 GMT", EXPO_MOVED),
            )
        ),
    )
    clock.advance(hours=1)
    outcome = await poller.poll(source, force=True)
    assert (outcome.articles_new, outcome.events_new, outcome.events_changed) == (1, 0, 1)
    moved = _event_named(engine, "2027示例国际生物医药博览会")
    assert moved.public_id == event.public_id
    assert (moved.start_date, moved.end_date, moved.version) == (dt.date(2027, 6, 2), dt.date(2027, 6, 4), 2)
    assert moved.updated_at == clock.now
    with Session(engine) as session:
        change = session.scalars(select(EventChange).where(EventChange.event_id == moved.id)).one()
    assert change.version == 2
    assert change.changes["start_date"] == ["2027-05-12", "2027-06-02"]


async def test_feed_dates_in_gmt_are_read_as_beijing_days(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    # 21:28 GMT on the 18th is 05:28 on the 19th in Beijing: "明天" is the 20th.
    text = "示例市智能制造产业对接会将于明天在示例市国际会展中心举行，200余家装备制造企业参加对接。"
    source = add_source(
        "late", server.route("/late.xml", Route(body=_rss(("late-1", "Fri, 18 Jun 2021 21:28:00 GMT", text))))
    )
    await make_poller().poll(source)
    event = _event_named(engine, "示例市智能制造产业对接会")
    assert event.start_date == dt.date(2021, 6, 20)


async def test_event_sink_hears_of_new_and_changed_events_once(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    heard: list[tuple[list[str], list[str]]] = []

    def sink(session: Session, new: Sequence[Event], changed: Sequence[Event]) -> None:
        heard.append(([event.name for event in new], [event.name for event in changed]))

    path = "/news.xml"
    source = add_source(
        "news", server.route(path, Route(body=_rss(("expo-1", "Mon, 02 Nov 2026 02:00:00 GMT", EXPO_TEXT))))
    )
    poller = make_poller(event_sink=sink)
    await poller.poll(source)
    await poller.poll(source, force=True)
    assert heard == [(["2027示例国际生物医药博览会"], []), ([], [])]


async def test_html_listing_fetches_each_new_article_once(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    listing = (PAGES / "listing.html").read_bytes()
    server.route("/gzdt/", Route(body=listing, content_type="text/html; charset=utf-8"))
    server.route(
        "/gzdt/2026/t20261103_1001.html",
        Route(body=(PAGES / "expo-article.html").read_bytes(), content_type="text/html; charset=utf-8"),
    )
    # A GBK page whose server claims UTF-8; the page's own <meta charset="gb2312"> is right.
    gbk = (PAGES / "materials-article.html").read_text(encoding="utf-8").encode("gbk")
    server.route("/gzdt/2026/t20261110_1002.html", Route(body=gbk, content_type="text/html; charset=utf-8"))
    source = add_source("city-news", server.url("/gzdt/"), kind="html-list", province="广东")
    poller = make_poller()
    outcome = await poller.poll(source)
    assert outcome.ok, outcome.error
    assert outcome.articles_new == 2
    expo = _event_named(engine, "2027广州国际医疗器械博览会")
    assert (expo.start_date, expo.end_date, expo.city) == (dt.date(2027, 4, 8), dt.date(2027, 4, 10), "广州")
    assert "biomedicine" in expo.industries
    promotion = _event_named(engine, "示例市新材料产业招商推介会")
    assert promotion.start_date == dt.date(2026, 11, 9)
    assert promotion.province == "上海"

    await poller.poll(source, force=True)
    assert len(server.requests_to("/gzdt/2026/t20261103_1001.html")) == 1
    assert len(server.requests_to("/gzdt/")) == 2


async def test_html_listing_with_a_css_selector_reads_only_those_links(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    server.route("/gzdt/", Route(body=(PAGES / "listing.html").read_bytes(), content_type="text/html"))
    server.route(
        "/gzdt/2026/t20261103_1001.html",
        Route(body=(PAGES / "expo-article.html").read_bytes(), content_type="text/html"),
    )
    source = add_source(
        "city-news", server.url("/gzdt/"), kind="html-list", link_selector="ul.news-list li:first-child a"
    )
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert outcome.articles_new == 1
    assert server.requests_to("/gzdt/2026/t20261110_1002.html") == []


async def test_one_slow_source_does_not_hold_up_the_others(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    slow = add_source("slow", server.route("/slow.xml", Route(body=_rss(), delay=3)))
    fast = add_source("fast", server.route("/fast.xml", Route(body=shared_feed(GAMES_RSS))))
    finished: list[str] = []
    outcomes = await poll_all(make_poller(), [slow, fast], on_done=lambda outcome: finished.append(outcome.source))
    assert finished == ["fast", "slow"]
    by_source = {outcome.source: outcome for outcome in outcomes}
    assert by_source["fast"].ok
    assert not by_source["slow"].ok
    assert "timed out" in (by_source["slow"].error or "")
    assert source_row(engine, slow).consecutive_failures == 1
    assert count(engine, Article) == 20


def _assert_failed(outcome: PollOutcome, engine: Engine, source: int, message: str) -> None:
    assert not outcome.ok
    assert message in (outcome.error or ""), outcome.error
    row = source_row(engine, source)
    assert row.consecutive_failures == 1
    assert row.last_error is not None
    assert message in row.last_error
    assert row.next_poll_at is not None


async def test_server_error_then_recovery_loses_and_duplicates_nothing(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, clock: FakeClock
) -> None:
    source = add_source("flaky", server.route("/flaky.xml", Route(body=b"oops", status=500, content_type="text/plain")))
    poller = make_poller()
    _assert_failed(await poller.poll(source), engine, source, "HTTP 500")
    # While backing off, scheduled polls leave it alone.
    assert (await poller.poll(source)).skipped

    server.route("/flaky.xml", Route(body=shared_feed(GAMES_RSS)))
    clock.advance(hours=2)
    recovered = await poller.poll(source)
    assert recovered.ok
    assert count(engine, Article) == 20
    row = source_row(engine, source)
    assert (row.consecutive_failures, row.next_poll_at, row.last_success_at) == (0, None, clock.now)
    await poller.poll(source, force=True)
    assert count(engine, Article) == 20


async def test_timeout(engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource) -> None:
    source = add_source("slow", server.route("/slow.xml", Route(body=_rss(), delay=3)))
    _assert_failed(await make_poller().poll(source), engine, source, "timed out")


async def test_connection_reset(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("reset", server.route("/reset.xml", Route(mode="reset")))
    outcome = await make_poller().poll(source)
    assert not outcome.ok
    assert source_row(engine, source).consecutive_failures == 1


async def test_truncated_body_stores_nothing(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("cut", server.route("/cut.xml", Route(body=shared_feed(SINA_RSS), mode="truncate")))
    outcome = await make_poller().poll(source)
    assert not outcome.ok
    assert count(engine, Article) == 0


async def test_invalid_xml_keeps_what_was_stored(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("games", server.route("/3dm.xml", Route(body=shared_feed(GAMES_RSS))))
    poller = make_poller()
    await poller.poll(source)
    server.route("/3dm.xml", Route(body=b"<rss><channel><item><title>broken"))
    outcome = await poller.poll(source, force=True)
    assert not outcome.ok
    assert "not a readable RSS/Atom feed" in (outcome.error or "")
    assert count(engine, Article) == 20


async def test_json_feed_that_is_not_json_is_named(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source(
        "json", server.route("/feed.json", Route(body=b"<html>", content_type="text/html")), kind="jsonfeed"
    )
    _assert_failed(await make_poller().poll(source), engine, source, "not valid JSON")


async def test_fifty_megabyte_body_is_cut_off(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("huge", server.route("/huge.xml", Route(mode="stream", stream_bytes=50_000_000)))
    _assert_failed(await make_poller().poll(source), engine, source, "over the 10000000-byte limit")


async def test_gzip_bomb_is_cut_off_by_its_decompressed_size(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    bomb = b"<rss>" + b" " * 60_000_000
    source = add_source("bomb", server.route("/bomb.xml", Route(body=bomb, gzip=True)))
    _assert_failed(await make_poller().poll(source), engine, source, "over the 10000000-byte limit")


async def test_redirect_loop(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    server.route("/a", Route(status=302, headers={"Location": "/b"}))
    server.route("/b", Route(status=302, headers={"Location": "/a"}))
    source = add_source("loop", server.url("/a"))
    _assert_failed(await make_poller().poll(source), engine, source, "too many redirects")


async def test_429_with_retry_after_is_honoured(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, clock: FakeClock
) -> None:
    source = add_source("busy", server.route("/busy.xml", Route(status=429, headers={"Retry-After": "7200"})))
    _assert_failed(await make_poller().poll(source), engine, source, "HTTP 429")
    assert source_row(engine, source).next_poll_at == clock.now + dt.timedelta(seconds=7200)


async def test_admins_are_told_once_after_ten_failures_in_a_row(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    told: list[str] = []

    async def notify(message: str) -> None:
        told.append(message)

    source = add_source("down", server.route("/down.xml", Route(status=503, content_type="text/plain")))
    poller = make_poller(notify_admins=notify)
    for _ in range(12):
        await poller.poll(source, force=True)
    assert len(told) == 1
    assert "down" in told[0]
    assert "10 times in a row" in told[0]


async def test_an_edited_article_page_is_read_again_and_its_event_updated(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    page = (PAGES / "expo-article.html").read_text(encoding="utf-8")
    path = "/gzdt/2026/t20261103_1001.html"
    server.route(path, Route(body=page.encode(), content_type="text/html; charset=utf-8"))
    source = add_source("one-page", server.url(path), kind="html-article")
    poller = make_poller()
    first = await poller.poll(source)
    assert (first.articles_new, first.events_new) == (1, 1)

    edited = page.replace("2027年4月8日至10日", "2027年4月15日至17日").replace("2026-11-03 09:30", "2026-11-12 10:00")
    server.route(path, Route(body=edited.encode(), content_type="text/html; charset=utf-8"))
    second = await poller.poll(source, force=True)
    assert (second.articles_new, second.articles_updated, second.events_new, second.events_changed) == (0, 1, 0, 1)
    assert count(engine, Article) == 1
    expo = _event_named(engine, "2027广州国际医疗器械博览会")
    assert (expo.start_date, expo.end_date, expo.version) == (dt.date(2027, 4, 15), dt.date(2027, 4, 17), 2)


async def test_a_new_event_is_owed_once_to_each_matching_subscriber(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    with Session(engine) as session, session.begin():
        fan, other, outsider = Subscriber(chat_id=101), Subscriber(chat_id=102), Subscriber(chat_id=103)
        session.add_all([fan, other, outsider])
        session.flush()
        session.add_all(
            [
                Subscription(subscriber_id=fan.id, industry="biomedicine", region="上海"),
                Subscription(subscriber_id=fan.id, industry="biomedicine", region="*"),  # two matches, one message
                Subscription(subscriber_id=other.id, industry="*", region="上海"),
                Subscription(subscriber_id=outsider.id, industry="semiconductors", region="广东"),
            ]
        )
    path = "/news.xml"
    source = add_source(
        "news", server.route(path, Route(body=_rss(("expo-1", "Mon, 02 Nov 2026 02:00:00 GMT", EXPO_TEXT))))
    )
    poller = make_poller(event_sink=alert_subscribers(AlertSchedule()))
    await poller.poll(source)
    await poller.poll(source, force=True)
    with Session(engine) as session:
        owed = session.execute(
            select(Subscriber.chat_id, Delivery.kind).join(Delivery, Delivery.subscriber_id == Subscriber.id)
        ).all()
    assert sorted(owed) == [(101, "new"), (102, "new")]


async def test_every_event_of_one_poll_is_owed_to_its_own_subscribers(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    with Session(engine) as session, session.begin():
        chats = {chat_id: Subscriber(chat_id=chat_id) for chat_id in (201, 202, 203, 204)}
        chats[204].delivery_mode, chats[204].reminder_time = "digest", "18:00"
        session.add_all(chats.values())
        session.flush()
        session.add_all(
            [
                Subscription(subscriber_id=chats[201].id, industry="biomedicine", region="*"),
                Subscription(subscriber_id=chats[202].id, industry="*", region="上海"),
                Subscription(subscriber_id=chats[203].id, industry="semiconductors", region="广东"),
                Subscription(subscriber_id=chats[204].id, industry="biomedicine", region="广州"),
            ]
        )
    news = [
        ("bio-sh", EXPO_TEXT),  # biomedicine in 上海
        ("chips-sz", "2027深圳国际半导体产业博览会将于2027年3月10日至12日在深圳国际会展中心举办，集成电路企业参展。"),
        ("bio-gz", "2027广州生物医药产业对接会将于2027年4月8日在广州琶洲举办，邀请医药企业参加。"),
    ]
    path = "/news.xml"
    feed = _rss(*((guid, "Mon, 02 Nov 2026 02:00:00 GMT", text) for guid, text in news))
    source = add_source("news", server.route(path, Route(body=feed)))
    poller = make_poller(event_sink=alert_subscribers(AlertSchedule()))
    outcome = await poller.poll(source)
    assert outcome.events_new == 3
    with Session(engine) as session:
        owed = session.execute(
            select(Subscriber.chat_id, Event.city, Delivery.kind, Delivery.due_at)
            .join(Delivery, Delivery.subscriber_id == Subscriber.id)
            .join(Event, Event.id == Delivery.event_id)
        ).all()
    assert sorted((chat_id, city, kind) for chat_id, city, kind, _ in owed) == [
        (201, "上海", "new"),
        (201, "广州", "new"),
        (202, "上海", "new"),
        (203, "深圳", "new"),
        (204, "广州", "digest"),
    ]
    digest_at = next(due for chat_id, _, _, due in owed if chat_id == 204)
    assert digest_at.astimezone(dt.timezone(dt.timedelta(hours=8))).time() == dt.time(18, 0)
