"""The demo source as a new user meets it: `poll-once` on the shipped config works offline, with or without the
service; its dates follow the day it is served; the article pages its events link to exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import AppConfig, load_config
from db.models.events import Event
from db.models.sources import Article, Source
from extract import Taxonomy
from scheduler.extraction import ThreadExtractor
from scheduler.fetch import Fetcher, FetchError, HostPacer
from scheduler.poller import Poller
from scheduler.transport import build_source_client
from tests.app.running import REPO, environment, run_cli, write_config
from tests.fakes.clock import FakeClock
from tests.fakes.feed_server import Route, feed_server
from web.app import create_web_app
from web.demo import InProcessDemo, demo_site, serve_demo_in_process
from web.demo_content import SERIES, articles_on

CHINA = ZoneInfo("Asia/Shanghai")


def test_poll_once_on_the_shipped_config_works_offline_without_the_service(db_url: str, tmp_path: Path) -> None:
    # The shipped demo source may not reach private addresses: had its request left the process for 127.0.0.1:8080
    # (where nothing of ours listens), the address policy would have refused it. It was answered in-process.
    env = environment(REPO / "config.yaml", db_url)
    result = run_cli("poll-once", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # A year of articles: one about each of the nine yearly series.
    assert result.stdout.splitlines() == [
        "sources: 1 ok, 0 failed (0 unchanged)",
        "articles: 9 new, 0 updated",
        "events: 9 new, 0 changed",
    ]
    again = run_cli("poll-once", env=env, cwd=tmp_path)
    assert again.returncode == 0
    assert again.stdout.splitlines()[0] == "sources: 1 ok, 0 failed (1 unchanged)"  # a conditional GET: 304
    listed = run_cli("events", "list", env=env, cwd=tmp_path)
    assert listed.returncode == 0
    assert not listed.stdout.startswith("no events"), listed.stdout


def test_poll_once_source_polls_the_named_source_only(db_url: str, engine: Engine, tmp_path: Path) -> None:
    with feed_server() as server:
        url = server.route("/trial.xml", Route(body=_one_item_feed()))
        trial = {"id": "trial", "name": "trial", "kind": "rss", "url": url, "enabled": False}
        config = write_config(tmp_path, sources=[*_shipped_sources(), trial])
        env = environment(config, db_url)
        result = run_cli("poll-once", "--source", "trial", env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[:2] == ["sources: 1 ok, 0 failed (0 unchanged)", "articles: 1 new, 0 updated"]
        # The poll's counts, in the log: an item with nothing to read in it is one dropped.
        assert (
            "polled trial: 1 items, 1 new articles, 0 updated, 1 new events, 0 changed events, 1 items dropped"
            in result.stderr
        )
        with Session(engine) as session:
            polled = set(session.scalars(select(Source.key).join(Article, Article.source_id == Source.id)))
        assert polled == {"trial"}  # not the enabled demo

        unknown = run_cli("poll-once", "--source", "trail", env=env, cwd=tmp_path)
        assert unknown.returncode == 2
        assert unknown.stderr.splitlines()[-1] == (
            "eventradar poll-once: no source 'trail' in config.yaml or the database "
            "(there are: ccpit-events, demo, gd-gxt, mofcom-news, sina-7x24, trial)"
        )


def _shipped_sources() -> list[dict[str, object]]:
    sources: list[dict[str, object]] = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["sources"]
    return sources


def _one_item_feed() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>2030中国（合肥）智能家电产业博览会9月举办</title><guid>trial-1</guid>"
        "<pubDate>Mon, 01 Jul 2030 02:00:00 GMT</pubDate>"
        "<description>2030中国（合肥）智能家电产业博览会将于2030年9月10日至12日在合肥滨湖国际会展中心举办。</description>"
        "</item><item><guid>trial-empty</guid></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("year", [2026, 2031, 2040])
def test_every_day_of_a_year_the_demo_has_something_coming(year: int) -> None:
    day = dt.date(year, 1, 1)
    while day.year == year:
        articles = articles_on(day)
        assert len(articles) == len(SERIES), day
        assert all(article.published.date() <= day for article in articles), day
        assert any(article.end >= day for article in articles), f"nothing upcoming in the demo on {day}"
        day += dt.timedelta(days=1)


def _config() -> AppConfig:
    return load_config(REPO / "config.yaml", environ={})


def _in_process(config: AppConfig, clock: FakeClock) -> Callable[[httpx.AsyncBaseTransport], InProcessDemo]:
    """The source client's in-process demo at the service's addresses, as `app.pipeline` builds it."""
    server = config.server
    return partial(serve_demo_in_process, clock=clock, public_url=server.public_url, host=server.host, port=server.port)


def _poller(engine: Engine, client: httpx.AsyncClient, clock: FakeClock) -> Poller:
    taxonomy = Taxonomy.from_mapping([industry.model_dump() for industry in _config().industries])
    return Poller(
        sessions=sessionmaker(engine, expire_on_commit=False),
        fetcher=Fetcher(client, max_body_bytes=10_000_000, max_concurrency=4, pacer=HostPacer(0.0)),
        extractor=ThreadExtractor(taxonomy),
        clock=clock,
        max_backoff_seconds=86_400,
    )


async def test_the_demo_s_dates_follow_the_day_and_never_move_once_published(engine: Engine) -> None:
    """Polled over years, each edition is one event with the days its article states; nothing is changed later."""
    config = _config()
    demo = next(source for source in config.sources if source.id == "demo")
    with Session(engine) as session, session.begin():
        session.add(Source(key="demo", name="demo", kind="rss", url=demo.url))
    clock = FakeClock(dt.datetime(2031, 7, 15, 2, 0, tzinfo=dt.UTC))
    # The source client the service builds (address policy and all), with the demo on the test's clock.
    in_process = _in_process(config, clock)
    async with build_source_client(
        user_agent="test", request_timeout_seconds=5, max_connections=4, in_process=in_process
    ) as client:
        poller = _poller(engine, client, clock)
        with Session(engine) as session:
            source_id = session.scalars(select(Source.id)).one()
        seen: dict[str, tuple[dt.date | None, dt.date | None]] = {}
        for days in (0, 1, 45, 120, 200, 365, 800):
            clock.now = dt.datetime(2031, 7, 15, 2, 0, tzinfo=dt.UTC) + dt.timedelta(days=days)
            today = clock.now.astimezone(CHINA).date()
            outcome = await poller.poll(source_id, force=True)
            assert outcome.ok, outcome.error
            assert outcome.events_changed == 0, today
            with Session(engine) as session:
                stored = {event.name: (event.start_date, event.end_date) for event in session.scalars(select(Event))}
            # What was read before is still there, with the same days.
            assert {name: stored[name] for name in seen} == seen
            seen = stored
            expected = {(article.start, article.end) for article in articles_on(today)}
            assert expected <= set(stored.values()), today
            assert any(end is not None and end >= today for _, end in stored.values()), today
    assert len(seen) == 9 * 3  # three years of editions, one event each


async def test_the_source_links_of_demo_events_are_pages_that_exist() -> None:
    config = _config()
    clock = FakeClock(dt.datetime(2029, 2, 1, 2, 0, tzinfo=dt.UTC))
    site = demo_site(config.server.public_url, clock)
    web = create_web_app(health=_Healthy(), demo=site)  # the web server's routes, as `eventradar run` builds them
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url=config.server.public_url) as client:
        feed = await client.get("/demo/feed.xml")
        assert feed.status_code == 200
        assert feed.headers["content-type"].startswith("application/rss+xml")
        cached = await client.get("/demo/feed.xml", headers={"If-None-Match": feed.headers["ETag"]})
        assert cached.status_code == 304
        articles = articles_on(dt.date(2029, 2, 1))
        for article in articles:
            link = site.link(article)
            assert f"<link>{link}</link>" in feed.text
            assert link.startswith("http://127.0.0.1:8080/demo/articles/")  # server.public_url, where people are
            page = await client.get(link)
            assert page.status_code == 200, link
            assert f"<h1>{article.title}</h1>" in page.text
            assert all(paragraph in page.text for paragraph in article.paragraphs)
        index = await client.get("/demo/")
        assert all(article.title in index.text for article in articles)
        assert (await client.get("/demo/articles/no-such-thing-2029.html")).status_code == 404
        # An article not published yet on the day is not there either.
        assert (await client.get("/demo/articles/gba-biomedicine-expo-2031.html")).status_code == 404


class _Healthy:
    async def report(self) -> tuple[bool, dict[str, Any]]:
        return True, {"status": "ok"}


async def test_only_the_demo_is_answered_in_process_everything_else_keeps_the_address_policy() -> None:
    config = _config()
    in_process = _in_process(config, FakeClock(dt.datetime(2029, 2, 1, tzinfo=dt.UTC)))
    async with build_source_client(
        user_agent="test", request_timeout_seconds=5, max_connections=4, in_process=in_process
    ) as client:
        fetcher = Fetcher(client, max_body_bytes=10_000_000, max_concurrency=2, pacer=HostPacer(0.0))
        demo = await fetcher.get("http://127.0.0.1:8080/demo/feed.xml")
        assert demo.status_code == 200
        assert b"<rss" in demo.body
        # The service's own address, but not the demo: a source may not make us fetch it.
        with pytest.raises(FetchError) as caught:
            await fetcher.get("http://127.0.0.1:8080/metrics")
        assert caught.value.kind == "blocked"
        assert "loopback" in str(caught.value)
