"""Fixtures for the bot's tests: the shipped config, a fake Bot API server on a real port, renderer and choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import AppConfig, load_config
from bot.choices import Choices
from bot.render import Renderer
from db.alerts import enqueue_event_alerts
from db.models import Event
from extract.gazetteer import default_gazetteer
from tests.fakes.servers import serve_in_thread
from tests.fakes.telegram_api import FakeTelegram

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def config() -> AppConfig:
    return load_config(REPO / "config.yaml", environ={})


@pytest.fixture(scope="session")
def choices(config: AppConfig) -> Choices:
    return Choices(config.taxonomy(), default_gazetteer(), config.regions.featured)


@pytest.fixture(scope="session")
def renderer(choices: Choices) -> Renderer:
    return Renderer(choices, "https://radar.example.org")


@pytest.fixture
def telegram() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
def api_url(telegram: FakeTelegram) -> Iterator[str]:
    with serve_in_thread(telegram.app()) as url:
        yield f"{url}/bot"


def make_event(**values: object) -> Event:
    defaults: dict[str, object] = {
        "name": "2026中国（广州）国际生物医药博览会",
        "merge_key": "biomed-2026",
        "start_date": dt.date(2026, 6, 20),
        "end_date": dt.date(2026, 6, 22),
        "city": "广州",
        "province": "广东",
        "district": "海珠",
        "venue": "中国进出口商品交易会展馆",
        "industries": ["biomedicine"],
        "status": "upcoming",
    }
    defaults.update(values)
    return Event(**defaults)


def publish_event(engine: Engine, now: dt.datetime, **values: object) -> int:
    """Store an event as the poller would, and owe its alerts as of ``now``; returns its id."""
    with Session(engine) as session, session.begin():
        event = make_event(**values)
        session.add(event)
        session.flush()
        enqueue_event_alerts(session, event, "new", now=now)
        return event.id
