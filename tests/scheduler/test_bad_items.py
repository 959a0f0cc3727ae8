"""One odd item never costs its feed, and nothing one source does costs another source its poll.

Feeds served by the fake feed server, stored on SQLite and PostgreSQL: items that neither database would store as
sent (a lone surrogate, a NUL, a link or guid too long for its column), impossible publication dates, and a poll
that fails in an unexpected place, which must be recorded as that source's failure like any other.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.models.events import Event
from db.models.sources import Article
from scheduler.jobs import poll_all
from scheduler.poller import Poller
from tests.fakes.clock import FakeClock
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import PAGES, source_row
from web.metrics import MetricsCollector

PollerFactory = Callable[..., Poller]
AddSource = Callable[..., int]

EXPO = "2027示例国际生物医药博览会"
EXPO_TEXT = f"{EXPO}将于2027年5月12日至14日在上海国家会展中心举办，预计吸引500家医药企业参展。"
FAIR = "2027示例智能制造产业对接会"
FAIR_TEXT = f"{FAIR}将于2027年6月8日在广州琶洲举办，200余家装备制造企业参加对接。"
GOOD_ITEM = {"id": "expo", "title": "博览会", "content_text": EXPO_TEXT, "date_published": "2026-11-02T02:00:00Z"}


def _json_feed(*items: dict[str, Any]) -> Route:
    # json.dumps escapes what it cannot write (a lone surrogate as \ud800, NUL as \u0000), as a real encoder does.
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "示例", "items": list(items)}
    return Route(body=json.dumps(document).encode(), content_type="application/feed+json")


def _rss(*items: tuple[str, str, str]) -> Route:
    """An RSS document of (guid, pubDate, text) items."""
    body = "".join(
        f"<item><title>{text[:12]}</title><guid>{guid}</guid><pubDate>{published}</pubDate>"
        f"<description>{text}</description></item>"
        for guid, published, text in items
    )
    return Route(
        body=(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例</title>'
            f"<link>http://example.invalid/</link><description>示例</description>{body}</channel></rss>"
        ).encode()
    )


def _articles(engine: Engine) -> dict[str, Article]:
    with Session(engine, expire_on_commit=False) as session:
        return {article.guid: article for article in session.scalars(select(Article))}


def _event_names(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(Event.name).order_by(Event.name)))


async def test_a_lone_surrogate_is_replaced_and_the_rest_of_the_feed_kept(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    bad = {"id": "split-emoji", "title": "展会速递\ud83d", "content_html": f"<p>{FAIR_TEXT}\ud83d</p><p>欢迎参加</p>"}
    source = add_source("json", server.route("/feed.json", _json_feed(bad, GOOD_ITEM)), kind="jsonfeed")
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert (outcome.articles_new, outcome.items_repaired) == (2, 1)
    assert _event_names(engine) == sorted([EXPO, FAIR])
    stored = _articles(engine)["split-emoji"]
    assert stored.title == "展会速递\ufffd"
    # The text after the broken character is kept, not silently cut.
    assert stored.text.endswith(f"{FAIR_TEXT}\ufffd\n欢迎参加")
    assert source_row(engine, source).consecutive_failures == 0


async def test_nul_and_control_characters_are_removed_from_what_is_stored(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    bad = {"id": "nul\x00", "title": "展会\x00速递", "content_text": f"{FAIR_TEXT}\x00\x07\n附件\x1b"}
    # Nothing but a NUL: nothing to read, left out.
    empty = {"id": "empty", "content_text": "\x00"}
    source = add_source("json", server.route("/feed.json", _json_feed(bad, empty, GOOD_ITEM)), kind="jsonfeed")
    poller = make_poller()
    outcome = await poller.poll(source)
    assert outcome.ok, outcome.error
    assert (outcome.articles_new, outcome.items_repaired, outcome.items_dropped) == (2, 1, 1)
    assert sorted(_articles(engine)) == ["expo", "nul"]
    stored = _articles(engine)["nul"]
    assert (stored.title, stored.text) == ("展会速递", f"展会速递\n{FAIR_TEXT}\n附件")
    assert _event_names(engine) == sorted([EXPO, FAIR])
    # The repaired guid is the one it is known by: the next poll recognises the item.
    again = await poller.poll(source, force=True)
    assert (again.ok, again.articles_new, again.articles_updated) == (True, 0, 0)


async def test_links_guids_and_titles_too_long_for_their_columns(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    long_link = "https://news.example/article?" + "x" * 2100
    items = [
        {"id": "long-link", "url": long_link, "content_text": FAIR_TEXT},
        # No id: the link is the guid, and it is too long for that column too.
        {"url": long_link + "&other", "content_text": "示例新闻。"},
        {"id": "g" * 1500, "content_text": "另一条新闻。"},
        {"id": "long-title", "title": "标题" * 600, "content_text": "第三条新闻。"},
        GOOD_ITEM,
    ]
    source = add_source("json", server.route("/feed.json", _json_feed(*items)), kind="jsonfeed")
    poller = make_poller()
    outcome = await poller.poll(source)
    assert outcome.ok, outcome.error
    assert (outcome.articles_new, outcome.items_repaired, outcome.items_dropped) == (5, 4, 0)
    stored = _articles(engine)
    assert stored["long-link"].url is None
    assert stored["expo"].url is None
    digests = sorted(guid for guid in stored if guid.startswith("sha256:"))
    assert len(digests) == 2
    assert all(stored[guid].url is None for guid in digests)
    title = stored["long-title"].title or ""
    assert (len(title), title[-1]) == (1000, "…")
    assert _event_names(engine) == sorted([EXPO, FAIR])

    again = await poller.poll(source, force=True)
    assert (again.ok, again.articles_new, again.articles_updated) == (True, 0, 0)
    assert len(_articles(engine)) == 5


async def test_impossible_publication_dates_are_unknown_and_a_little_ahead_is_the_fetch_time(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, clock: FakeClock
) -> None:
    # The clock says 2026-11-21 02:00 UTC (10:00 in Beijing).
    items = [
        ("year-9999", "Fri, 31 Dec 9999 23:00:00 GMT", "示例市人工智能产业对接会明天在示例市会展中心举行。"),
        ("placeholder", "Thu, 01 Jan 1970 00:00:00 GMT", "示例新闻。"),
        # Beijing's 17:00 sent as GMT: eight hours ahead of the clock.
        ("beijing-as-gmt", "Sat, 21 Nov 2026 09:00:00 GMT", "另一条新闻。"),
        ("good", "Mon, 02 Nov 2026 02:00:00 GMT", EXPO_TEXT),
    ]
    rss = add_source("rss", server.route("/feed.xml", _rss(*items)))
    late = {"id": "late", "content_text": "第三条新闻。", "date_published": "9999-12-31T23:00:00-05:00"}
    json_feed = add_source("json", server.route("/feed.json", _json_feed(late)), kind="jsonfeed")
    outcomes = await poll_all(make_poller(), [rss, json_feed])
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    published = {guid: article.published_at for guid, article in _articles(engine).items()}
    assert published == {
        "year-9999": None,
        "placeholder": None,
        "beijing-as-gmt": clock.now,
        "good": dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC),
        "late": None,
    }
    assert EXPO in _event_names(engine)


async def test_an_unexpected_error_in_one_source_is_its_own_recorded_failure(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, clock: FakeClock
) -> None:
    broken = {"fail": True}

    def sink(session: Session, new: Sequence[Event], changed: Sequence[Event]) -> None:
        # A fault of ours inside the write transaction, for the events of one source only.
        if broken["fail"] and any(event.name == FAIR for event in new):
            raise RuntimeError("sink exploded")

    told: list[str] = []

    async def notify(message: str) -> None:
        told.append(message)

    bad = add_source(
        "bad", server.route("/bad.json", _json_feed({"id": "fair", "content_text": FAIR_TEXT})), kind="jsonfeed"
    )
    good = add_source("good", server.route("/good.json", _json_feed(GOOD_ITEM)), kind="jsonfeed")
    poller = make_poller(event_sink=sink, notify_admins=notify)
    outcomes = {outcome.source: outcome for outcome in await poll_all(poller, [bad, good])}
    assert outcomes["good"].ok, outcomes["good"].error
    assert not outcomes["bad"].ok
    assert outcomes["bad"].error == "internal error: RuntimeError: sink exploded"
    assert (outcomes["bad"].articles_new, outcomes["bad"].events_new) == (0, 0)
    row = source_row(engine, bad)
    assert (row.consecutive_failures, row.last_error) == (1, "internal error: RuntimeError: sink exploded")
    assert row.next_poll_at is not None
    assert row.next_poll_at > clock.now
    # Nothing of the failed poll was stored; the other source's was.
    assert set(_articles(engine)) == {"expo"}
    metrics = MetricsCollector(engine=engine, clock=clock).render().splitlines()
    assert 'eventradar_source_up{source="bad"} 0' in metrics
    assert 'eventradar_source_up{source="good"} 1' in metrics

    # While backing off it is left alone; the tenth failure in a row tells the admins, once.
    assert (await poller.poll(bad)).skipped
    for _ in range(10):
        await poller.poll(bad, force=True)
    assert len(told) == 1
    assert "bad" in told[0]
    assert "RuntimeError: sink exploded" in told[0]

    broken["fail"] = False
    recovered = await poller.poll(bad, force=True)
    assert (recovered.ok, recovered.articles_new, recovered.events_new) == (True, 1, 1)
    assert source_row(engine, bad).consecutive_failures == 0


async def test_an_article_page_with_odd_dates_is_read_without_its_date(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    page = (PAGES / "expo-article.html").read_text(encoding="utf-8")
    # A label with a day that does not exist, markup far in the future: neither is a publication date.
    odd = page.replace("发布时间：2026-11-03 09:30", "发布时间：2026-02-30 09:30 更新时间：2099-12-31").replace(
        'content="2026-11-03 09:30"', 'content="9999-12-31 09:30"'
    )
    path = "/gzdt/2026/t20261103_1001.html"
    source = add_source(
        "one-page",
        server.route(path, Route(body=odd.encode(), content_type="text/html; charset=utf-8")),
        kind="html-article",
    )
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert outcome.articles_new == 1
    assert [article.published_at for article in _articles(engine).values()] == [None]
    # The event states its own year: it is read all the same.
    assert _event_names(engine) == ["2027广州国际医疗器械博览会"]


async def test_an_edition_number_too_long_to_be_one_does_not_cost_the_feed(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    # A number no fair has reached, longer than the edition column holds.
    odd = {"id": "odd", "content_text": f"第1234567890123456789届{FAIR_TEXT}"}
    source = add_source("json", server.route("/feed.json", _json_feed(odd, GOOD_ITEM)), kind="jsonfeed")
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert outcome.articles_new == 2
    with Session(engine) as session:
        editions = {name: edition for name, edition in session.execute(select(Event.name, Event.edition))}
    assert editions == {EXPO: "y2027", f"第1234567890123456789届{FAIR}": None}
