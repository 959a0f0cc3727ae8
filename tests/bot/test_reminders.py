"""Reminders and daily digests in real conversations (python-telegram-bot over HTTP against the fake Bot API, on
SQLite and PostgreSQL), at times injected into the dispatcher's and the reminder job's clocks, never waited for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import AppConfig
from bot.dispatcher import Dispatcher
from bot.jobs import ReminderJob
from db.models.subscribers import Subscriber
from scheduler.inflight import InFlight
from tests.bot.conftest import FAST, NOW, Chat, publish_event, running_bot
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
