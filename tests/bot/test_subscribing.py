"""Subscribing in real conversations (python-telegram-bot over HTTP against the fake Bot API, on SQLite and
PostgreSQL): deep links, the picker's buttons, words in Chinese or ids, groups and their admins, a group upgraded to
a supergroup, listing and removing, and the one alert a new event owes each matching chat.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.config import AppConfig
from bot.dispatcher import Dispatcher
from db.alerts import enqueue_event_alerts
from db.models.events import Event
from db.models.subscribers import Subscriber, Subscription
from tests.bot.conftest import NOW, Chat, publish_event, running_bot
from tests.fakes.telegram_api import FakeTelegram


def _rows(engine: Engine, chat_id: int) -> set[tuple[str, str]]:
    with Session(engine) as session:
        query = select(Subscription.industry, Subscription.region).join(Subscriber).where(Subscriber.chat_id == chat_id)
        return {(i, r) for i, r in session.execute(query)}


async def test_a_deep_link_subscribes_in_one_tap(chat: Chat, engine: Engine) -> None:
    reply = await chat.send(1, "/start sub-biomedicine-guangdong")
    assert "已订阅" in reply.text
    assert "生物医药 · 广东" in reply.text
    assert _rows(engine, 1) == {("biomedicine", "广东")}
    await chat.send(2, "/start sub-new-energy-vehicles-4401")
    assert _rows(engine, 2) == {("new-energy-vehicles", "广州")}
    reply = await chat.send(3, "/start sub-biomedicine-atlantis")
    assert "atlantis" in reply.text
    assert _rows(engine, 3) == set()


async def test_subscribing_with_buttons_then_alerted_once(
    chat: Chat, engine: Engine, telegram: FakeTelegram, dispatcher: Dispatcher
) -> None:
    await chat.send(1, "/subscribe")
    await chat.press(1, "生物医药")
    reply = await chat.press(1, "人工智能")
    assert ("✅ 生物医药", "pi:biomedicine") in reply.buttons()
    await chat.press(1, "下一步")
    reply = await chat.press(1, "广东")  # opens the province
    assert "全省 · 广东" in reply.buttons()[0][0]
    await chat.press(1, "广州")
    await chat.press(1, "返回")
    reply = await chat.press(1, "上海")  # a municipality: its districts, and the whole city
    assert ("东城", "pr:110101") not in reply.buttons()
    assert ("黄浦区", "pr:310101") in reply.buttons()
    await chat.press(1, "全省 · 上海")
    await chat.press(1, "返回")
    reply = await chat.press(1, "完成订阅")
    assert "已订阅" in reply.text
    assert _rows(engine, 1) == {("biomedicine", "广州"), ("biomedicine", "上海"), ("ai", "广州"), ("ai", "上海")}

    await chat.send(2, "/subscribe 生物医药 上海")  # same industry, another region: not alerted
    await chat.send(3, "/subscribe 广东")  # any industry in 广东: alerted
    before = len(telegram.sent)
    event_id = publish_event(engine, NOW)  # 生物医药 in 广州 (广东)
    assert await dispatcher.send_due() == 2
    alerts = telegram.sent[before:]
    assert sorted(s.chat_id for s in alerts) == [1, 3]
    assert all("新活动" in s.text for s in alerts)
    with Session(engine) as session, session.begin():  # the event reported again by another source
        event = session.get(Event, event_id)
        assert event is not None
        assert enqueue_event_alerts(session, event, "new", now=NOW) == 0
    assert await dispatcher.send_due() == 0


async def test_a_restart_in_the_middle_of_the_picker_and_of_upcoming_forgets_nothing(
    engine: Engine, api_url: str, telegram: FakeTelegram, bot_config: AppConfig
) -> None:
    for day in range(1, 8):
        publish_event(engine, NOW, name=f"第{day}届生物医药论坛", merge_key=f"b{day}", start_date=dt.date(2026, 7, day))
    async with running_bot(engine, api_url, telegram, bot_config) as chat:
        await chat.send(1, "/subscribe")
        await chat.press(1, "生物医药")
        await chat.press(1, "下一步")
        await chat.press(1, "广东")
        reply = await chat.send(2, "/upcoming 生物医药 广州")
        assert "第 1/2 页" in reply.text
    async with running_bot(engine, api_url, telegram, bot_config) as chat:  # a new process, the same database
        await chat.press(1, "广州")
        await chat.press(1, "返回")
        reply = await chat.press(1, "完成订阅")
        assert "已订阅" in reply.text
        assert _rows(engine, 1) == {("biomedicine", "广州")}
        reply = await chat.press(2, "下一页")
        assert "第 2/2 页" in reply.text
        assert "筛选：生物医药、广州" in reply.text  # the filters of the first page still apply


async def test_subscribing_with_words_in_chinese_or_ids(chat: Chat, engine: Engine) -> None:
    reply = await chat.send(1, "/subscribe 生物医药 广东")
    assert "生物医药 · 广东" in reply.text
    await chat.send(1, "/subscribe semiconductors 上海 江苏")
    assert _rows(engine, 1) == {("biomedicine", "广东"), ("semiconductors", "上海"), ("semiconductors", "江苏")}
    reply = await chat.send(1, "/subscribe 生物医药 广东")
    assert "已经存在" in reply.text
    await chat.send(2, "/subscribe AI, guangdong、广州市", language_code="en")
    assert _rows(engine, 2) == {("ai", "广东"), ("ai", "广州")}


async def test_unknown_words_get_the_closest_valid_choices(chat: Chat, engine: Engine) -> None:
    reply = await chat.send(1, "/subscribe 生物医要 广东 火星基地")
    assert "我不认识：生物医要、火星基地" in reply.text
    assert "“生物医要”您是不是想找：生物医药" in reply.text
    assert "biomedicine" in reply.text  # the list of valid industries follows
    assert _rows(engine, 1) == set()
    reply = await chat.send(2, "/subscribe semiconductor shanghia", language_code="en")
    assert "semiconductors" in reply.text
    assert "shanghai" in reply.text


async def test_in_groups_only_admins_change_subscriptions_and_topics_are_kept(
    chat: Chat, engine: Engine, telegram: FakeTelegram
) -> None:
    telegram.chat(-1007, "supergroup", title="招商群 <team>", forum=True)
    telegram.admins[-1007] = {50}
    reply = await chat.send(-1007, "/subscribe 生物医药 广东", user_id=60, thread_id=9)
    assert "只有管理员" in reply.text
    assert reply.thread_id == 9
    assert _rows(engine, -1007) == set()
    reply = await chat.send(-1007, "/subscribe 生物医药 广东", user_id=50, thread_id=9)
    assert "已订阅" in reply.text
    assert reply.thread_id == 9
    with Session(engine) as session:
        group = session.scalars(select(Subscriber).where(Subscriber.chat_id == -1007)).one()
        assert (group.chat_type, group.message_thread_id, group.title) == ("supergroup", 9, "招商群 <team>")
    # Anyone may look.
    assert "生物医药 · 广东" in (await chat.send(-1007, "/subscriptions", user_id=60, thread_id=9)).text


@pytest.mark.parametrize("order", ["old group first", "supergroup first"])
async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscriptions_and_its_half_made_picker(
    chat: Chat, engine: Engine, telegram: FakeTelegram, order: str
) -> None:
    telegram.chat(-2001, "group", title="招商群")
    telegram.admins[-2001] = {50}
    await chat.send(-2001, "/subscribe 生物医药 广东", user_id=50)
    picker = await chat.send(-2001, "/subscribe", user_id=50)
    await chat.press(-2001, "人工智能", user_id=50)
    updates = telegram.migration_updates(-2001, -1002001)  # Telegram sends one in each chat, in either order
    for update in updates if order == "old group first" else reversed(updates):
        await chat._process(update)
    telegram.admins[-1002001] = {50}
    assert _rows(engine, -1002001) == {("biomedicine", "广东")}
    assert _rows(engine, -2001) == set()
    # The picker's message now lives in the supergroup; its buttons go on from where they were.
    await chat._process(telegram.callback_update(-1002001, "pn:", message_id=picker.message_id, user_id=50))
    await chat._process(telegram.callback_update(-1002001, "pd:", message_id=picker.message_id, user_id=50))
    assert _rows(engine, -1002001) == {("biomedicine", "广东"), ("ai", "*")}


async def test_listing_and_removing_subscriptions(chat: Chat, engine: Engine) -> None:
    await chat.send(1, "/subscribe 生物医药 人工智能 广东")
    reply = await chat.send(1, "/subscriptions")
    assert "生物医药 · 广东" in reply.text
    reply = await chat.press(1, "❌ 人工智能 · 广东")
    assert "人工智能" not in reply.text
    assert _rows(engine, 1) == {("biomedicine", "广东")}
    await chat.send(1, "/subscribe 上海")
    assert "已退订 1 项" in (await chat.send(1, "/unsubscribe 上海")).text
    assert "已退订 1 项" in (await chat.send(1, "/unsubscribe 全部")).text
    assert "还没有订阅" in (await chat.send(1, "/subscriptions")).text
