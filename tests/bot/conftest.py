"""Fixtures for the bot's tests: the shipped config, a fake Bot API server on a real port, renderer and choices, and
the real bot talking to that server (``chat``), driven the way Telegram would drive it, the dispatcher sending its
alerts, and the job telling admins of reports."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import Application, ContextTypes

from app.components import build_services
from app.config import AppConfig, load_config
from app.vocabulary import choices_of
from bot.application import build_application
from bot.choices import Choices
from bot.dispatcher import Dispatcher, Limits, sender_bot
from bot.jobs import ReportsJob
from bot.render import Renderer
from db.alerts import enqueue_event_alerts
from db.models.events import Event
from scheduler.inflight import InFlight
from tests.fakes.servers import serve_in_thread
from tests.fakes.telegram_api import FakeTelegram, Sent

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
ADMIN = 999


@pytest.fixture(scope="session")
def config() -> AppConfig:
    return load_config(REPO / "config.yaml", environ={})


@pytest.fixture(scope="session")
def choices(config: AppConfig) -> Choices:
    return choices_of(config)


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


class Chat:
    """Drives the bot the way Telegram would, and reads its answers from the fake server.

    ``errors`` collects every exception a handler let escape to the error handler: a user saw "something went
    wrong" for each.
    """

    def __init__(self, application: Application, telegram: FakeTelegram) -> None:  # type: ignore[type-arg]
        self.application = application
        self.telegram = telegram
        self.errors: list[BaseException] = []

        async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
            if context.error is not None:
                self.errors.append(context.error)

        application.add_error_handler(record)

    async def _process(self, update: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))

    async def send(self, chat_id: int, text: str, **values: Any) -> Sent:
        await self._process(self.telegram.message_update(chat_id, text, **values))
        return self.telegram.last_to(chat_id)

    async def press(self, chat_id: int, label: str, *, user_id: int | None = None) -> Sent:
        """Press the button labelled ``label`` (or, failing that, containing it) on the newest message having it."""
        for message in reversed(self.telegram.messages_to(chat_id)):
            buttons = message.buttons()
            exact = [(t, d) for t, d in buttons if t.removeprefix("✅ ") == label]
            for text, data in exact or buttons:
                if label in text:
                    update = self.telegram.callback_update(
                        chat_id, data, message_id=message.message_id, user_id=user_id
                    )
                    await self._process(update)
                    return self.telegram.last_to(chat_id)
        raise AssertionError(f"no button {label!r} in chat {chat_id}")

    async def forge(self, chat_id: int, data: str, *, user_id: int | None = None) -> str | None:
        """Press a button carrying ``data`` on the newest message of the chat, as a modified client can (Telegram
        does not check callback data); returns the text the bot answered the button press with."""
        message = self.telegram.last_to(chat_id)
        update = self.telegram.callback_update(chat_id, data, message_id=message.message_id, user_id=user_id)
        query_id = update["callback_query"]["id"]
        await self._process(update)
        answers = [
            c for c in self.telegram.calls_to("answerCallbackQuery") if c.params["callback_query_id"] == query_id
        ]
        assert answers, f"the button press {data!r} was never answered: the user's spinner keeps turning"
        answer: str | None = answers[-1].params.get("text")
        return answer


@pytest.fixture
def bot_config(config: AppConfig) -> AppConfig:
    return config.model_copy(
        update={
            "telegram": config.telegram.model_copy(update={"admin_chat_ids": [ADMIN]}),
            "server": config.server.model_copy(update={"public_url": "https://radar.example.org"}),
        }
    )


@contextlib.asynccontextmanager
async def running_bot(engine: Engine, api_url: str, telegram: FakeTelegram, config: AppConfig) -> AsyncIterator[Chat]:
    """The bot as the service runs it, from start to a clean shutdown."""
    sessions = sessionmaker(engine, expire_on_commit=False)
    services = build_services(sessions=sessions, config=config, clock=lambda: NOW)
    application = build_application(token=telegram.token, api_base_url=api_url, services=services)
    await application.initialize()
    try:
        yield Chat(application, telegram)
    finally:
        await application.shutdown()


@pytest.fixture
async def chat(engine: Engine, api_url: str, telegram: FakeTelegram, bot_config: AppConfig) -> AsyncIterator[Chat]:
    async with running_bot(engine, api_url, telegram, bot_config) as chat:
        yield chat


# The dispatcher's limits scaled down for tests: sends are not paced out over real seconds.
FAST = Limits(messages_per_second=500, per_chat_seconds=0.01, poll_seconds=0.05)


@pytest.fixture
async def dispatcher(engine: Engine, api_url: str, telegram: FakeTelegram, chat: Chat) -> AsyncIterator[Dispatcher]:
    """The dispatcher as the service runs it, sending to the fake Bot API with the bot's renderer, at NOW."""
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
        yield dispatcher
        dispatcher.close()


@pytest.fixture
def tell_admins(engine: Engine, chat: Chat) -> ReportsJob:
    """The job that tells the admins of readers' reports, as the service runs it, at NOW."""
    return ReportsJob(
        sessions=sessionmaker(engine, expire_on_commit=False),
        bot=chat.application.bot,
        admin_chat_ids=[ADMIN],
        inflight=InFlight(),
        clock=lambda: NOW,
    )
