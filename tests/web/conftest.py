"""A calendar web app over a test database, a clock the test moves, and helpers that insert events we wrote."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
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
