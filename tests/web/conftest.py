"""A calendar web app over a test database, a clock the test moves, helpers that insert events we wrote, and a real
browser (Debian's chromium, driven by Playwright) for the tests that look at the pages."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.applications import Starlette

from app.components import web_settings
from app.config import AppConfig, load_config
from db.models.events import Event, EventArticle
from db.models.sources import Article, Source
from tests.conftest import REPO
from tests.fakes.clock import FakeClock
from tests.fakes.servers import serve_in_thread
from web.app import create_web_app

# 10:00 in Shanghai on Monday 10 March 2025.
NOW = dt.datetime(2025, 3, 10, 2, 0, tzinfo=dt.UTC)
PUBLIC_URL = "https://radar.example"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_serial = itertools.count(1)


class HealthyStub:
    async def report(self) -> tuple[bool, dict[str, Any]]:
        return True, {"status": "ok"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture(scope="session")
def app_config() -> AppConfig:
    config = load_config(REPO / "config.yaml", environ={})
    return config.model_copy(update={"server": config.server.model_copy(update={"public_url": PUBLIC_URL})})


def make_app(engine: Engine, config: AppConfig, clock: FakeClock) -> Starlette:
    # Tests change the database between requests: no grace period for the data stamp.
    return create_web_app(
        health=HealthyStub(), engine=engine, settings=web_settings(config), clock=clock, feed_stamp_seconds=0
    )


@pytest.fixture
def base_url(engine: Engine, app_config: AppConfig, clock: FakeClock) -> Iterator[str]:
    """The app served by uvicorn on a loopback port: real HTTP, real gzip on the wire."""
    with serve_in_thread(make_app(engine, app_config, clock)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed at /usr/bin/chromium: run `make setup` (it installs it with apt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        yield http


def add_event(session: Session, **fields: Any) -> Event:
    """An event with plausible defaults; updated before the app's clock starts, so Last-Modified follows it."""
    serial = next(_serial)
    values: dict[str, Any] = {
        "name": f"测试产业博览会第{serial}届",
        "start_date": dt.date(2025, 4, 1),
        "end_date": dt.date(2025, 4, 3),
        "date_precision": "day",
        "province": "广东",
        "city": "广州",
        "industries": ["biomedicine"],
        "status": "upcoming",
        "updated_at": dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC),
        "first_seen_at": dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC),
    }
    values.update(fields)
    values.setdefault("merge_key", values["name"])
    event = Event(**values)
    session.add(event)
    session.flush()
    return event


def link_article(session: Session, event: Event, url: str, title: str | None = None) -> Article:
    source = session.query(Source).filter_by(key="test").one_or_none()
    if source is None:
        source = Source(key="test", name="测试新闻源", kind="rss", url="https://news.example/feed.xml")
        session.add(source)
        session.flush()
    article = Article(
        source_id=source.id,
        guid=url,
        url=url,
        title=title,
        text="我们自己写的测试文章。",
        content_hash=f"{next(_serial):064d}",
        published_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
    )
    session.add(article)
    session.flush()
    session.add(EventArticle(event_id=event.id, article_id=article.id, evidence="测试"))
    session.flush()
    return article
