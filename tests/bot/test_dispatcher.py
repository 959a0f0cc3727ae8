"""The dispatcher against the fake Bot API over HTTP: the right chats get the right message once, whatever Telegram
answers (429, 403, a migrated group, 400, a network failure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.dispatcher import Dispatcher, Limits, sender_bot
from bot.render import Renderer
from db.models.subscribers import Delivery, Subscriber
from db.subscriptions import add_subscriptions, ensure_subscriber
from tests.bot.conftest import publish_event
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import FakeTelegram

NOW = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)
FAST = Limits(messages_per_second=500, per_chat_seconds=0.01, poll_seconds=0.05, backoff_seconds=60)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def dispatcher(
    engine: Engine, api_url: str, telegram: FakeTelegram, renderer: Renderer, clock: FakeClock
) -> AsyncIterator[Dispatcher]:
    bot = sender_bot(telegram.token, api_url, FAST)
    async with bot:
        dispatcher = Dispatcher(
            sessions=sessionmaker(engine, expire_on_commit=False), bot=bot, renderer=renderer, limits=FAST, clock=clock
        )
        yield dispatcher
        dispatcher.close()


def _subscribe(engine: Engine, chat_id: int, industries: list[str], regions: list[str], **values: object) -> int:
    with Session(engine) as session, session.begin():
        subscriber = ensure_subscriber(session, chat_id=chat_id, chat_type=str(values.pop("chat_type", "private")))
        for key, value in values.items():
            setattr(subscriber, key, value)
        add_subscriptions(session, subscriber, industries, regions)
        return subscriber.id


def _statuses(engine: Engine) -> dict[int, tuple[str, str | None]]:
    with Session(engine) as session:
        rows = session.execute(select(Subscriber.chat_id, Delivery.status, Delivery.last_error).join(Subscriber))
        return {chat: (status, error) for chat, status, error in rows}


async def test_the_right_chats_get_the_message_once(
    engine: Engine, dispatcher: Dispatcher, telegram: FakeTelegram
) -> None:
    _subscribe(engine, 1, ["biomedicine"], ["广东"])
    _subscribe(engine, 2, ["biomedicine"], ["广州"])
    _subscribe(engine, 2, [], ["海珠"])  # two matching subscriptions, still one message
    _subscribe(engine, 3, ["ai"], ["广东"])
    _subscribe(engine, 4, ["biomedicine"], ["上海"])
    _subscribe(engine, 5, ["biomedicine"], [], language="en")
    publish_event(engine, NOW, name="<b>生物医药</b> & 大健康博览会")
    assert await dispatcher.send_due() == 3
    assert await dispatcher.send_due() == 0
    assert sorted(s.chat_id for s in telegram.sent) == [1, 2, 5]
    message = telegram.last_to(1)
    assert message.parse_mode == "HTML"
    assert "&lt;b&gt;生物医药&lt;/b&gt; &amp; 大健康博览会" in message.text
    assert "2026年6月20日（周六）至22日（周一）" in message.text
    assert "中国进出口商品交易会展馆 · 广东 · 广州 · 海珠" in message.text
    assert 'href="https://radar.example.org/events/' in message.text
    english = telegram.last_to(5).text
    assert "New event" in english
    assert "Sat 20 Jun 2026 – Mon 22 Jun 2026" in english
    assert "Biomedicine" in english
    assert all(status == "sent" for status, _ in _statuses(engine).values())


async def test_flood_control_is_waited_out(engine: Engine, dispatcher: Dispatcher, telegram: FakeTelegram) -> None:
    _subscribe(engine, 1, [], [])
    _subscribe(engine, 2, [], [])
    telegram.fail(1, "429", retry_after=1)
    publish_event(engine, NOW)
    assert await dispatcher.send_due() == 2
    assert dispatcher.stats.flood_waits == 1
    assert sorted(s.chat_id for s in telegram.sent) == [1, 2]


async def test_a_blocked_bot_deactivates_the_subscriber(
    engine: Engine, dispatcher: Dispatcher, telegram: FakeTelegram
) -> None:
    subscriber_id = _subscribe(engine, 1, [], [])
    _subscribe(engine, 2, [], [])
    telegram.fail(1, "403")
    publish_event(engine, NOW)
    assert await dispatcher.send_due() == 1
    with Session(engine) as session:
        subscriber = session.get(Subscriber, subscriber_id)
        assert subscriber is not None
        assert subscriber.active is False
        assert subscriber.deactivated_reason == "Forbidden: bot was blocked by the user"
    assert _statuses(engine)[1][0] == "cancelled"
    # Later events are not even queued for it.
    publish_event(engine, NOW, merge_key="other", name="第二届机器人大会")
    assert await dispatcher.send_due() == 1
    assert [s.chat_id for s in telegram.sent] == [2, 2]


async def test_a_migrated_group_is_followed(engine: Engine, dispatcher: Dispatcher, telegram: FakeTelegram) -> None:
    _subscribe(engine, -100, [], [], chat_type="group")
    telegram.fail(-100, "migrate", new_chat_id=-1009999)
    publish_event(engine, NOW)
    assert await dispatcher.send_due() == 1
    assert [s.chat_id for s in telegram.sent] == [-1009999]
    with Session(engine) as session:
        assert session.scalars(select(Subscriber.chat_id)).all() == [-1009999]


async def test_a_bad_request_is_given_up_with_the_reason(
    engine: Engine, dispatcher: Dispatcher, telegram: FakeTelegram
) -> None:
    _subscribe(engine, 1, [], [])
    telegram.fail(1, "400", description="Bad Request: chat not found")
    publish_event(engine, NOW)
    assert await dispatcher.send_due() == 0
    assert _statuses(engine)[1] == ("failed", "400: Chat not found")


async def test_network_errors_retry_with_backoff(
    engine: Engine, dispatcher: Dispatcher, telegram: FakeTelegram, clock: FakeClock
) -> None:
    _subscribe(engine, 1, [], [])
    telegram.fail(1, "network", times=2)
    publish_event(engine, NOW)
    assert await dispatcher.send_due() == 0
    assert _statuses(engine)[1][0] == "queued"
    clock.now += dt.timedelta(seconds=59)
    assert await dispatcher.send_due() == 0  # not due yet
    clock.now += dt.timedelta(seconds=2)
    assert await dispatcher.send_due() == 0  # failed again; backoff doubles
    clock.now += dt.timedelta(seconds=121)
    assert await dispatcher.send_due() == 1
    assert _statuses(engine)[1] == ("sent", None)


async def test_forum_topics_keep_their_thread(engine: Engine, dispatcher: Dispatcher, telegram: FakeTelegram) -> None:
    telegram.chat(-1005, "supergroup", forum=True)
    _subscribe(engine, -1005, [], [], chat_type="supergroup", message_thread_id=77)
    publish_event(engine, NOW)
    assert await dispatcher.send_due() == 1
    assert telegram.last_to(-1005).thread_id == 77
