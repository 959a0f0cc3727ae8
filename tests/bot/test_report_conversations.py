"""Readers report problems from Telegram and admins are told (issue #16): real conversations over the fake Bot API,
on SQLite and PostgreSQL.

What a user would notice: the button under an alert, the thanks or the refusal, a group's comment as a reply to the
bot's question, and the admins' one message per event, sent later when Telegram was down (what admins then do is in
test_review_conversations.py).
"""

from __future__ import annotations

from sqlalchemy import Engine

from app.config import AppConfig
from bot.dispatcher import Dispatcher
from bot.jobs import ReportsJob
from tests.bot.conftest import ADMIN, NOW, Chat
from tests.bot.reader_reports import FAIR, SUMMIT, announce, report_from_card, reports
from tests.fakes.telegram_api import FakeTelegram

# --- readers --------------------------------------------------------------------------------------------------


async def test_a_reader_reports_from_an_alert_and_from_the_event_card(
    chat: Chat, engine: Engine, telegram: FakeTelegram, dispatcher: Dispatcher, bot_config: AppConfig
) -> None:
    await chat.send(1, "/subscribe 广东")
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    assert await dispatcher.send_due() == 1
    alert = telegram.last_to(1)
    assert "新活动" in alert.text
    assert ("⚠️ 报告问题", f"rp:{fair}") in alert.buttons()

    reply = await chat.press(1, "报告问题")
    assert "有什么问题" in reply.text
    assert reply.message_id != alert.message_id  # the alert itself stays as it was
    question = await chat.press(1, "日期有误")
    assert "回复这条消息补充说明" in question.text
    reply = await chat.send(1, "应为 6月21日至23日")
    assert "谢谢" in reply.text
    edits = telegram.calls_to("editMessageReplyMarkup")
    assert [int(call.params["message_id"]) for call in edits] == [question.message_id]  # its Skip button is gone
    assert reports(engine) == [("tg:1", "wrong_dates", "应为 6月21日至23日", "open")]
    # The question was answered: the next plain text is just text again.
    assert "/subscribe" in (await chat.send(1, "你好")).text

    reply = await report_from_card(chat, 1, fair, "不是产业活动")
    assert "谢谢" in reply.text
    assert reports(engine)[-1] == ("tg:1", "not_event", None, "open")


async def test_in_a_group_the_comment_is_a_reply_to_the_bots_question(
    chat: Chat, engine: Engine, telegram: FakeTelegram, bot_config: AppConfig
) -> None:
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    telegram.chat(-500, "supergroup", title="招商群")
    await chat.send(-500, f"/event {fair}", user_id=51)
    await chat.press(-500, "报告问题", user_id=52)  # anyone in the group may report; the group is the reporter
    question = await chat.press(-500, "地点有误", user_id=52)
    before = len(telegram.messages_to(-500))
    await chat.send(-500, "大家中午吃什么？", user_id=53)  # group talk is not the answer
    assert len(telegram.messages_to(-500)) == before
    reply = await chat.send(-500, "在深圳，不在广州", user_id=52, reply_to=question.message_id)
    assert "谢谢" in reply.text
    assert reports(engine) == [("tg:-500", "wrong_place", "在深圳，不在广州", "open")]


async def test_a_flood_of_reports_from_one_chat_is_refused_with_the_reason(
    chat: Chat, engine: Engine, bot_config: AppConfig
) -> None:
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    reasons = ["不是产业活动", "日期有误", "地点有误", "与其他活动重复", "已取消"]
    for reason in reasons:  # five in an hour is what one reader may send
        assert "谢谢" in (await report_from_card(chat, 7, fair, reason)).text
    reply = await report_from_card(chat, 7, fair, "已延期")
    assert "报告得太频繁" in reply.text
    assert len(reports(engine)) == 5


# --- admins -----------------------------------------------------------------------------------------------------


async def test_the_admins_are_told_once_of_three_readers_in_one_message(
    chat: Chat, engine: Engine, telegram: FakeTelegram, tell_admins: ReportsJob, bot_config: AppConfig
) -> None:
    summit = announce(engine, bot_config, SUMMIT, "企业家峰会")
    await report_from_card(chat, 1, summit, "不是产业活动", "这是企业家聚会，不是展会")
    await report_from_card(chat, 2, summit, "不是产业活动")
    await report_from_card(chat, 3, summit, "不是产业活动", "<b>不是</b>")
    await report_from_card(chat, 3, summit, "日期有误")

    assert await tell_admins.run_once(NOW) == 1
    told = telegram.messages_to(ADMIN)
    assert len(told) == 1
    card = told[0]
    assert "企业家峰会" in card.text
    assert f"#{summit}" in card.text
    assert "不是产业活动 ×3" in card.text
    assert "日期有误 ×1" in card.text
    assert "这是企业家聚会，不是展会" in card.text
    assert "&lt;b&gt;不是&lt;/b&gt;" in card.text  # a reader's comment is text, never markup
    assert [data for _, data in card.buttons()] == [
        f"ad:{action}:{summit}" for action in ("hide", "dates", "place", "merge", "cancel", "postpone", "dismiss")
    ]
    assert all(len(data.encode()) <= 64 for _, data in card.buttons())

    assert await tell_admins.run_once(NOW) == 0  # told once
    await report_from_card(chat, 4, summit, "不是产业活动")
    assert await tell_admins.run_once(NOW) == 1  # a new report is news
    assert "不是产业活动 ×4" in telegram.last_to(ADMIN).text


async def test_while_telegram_is_down_the_admins_are_told_later_not_never(
    chat: Chat, engine: Engine, telegram: FakeTelegram, tell_admins: ReportsJob, bot_config: AppConfig
) -> None:
    summit = announce(engine, bot_config, SUMMIT, "企业家峰会")
    await report_from_card(chat, 1, summit, "不是产业活动")
    telegram.fail(ADMIN, "network", times=1)
    assert await tell_admins.run_once(NOW) == 0
    assert await tell_admins.run_once(NOW) == 1
    assert "不是产业活动 ×1" in telegram.last_to(ADMIN).text
