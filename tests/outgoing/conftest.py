"""One event reaching readers on every channel at once: the real bot on the fake Bot API (alerts through the
dispatcher, /event), and the real web app over HTTP (the page, and the iCal feed read back by ical.js)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from app.config import AppConfig, load_config
from bot.dispatcher import Dispatcher, Limits, sender_bot
from tests.bot.conftest import ADMIN, NOW, Chat, running_bot
from tests.conftest import REPO
from tests.fakes.clock import FakeClock
from tests.fakes.servers import serve_in_thread
from tests.fakes.telegram_api import FakeTelegram
from tests.web.conftest import make_app

FAST = Limits(messages_per_second=500, per_chat_seconds=0.01, poll_seconds=0.05)


@dataclass
class Channels:
    chat: Chat
    telegram: FakeTelegram
    dispatcher: Dispatcher
    web: httpx.Client


@pytest.fixture(scope="session")
def channels_config() -> AppConfig:
    config = load_config(REPO / "config.yaml", environ={})
    return config.model_copy(
        update={
            "telegram": config.telegram.model_copy(update={"admin_chat_ids": [ADMIN]}),
            "server": config.server.model_copy(update={"public_url": "https://radar.example.org"}),
        }
    )


@pytest.fixture
def web(engine: Engine, channels_config: AppConfig) -> Iterator[httpx.Client]:
    app = make_app(engine, channels_config, FakeClock(NOW))
    with serve_in_thread(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture
async def channels(engine: Engine, channels_config: AppConfig, web: httpx.Client) -> AsyncIterator[Channels]:
    telegram = FakeTelegram()
    with serve_in_thread(telegram.app()) as url:
        api_url = f"{url}/bot"
        async with running_bot(engine, api_url, telegram, channels_config) as chat:
            services = chat.application.bot_data["services"]
            async with sender_bot(telegram.token, api_url, FAST) as bot:
                dispatcher = Dispatcher(
                    sessions=sessionmaker(engine, expire_on_commit=False),
                    bot=bot,
                    renderer=services.renderer,
                    schedule=services.schedule,
                    limits=FAST,
                    clock=lambda: NOW,
                )
                yield Channels(chat, telegram, dispatcher, web)
                dispatcher.close()
