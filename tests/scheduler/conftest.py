"""Fixtures for polling tests: a misbehaving local feed server, sources in the database, a poller wired as in prod."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import load_config
from app.pipeline import build_http_client
from db.models.events import Event, EventArticle
from db.models.sources import Article, Source
from extract import Taxonomy
from scheduler.extraction import BatchExtractor, ThreadExtractor
from scheduler.fetch import Fetcher, HostPacer
from scheduler.poller import AdminNotifier, EventSink, Poller, ignore_events, log_to_admins
from tests.fakes.clock import FakeClock
from tests.fakes.feed_server import FeedServer, feed_server

REPO = Path(__file__).resolve().parents[2]
FEEDS = REPO.parent / "shared" / "fixtures" / "feeds"
PAGES = Path(__file__).resolve().parent / "pages"
TIMEOUT_SECONDS = 1.0
MAX_BODY_BYTES = 10_000_000


def shared_feed(name: str) -> bytes:
    path = FEEDS / name
    if not path.exists():
        pytest.skip(f"../shared/fixtures/feeds/{name} is not beside the checkout (third-party feeds live there)")
    return path.read_bytes()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as fake:
        yield fake


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return Taxonomy.from_mapping(data["industries"])


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.UTC))


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # The client production builds, with a short timeout so the timeout test is quick.
    config = load_config(REPO / "config.yaml", environ={})
    shipped = config.scheduler.model_copy(update={"request_timeout_seconds": TIMEOUT_SECONDS})
    async with build_http_client(config.model_copy(update={"scheduler": shipped})) as client:
        yield client


@pytest.fixture
def make_poller(engine: Engine, http: httpx.AsyncClient, taxonomy: Taxonomy, clock: FakeClock) -> Callable[..., Poller]:
    def make(
        *,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_concurrency: int = 8,
        fetch_deadline_seconds: float = 60.0,
        slow_fetch_seconds: float = 10.0,
        event_sink: EventSink = ignore_events,
        notify_admins: AdminNotifier = log_to_admins,
        extractor: BatchExtractor | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> Poller:
        fetcher = Fetcher(
            client or http,
            max_body_bytes=max_body_bytes,
            max_concurrency=max_concurrency,
            # One host (127.0.0.1) serves every test source; pacing has its own test.
            pacer=HostPacer(0.0),
            deadline_seconds=fetch_deadline_seconds,
            slow_after_seconds=slow_fetch_seconds,
            max_retry_after_seconds=86_400,
        )
        return Poller(
            sessions=sessionmaker(engine, expire_on_commit=False),
            fetcher=fetcher,
            extractor=extractor or ThreadExtractor(taxonomy),
            clock=clock,
            max_backoff_seconds=86_400,
            event_sink=event_sink,
            notify_admins=notify_admins,
        )

    return make


@pytest.fixture
def add_source(engine: Engine) -> Callable[..., int]:
    def add(key: str, url: str, kind: str = "rss", **fields: object) -> int:
        # The feed server is on 127.0.0.1, where only sources allowed on the private network may go.
        fields.setdefault("allow_private_network", True)
        with Session(engine) as session, session.begin():
            source = Source(key=key, name=key, kind=kind, url=url, interval_minutes=30, **fields)
            session.add(source)
            session.flush()
            return source.id

    return add


def count(engine: Engine, model: type[Article] | type[Event] | type[EventArticle]) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def source_row(engine: Engine, source_id: int) -> Source:
    with Session(engine, expire_on_commit=False) as session:
        return session.get_one(Source, source_id)
