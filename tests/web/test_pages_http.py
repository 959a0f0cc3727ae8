"""The HTML as bytes (escaping, errors) and /metrics, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import AppConfig
from db.models.sources import Source
from db.models.subscribers import Delivery, Subscriber
from tests.fakes.clock import FakeClock
from tests.fakes.servers import serve_in_thread
from tests.web.conftest import add_event, link_article, make_app


def test_every_scraped_string_is_escaped(engine: Engine, client: httpx.Client) -> None:
    with Session(engine) as session, session.begin():
        event = add_event(session, name='<script>alert("x")</script>展会', venue="<img src=x onerror=alert(1)>")
        link_article(session, event, 'https://news.example/a?q="x"&b=<y>', "<b>标题</b>")
        link_article(session, event, "javascript:alert(1)", "恶意链接")
        public_id = event.public_id
    for path in ("/", f"/events/{public_id}"):
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;展会" in html
        assert "<img src=x" not in html
    html = client.get(f"/events/{public_id}").text
    assert 'href="https://news.example/a?q=&#34;x&#34;&amp;b=&lt;y&gt;"' in html
    assert "&lt;b&gt;标题&lt;/b&gt;" in html
    assert "javascript:" not in html


def test_unknown_event_is_404_and_bad_filters_400_on_the_page(client: httpx.Client) -> None:
    response = client.get("/events/doesnotexist")
    assert response.status_code == 404
    assert "找不到这个活动" in response.text
    response = client.get("/?region=<亚特兰蒂斯>&lang=en")
    assert response.status_code == 400
    assert "&lt;亚特兰蒂斯&gt;" in response.text
    assert '<html lang="en">' in response.text
    assert client.get("/?lang=xx").status_code == 400


def test_healthz_still_answers_next_to_the_calendar(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_metrics_in_prometheus_text(engine: Engine, client: httpx.Client) -> None:
    now = dt.datetime(2025, 3, 10, 1, 0, tzinfo=dt.UTC)
    with Session(engine) as session, session.begin():
        session.add_all(
            [
                Source(key="ok-source", name="好", kind="rss", url="https://a.example/", last_success_at=now),
                Source(key="bad-source", name="坏", kind="rss", url="https://b.example/", consecutive_failures=3),
                Source(key="off", name="停", kind="rss", url="https://c.example/", enabled=False),
            ]
        )
        event = add_event(session)
        add_event(session, status="cancelled")
        subscriber = Subscriber(chat_id=7)
        session.add(subscriber)
        session.flush()
        session.add_all(
            [
                Delivery(subscriber_id=subscriber.id, event_id=event.id, kind="new", event_version=1, status="queued"),
                Delivery(
                    subscriber_id=subscriber.id,
                    event_id=event.id,
                    kind="reminder",
                    event_version=1,
                    slot="7d",
                    status="sent",
                    due_at=now,
                    sent_at=now + dt.timedelta(seconds=0.3),
                ),
                Delivery(
                    subscriber_id=subscriber.id,
                    event_id=event.id,
                    kind="reminder",
                    event_version=1,
                    slot="1d",
                    status="failed",
                ),
            ]
        )
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = set(response.text.splitlines())
    for expected in (
        'eventradar_sources{state="ok"} 1',
        'eventradar_sources{state="failing"} 1',
        'eventradar_source_up{source="bad-source"} 0',
        'eventradar_source_consecutive_failures{source="bad-source"} 3',
        'eventradar_source_last_success_age_seconds{source="ok-source"} 3600',
        "eventradar_articles 0",
        'eventradar_events{status="upcoming"} 1',
        'eventradar_events{status="cancelled"} 1',
        'eventradar_deliveries{status="queued"} 1',
        'eventradar_deliveries{status="sent"} 1',
        'eventradar_deliveries{status="failed"} 1',
        'eventradar_send_latency_seconds_bucket{le="0.25"} 0',
        'eventradar_send_latency_seconds_bucket{le="0.5"} 1',
        "eventradar_send_latency_seconds_count 1",
        "eventradar_poll_duration_seconds_count 0",
        "# TYPE eventradar_send_latency_seconds histogram",
    ):
        assert expected in lines, expected
    assert 'source="off"' not in response.text


def test_a_fair_held_in_phases_lists_them_on_its_page(engine: Engine, client: httpx.Client) -> None:
    phases = [
        {"label": "第一期", "start": "2025-04-15", "end": "2025-04-19"},
        {"label": "第二期", "start": "2025-04-23", "end": "2025-04-27"},
        {"label": "第三期", "start": "2025-05-01", "end": None},
    ]
    with Session(engine) as session, session.begin():
        fair = add_event(
            session, name="第137届广交会", start_date=dt.date(2025, 4, 15), end_date=dt.date(2025, 5, 5), phases=phases
        )
        public_id = fair.public_id
    html = client.get(f"/events/{public_id}").text
    assert "2025年4月15日–5月5日" in html
    assert "<li>第一期 4月15日–19日</li><li>第二期 4月23日–27日</li><li>第三期 5月1日起</li>" in html
    english = client.get(f"/events/{public_id}?lang=en").text
    assert "<li>第二期 Apr 23–27</li><li>第三期 May 1 onward</li>" in english


def test_an_english_name_is_an_alias_on_the_page_and_the_name_in_the_english_ui(
    engine: Engine, client: httpx.Client
) -> None:
    with Session(engine) as session, session.begin():
        fair = add_event(
            session,
            name="第九届中国(上海)国际氢能博览会",
            aliases=["9th China (Shanghai) International Hydrogen Expo"],
            start_date=dt.date(2025, 4, 3),
            end_date=dt.date(2025, 4, 5),
            city="上海",
            province="上海",
        )
        public_id = fair.public_id
    chinese = client.get(f"/events/{public_id}").text
    assert "<h1>第九届中国(上海)国际氢能博览会</h1>" in chinese
    assert (
        '<dt>又名</dt><dd id="event-aliases"><span class="alias">9th China (Shanghai) International Hydrogen Expo</span>'
        in chinese
    )
    english = client.get(f"/events/{public_id}?lang=en").text
    assert "<h1>9th China (Shanghai) International Hydrogen Expo</h1>" in english
    assert (
        '<dt>Also known as</dt><dd id="event-aliases"><span class="alias">第九届中国(上海)国际氢能博览会</span>'
        in english
    )
    listing = client.get("/?lang=en").text
    assert ">9th China (Shanghai) International Hydrogen Expo</a>" in listing
    assert ">第九届中国(上海)国际氢能博览会</a>" in client.get("/").text


def test_subscribe_links_follow_the_public_urls_scheme(
    engine: Engine, app_config: AppConfig, clock: FakeClock, client: httpx.Client
) -> None:
    """The shipped config serves plain http: its feed button must say so, not promise https (issue #14)."""
    plain = app_config.model_copy(
        update={"server": app_config.server.model_copy(update={"public_url": "http://127.0.0.1:8080"})}
    )
    with serve_in_thread(make_app(engine, plain, clock)) as url:
        html = httpx.get(f"{url}/?region=广东", timeout=30).text
    feed = "127.0.0.1:8080/calendar.ics?region=%E5%B9%BF%E4%B8%9C"
    assert f'<a class="button" id="subscribe-feed" href="http://{feed}">http 订阅地址</a>' in html
    assert f'id="subscribe-webcal" href="webcal://{feed}"' in html
    assert "https" not in html.split("<main>", 1)[1]
    english = client.get("/?lang=en").text  # PUBLIC_URL is https
    assert '<a class="button" id="subscribe-feed" href="https://radar.example/calendar.ics">https feed address</a>' in (
        english
    )
    assert 'id="subscribe-webcal" href="webcal://radar.example/calendar.ics"' in english


def test_a_filter_we_cannot_read_is_said_in_the_pages_language_and_the_rest_kept(client: httpx.Client) -> None:
    response = client.get("/?industry=芯片,火星采矿&region=广东")
    assert response.status_code == 400
    html = response.text
    assert "没有找到行业“火星采矿”。试试：" in html
    assert '<input type="checkbox" name="industry" value="semiconductors" checked>' in html
    assert '<input type="checkbox" name="region" value="广东" checked>' in html
    # Each choice is a link that keeps the filters that could be read.
    assert '<a class="suggestion" href="/?industry=biomedicine,semiconductors&amp;region=%E5%B9%BF%E4%B8%9C">' in html
    assert 'id="subscribe-webcal"' not in html  # no feed for a filter that was refused
    response = client.get("/events/nosuchevent?lang=en&region=亚特兰蒂斯")
    assert response.status_code == 400
    assert "No region “亚特兰蒂斯” found" in response.text


def test_search_and_the_past_view_follow_one_rule_on_the_page_and_in_the_feed(
    engine: Engine, client: httpx.Client
) -> None:
    with Session(engine) as session, session.begin():
        fair = add_event(
            session,
            name="第137届中国进出口商品交易会",
            aliases=["137th Canton Fair"],
            venue="广交会展馆",
            start_date=dt.date(2025, 4, 15),
            end_date=dt.date(2025, 5, 5),
        )
        add_event(session, name="深圳国际人工智能展", venue="深圳会展中心", city="深圳", industries=["ai"])
        add_event(session, name="一月医药论坛", start_date=dt.date(2025, 1, 5), end_date=dt.date(2025, 1, 6))
        add_event(
            session,
            name="二月医药论坛（已取消）",
            start_date=dt.date(2025, 2, 5),
            end_date=dt.date(2025, 2, 6),
            cancelled_at=dt.datetime(2025, 1, 20, tzinfo=dt.UTC),
        )
        add_event(session, name="去年医药论坛", start_date=dt.date(2024, 12, 1), end_date=dt.date(2024, 12, 2))
        fair_id = fair.public_id
    feed = client.get("/calendar.ics?q=CANTON").text
    assert f"UID:{fair_id}" in feed
    assert feed.count("BEGIN:VEVENT") == 1
    page = client.get("/?q=CANTON").text
    assert page.count('<li class="event') == 1
    assert "calendar.ics?q=CANTON" in page  # the subscribe links carry the search
    assert "“CANTON”" in page  # and the feed's name says it

    past = client.get("/?when=past&lang=en").text
    # The most recent first, the cancelled one marked; 2024-12-01 is more than 90 days before 2025-03-10.
    assert past.index("二月医药论坛") < past.index("一月医药论坛")
    assert "去年医药论坛" not in past
    assert "第137届" not in past
    assert '<span class="badge">Cancelled</span>' in past
    assert '<a id="view-upcoming" href="/?lang=en">Upcoming events</a>' in past
    assert 'href="/?lang=en">中文</a>' not in past  # the language switch keeps the view
    assert '<a href="/?when=past" hreflang="zh">中文</a>' in past

    wrong = client.get("/?when=later&region=广东")
    assert wrong.status_code == 400
    assert "没有“later”这种列表，可选：" in wrong.text
    assert (
        '<a class="suggestion" href="/?region=%E5%B9%BF%E4%B8%9C&amp;when=past">往期活动（近 90 天）</a>' in wrong.text
    )
    assert client.get("/calendar.ics?when=past").status_code == 400  # feeds have one window, no views


def test_the_telegram_link_carries_the_filters_when_the_bot_is_known(
    engine: Engine, app_config: AppConfig, clock: FakeClock, client: httpx.Client
) -> None:
    """Nothing on the page mentioned the bot (issue #14); with no bot known, no link that leads nowhere."""
    assert "t.me/" not in client.get("/?region=广东").text
    named = app_config.model_copy(
        update={"telegram": app_config.telegram.model_copy(update={"bot_username": "EventRadarBot"})}
    )
    with serve_in_thread(make_app(engine, named, clock)) as url:
        html = httpx.get(f"{url}/?industry=biomedicine,ai&region=大湾区,广州", timeout=30).text
        english = httpx.get(f"{url}/?region=长三角&lang=en", timeout=30).text
        bare = httpx.get(f"{url}/", timeout=30).text
    link = "https://t.me/EventRadarBot?start=sub-biomedicine-ai-4401-greater-bay-area"
    assert (
        f'<a class="button telegram" id="telegram-link" href="{link}" rel="noopener">在 Telegram 接收提醒</a>' in html
    )
    assert "将订阅： 生物医药, 人工智能 · 广州, 粤港澳大湾区" in html
    assert 'href="https://t.me/EventRadarBot?start=sub-all-yangtze-river-delta"' in english
    assert "Subscribes to: all industries · Yangtze River Delta (长三角)" in english
    assert 'id="telegram-link" href="https://t.me/EventRadarBot"' in bare  # nothing chosen: the bot's welcome
