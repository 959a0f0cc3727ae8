"""Real conversations: python-telegram-bot over HTTP against the fake Bot API, on SQLite and PostgreSQL.

Each test builds the real Application with the fake's address, feeds it updates as Telegram would deliver them,
and reads what the bot sent back from the fake. Here: the welcome and the menu, help for garbage, upcoming events
and their details, the calendar address, settings and the admin commands (subscribing is in test_subscribing.py,
reminders and digests in test_reminders.py).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.application import register_commands
from db.models.sources import Source
from db.models.subscribers import Subscriber
from tests.bot.conftest import ADMIN, NOW, Chat, publish_event
from tests.fakes.telegram_api import FakeTelegram


async def test_start_welcomes_in_the_users_language_and_registers_the_menu(chat: Chat, telegram: FakeTelegram) -> None:
    reply = await chat.send(1, "/start", language_code="en-US")
    assert reply.text.startswith("Welcome to Event Radar")
    assert ("➕ Subscribe", "pi:") in reply.buttons()
    assert (await chat.send(2, "/start")).text.startswith("欢迎使用 Event Radar")
    await register_commands(chat.application)
    menus = {
        call.params.get("language_code"): {c["command"]: c["description"] for c in json.loads(call.params["commands"])}
        for call in telegram.calls_to("setMyCommands")
    }
    assert set(menus) == {None, "en"}
    assert menus[None]["subscribe"] == "订阅行业和地区"
    assert menus["en"]["subscribe"] == "Subscribe to industries and regions"


async def test_garbage_gets_helpful_replies(chat: Chat) -> None:
    assert "/help" in (await chat.send(1, "/frobnicate now")).text
    assert "/subscribe" in (await chat.send(1, "hello?")).text
    assert "编号" in (await chat.send(1, "/event")).text
    assert "没有找到编号为 abc&lt;script&gt;" in (await chat.send(1, "/event abc<script>")).text
    assert "/subscribe" in (await chat.send(1, "/help")).text


async def test_upcoming_is_paged_and_events_have_details(chat: Chat, engine: Engine) -> None:
    for n in range(7):
        publish_event(
            engine,
            NOW,
            name=f"第{n + 1}届测试博览会",
            merge_key=f"e{n}",
            start_date=dt.date(2026, 6, 10 + n),
            end_date=None,
        )
    publish_event(
        engine,
        NOW,
        name="上海人工智能大会",
        merge_key="sh",
        city="上海",
        province="上海",
        district=None,
        industries=["ai"],
    )
    reply = await chat.send(1, "/upcoming 生物医药")
    assert "第 1/2 页" in reply.text
    assert "第1届测试博览会" in reply.text
    assert "第6届" not in reply.text
    reply = await chat.press(1, "下一页")
    assert "第 2/2 页" in reply.text
    assert "第6届测试博览会" in reply.text
    assert "上海人工智能大会" in (await chat.send(1, "/upcoming 上海")).text
    reply = await chat.send(1, "/event 1")
    assert "<b>第1届测试博览会</b>" in reply.text
    assert "2026年6月10日（周三）" in reply.text
    assert "/events/" in reply.text
    assert "没有找到" in (await chat.send(1, "/event 9999")).text


async def test_calendar_address_is_secret_renewable_and_revocable(chat: Chat, engine: Engine) -> None:
    reply = await chat.send(1, "/calendar")

    def token() -> str | None:
        with Session(engine) as session:
            return session.scalars(select(Subscriber.calendar_token).where(Subscriber.chat_id == 1)).one()

    first = token()
    assert first is not None
    assert len(first) >= 32
    assert f"https://radar.example.org/calendar/{first}.ics" in reply.text
    assert f"webcal://radar.example.org/calendar/{first}.ics" in reply.text
    assert (await chat.send(1, "/calendar")).text == reply.text  # stable until renewed
    reply = await chat.press(1, "重新生成")
    assert token() not in (None, first)
    await chat.press(1, "停用")
    assert token() is None


async def test_settings_change_language_reminders_and_mode(chat: Chat, engine: Engine) -> None:
    reply = await chat.send(1, "/settings")
    assert "开幕前 7/1 天" in reply.text
    reply = await chat.press(1, "English")
    assert "Language: English" in reply.text
    await chat.press(1, "1 days before")
    reply = await chat.press(1, "daily digest")
    assert "Alerts: daily digest" in reply.text
    with Session(engine) as session:
        subscriber = session.scalars(select(Subscriber).where(Subscriber.chat_id == 1)).one()
        assert (subscriber.language, subscriber.reminder_days, subscriber.delivery_mode) == ("en", [1], "digest")
    assert "Commands" in (await chat.send(1, "/help")).text


async def test_admin_commands(chat: Chat, engine: Engine) -> None:
    assert "管理员" in (await chat.send(1, "/stats")).text
    assert "管理员" in (await chat.send(1, "/addsource https://example.org/feed.xml")).text
    reply = await chat.send(ADMIN, "/addsource https://www.example.org/feed.xml atom")
    assert "admin-example-org" in reply.text
    assert "已经是信息源" in (await chat.send(ADMIN, "/addsource https://www.example.org/feed.xml")).text
    assert "不认识类型" in (await chat.send(ADMIN, "/addsource https://example.com/x podcast")).text
    assert "http://" in (await chat.send(ADMIN, "/addsource ftp://example.com/x")).text
    with Session(engine) as session:
        source = session.scalars(select(Source).where(Source.origin == "admin")).one()
        assert (source.kind, source.url) == ("atom", "https://www.example.org/feed.xml")
    assert "admin-example-org" in (await chat.send(ADMIN, "/sources")).text
    await chat.send(1, "/subscribe 广东")
    reply = await chat.send(ADMIN, "/stats")
    assert "订阅者：1（活跃 1，群组 0）" in reply.text


async def test_addsource_never_adds_an_address_on_our_own_network(chat: Chat, engine: Engine) -> None:
    for url, host, address in [
        ("http://127.0.0.1:5432/", "127.0.0.1", "127.0.0.1"),
        ("http://localhost:8080/demo/feed.xml", "localhost", "127.0.0.1"),
        ("http://[::1]/feed.xml", "::1", "::1"),
        ("http://[::ffff:10.0.0.1]/feed.xml", "::ffff:10.0.0.1", "::ffff:10.0.0.1"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254", "169.254.169.254"),
    ]:
        reply = await chat.send(ADMIN, f"/addsource {url}")
        assert f"不能添加：{host} 是内部网络地址（{address}）" in reply.text, reply.text
    with Session(engine) as session:
        assert session.scalars(select(Source).where(Source.origin == "admin")).all() == []
