"""Real conversations: python-telegram-bot over HTTP against the fake Bot API, on SQLite and PostgreSQL.

Each test builds the real Application with the fake's address, feeds it updates as Telegram would deliver them,
and reads what the bot sent back from the fake.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import AppConfig
from bot.application import register_commands
from bot.dispatcher import Dispatcher
from bot.jobs import ReminderJob
from db.alerts import enqueue_event_alerts
from db.models.events import Event
from db.models.sources import Source
from db.models.subscribers import Subscriber, Subscription
from scheduler.inflight import InFlight
from tests.bot.conftest import ADMIN, FAST, NOW, Chat, publish_event, running_bot
from tests.fakes.telegram_api import FakeTelegram


def dispatcher_at(engine: Engine, chat: Chat, dispatcher: Dispatcher, moment: dt.datetime) -> Dispatcher:
    """A dispatcher on the same bot whose clock reads ``moment`` (time injected, never waited for)."""
    return Dispatcher(
        sessions=sessionmaker(engine, expire_on_commit=False),
        bot=dispatcher._bot,
        renderer=chat.application.bot_data["services"].renderer,
        limits=FAST,
        clock=lambda: moment,
    )


def _rows(engine: Engine, chat_id: int) -> set[tuple[str, str]]:
    with Session(engine) as session:
        query = select(Subscription.industry, Subscription.region).join(Subscriber).where(Subscriber.chat_id == chat_id)
        return {(i, r) for i, r in session.execute(query)}


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


async def test_garbage_gets_helpful_replies(chat: Chat) -> None:
    assert "/help" in (await chat.send(1, "/frobnicate now")).text
    assert "/subscribe" in (await chat.send(1, "hello?")).text
    assert "编号" in (await chat.send(1, "/event")).text
    assert "没有找到编号为 abc&lt;script&gt;" in (await chat.send(1, "/event abc<script>")).text
    assert "/subscribe" in (await chat.send(1, "/help")).text


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


async def _two_chats_the_second_on_a_digest_and_an_event_a_week_ahead(chat: Chat, engine: Engine) -> None:
    await chat.send(1, "/subscribe 生物医药")
    await chat.send(2, "/subscribe 生物医药")
    await chat.send(2, "/settings")
    await chat.press(2, "每日汇总")
    publish_event(engine, NOW, start_date=dt.date(2026, 6, 8), end_date=dt.date(2026, 6, 9))


async def test_reminders_and_digests_at_the_injected_time(
    chat: Chat, engine: Engine, telegram: FakeTelegram, dispatcher: Dispatcher
) -> None:
    await _two_chats_the_second_on_a_digest_and_an_event_a_week_ahead(chat, engine)
    publish_event(engine, NOW, name="第二届生物医药大会", merge_key="b", start_date=dt.date(2026, 7, 1), end_date=None)
    before = len(telegram.sent)
    await dispatcher.send_due()
    assert [s.chat_id for s in telegram.sent[before:]] == [1, 1]  # the digest waits for 09:00 tomorrow

    job = ReminderJob(
        sessions=sessionmaker(engine, expire_on_commit=False), schedule=dispatcher.schedule, inflight=InFlight()
    )
    # Seven days before the event, and past 09:00 already: the reminders go at once (a service that was down at
    # 09:00 catches up the same day), and only once.
    half_past_ten = dt.datetime(2026, 6, 1, 10, 30, tzinfo=dispatcher.schedule.zone)
    assert job.run_once(half_past_ten) == 2
    assert job.run_once(half_past_ten + dt.timedelta(minutes=5)) == 0
    sender = dispatcher_at(engine, chat, dispatcher, half_past_ten)
    before = len(telegram.sent)
    while await sender.send_due():  # one message per chat per round
        pass
    sender.close()
    reminders = telegram.sent[before:]
    assert sorted(s.chat_id for s in reminders) == [1, 2]  # chat 2's digest still waits for 09:00 tomorrow
    assert all("7 天后开幕" in s.text for s in reminders)

    later = dispatcher_at(engine, chat, dispatcher, dt.datetime(2026, 6, 2, 1, 0, tzinfo=dt.UTC))  # 09:00 tomorrow
    before = len(telegram.sent)
    assert await later.send_due() == 1
    later.close()
    digest = telegram.sent[before:]
    assert [s.chat_id for s in digest] == [2]
    assert "今日活动汇总</b>（2 项）" in digest[0].text
    assert "第二届生物医药大会" in digest[0].text


async def test_each_chat_gets_reminders_and_its_digest_at_its_own_time_of_day(
    chat: Chat, engine: Engine, telegram: FakeTelegram, dispatcher: Dispatcher
) -> None:
    await _two_chats_the_second_on_a_digest_and_an_event_a_week_ahead(chat, engine)
    reply = await chat.press(2, "18:00")  # the digest waiting for 09:00 tomorrow moves to 18:00 today
    assert "提醒和每日汇总时间：18:00" in reply.text
    assert ("✅ 18:00", "set:time:18:00") in reply.buttons()
    publish_event(engine, NOW, name="第二届生物医药大会", merge_key="b", start_date=dt.date(2026, 7, 1), end_date=None)
    await chat.send(1, "/settings")
    await chat.press(1, "20:00")
    with Session(engine) as session:
        times = {
            chat_id: hhmm for chat_id, hhmm in session.execute(select(Subscriber.chat_id, Subscriber.reminder_time))
        }
    assert times == {1: "20:00", 2: "18:00"}

    shanghai = dispatcher.schedule.zone
    job = ReminderJob(
        sessions=sessionmaker(engine, expire_on_commit=False), schedule=dispatcher.schedule, inflight=InFlight()
    )

    async def at(hour: int, minute: int) -> list[tuple[int, str]]:
        """Queue the reminders due at this local time, send what is due, and say what went to whom."""
        moment = dt.datetime(2026, 6, 1, hour, minute, tzinfo=shanghai)
        job.run_once(moment)
        sender = dispatcher_at(engine, chat, dispatcher, moment)
        before = len(telegram.sent)
        while await sender.send_due():  # one message per chat per round
            pass
        sender.close()
        return sorted((s.chat_id, s.text.splitlines()[0]) for s in telegram.sent[before:])

    new_event = "🆕 <b>新活动</b>"
    assert await at(17, 59) == [(1, new_event), (1, new_event)]  # instant alerts; nothing else due yet
    assert await at(18, 0) == [(2, "⏰ <b>7 天后开幕</b>"), (2, "📰 <b>今日活动汇总</b>（2 项）")]
    assert await at(19, 59) == []
    assert await at(20, 0) == [(1, "⏰ <b>7 天后开幕</b>")]


async def test_a_new_chat_starts_with_the_configured_reminders(
    engine: Engine, api_url: str, telegram: FakeTelegram, bot_config: AppConfig
) -> None:
    reminders = bot_config.reminders.model_copy(update={"days_before": [3], "time": dt.time(8, 30)})
    async with running_bot(engine, api_url, telegram, bot_config.model_copy(update={"reminders": reminders})) as chat:
        reply = await chat.send(1, "/settings")
    assert "提醒：开幕前 3 天" in reply.text
    assert "提醒和每日汇总时间：08:30" in reply.text
    assert ("✅ 开幕前 3 天", "set:rem:3") in reply.buttons()
    assert ("✅ 08:30", "set:time:08:30") in reply.buttons()
