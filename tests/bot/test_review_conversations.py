"""Readers report and admins correct the calendar from Telegram (issue #16): real conversations over the fake Bot API,
on SQLite and PostgreSQL.

Events are read from articles we wrote by the real extractor and merger (`tests.db.test_merge_coverage.publish`),
alerts go out through the real dispatcher, and admins are told by the real job. What a user would notice: the button
under an alert, the thanks or the refusal, the admins' one message per event, what each action changes for
subscribers, the page and later news, and that only admins can act.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.components import web_settings
from app.config import AppConfig
from bot.dispatcher import Dispatcher
from bot.jobs import ReportsJob
from db.alert_schedule import NEW
from db.alerts import enqueue_alerts
from db.corrections import NO_REVIEW, ReviewPolicy, hold_doubtful
from db.models.corrections import Correction, EventReport
from db.models.events import Event
from db.models.subscribers import Delivery
from scheduler.inflight import InFlight
from tests.bot.conftest import ADMIN, NOW, Chat
from tests.db.test_merge_coverage import publish
from tests.fakes.servers import serve_in_thread
from tests.fakes.telegram_api import FakeTelegram, Sent
from web.app import create_web_app

FAIR = "第九届中国（广州）国际生物医药产业博览会将于2026年6月20日至22日在广州中国进出口商品交易会展馆举办。"
SUMMIT = "2026粤港澳大湾区企业家峰会将于2026年6月8日至9日在深圳会展中心举办，聚焦人工智能与先进制造。"
SHOW = "2026广州生物医药创新展将于6月20日至22日在广州举办，展示创新药与医疗器械成果。"
ANNOUNCED = dt.date(2026, 5, 28)


@pytest.fixture
def tell_admins(engine: Engine, chat: Chat) -> ReportsJob:
    return ReportsJob(
        sessions=sessionmaker(engine, expire_on_commit=False),
        bot=chat.application.bot,
        admin_chat_ids=[ADMIN],
        inflight=InFlight(),
        clock=lambda: NOW,
    )


def announce(engine: Engine, config: AppConfig, text: str, fragment: str, *, policy: ReviewPolicy = NO_REVIEW) -> int:
    """An article read and merged as a poll would, its new event owed to subscribers; returns the event's id."""
    with Session(engine) as session:
        before = set(session.scalars(select(Event.id)))
        publish(session, config.taxonomy(), ANNOUNCED, text)
        new = session.scalars(select(Event).where(Event.id.not_in(before)).order_by(Event.id)).all()
        ready = hold_doubtful(list(new), policy)  # as the poller's event sink does (app.pipeline)
        enqueue_alerts(session, [(e, NEW) for e in ready], now=NOW)
        session.commit()
        return next(e.id for e in new if fragment in e.name)


def event(engine: Engine, event_id: int) -> Event:
    with Session(engine) as session:
        return session.get_one(Event, event_id)


def reports(engine: Engine) -> list[tuple[str, str, str | None, str]]:
    with Session(engine) as session:
        rows = session.execute(
            select(EventReport.reporter, EventReport.reason, EventReport.comment, EventReport.status).order_by(
                EventReport.id
            )
        )
        return [(reporter, reason, comment, status) for reporter, reason, comment, status in rows]


async def review(chat: Chat) -> list[str]:
    """An admin sends /review: the texts of the messages it answers with (a header, then one card per item)."""
    before = len(chat.telegram.messages_to(ADMIN))
    await chat.send(ADMIN, "/review")
    return [sent.text for sent in chat.telegram.messages_to(ADMIN)[before:]]


async def report_from_card(chat: Chat, chat_id: int, event_id: int, reason: str, comment: str | None = None) -> Sent:
    """A reader opens /event N, taps "report a problem", a reason, then comments or skips."""
    await chat.send(chat_id, f"/event {event_id}")
    await chat.press(chat_id, "报告问题")
    await chat.press(chat_id, reason)
    if comment is None:
        return await chat.press(chat_id, "跳过")
    return await chat.send(chat_id, comment)


@contextlib.contextmanager
def calendar_page(engine: Engine, config: AppConfig) -> Iterator[httpx.Client]:
    app = create_web_app(
        health=_Healthy(), engine=engine, settings=web_settings(config), clock=lambda: NOW, feed_stamp_seconds=0
    )
    with serve_in_thread(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


class _Healthy:
    async def report(self) -> tuple[bool, dict[str, str]]:
        return True, {"status": "ok"}


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


async def test_an_admin_hides_a_non_event_it_leaves_the_page_and_pending_alerts(
    chat: Chat,
    engine: Engine,
    telegram: FakeTelegram,
    dispatcher: Dispatcher,
    tell_admins: ReportsJob,
    bot_config: AppConfig,
) -> None:
    await chat.send(1, "/subscribe 广东")
    summit = announce(engine, bot_config, SUMMIT, "企业家峰会")  # its alert is owed, not yet sent
    await report_from_card(chat, 2, summit, "不是产业活动")
    await tell_admins.run_once(NOW)
    public_id = event(engine, summit).public_id
    with calendar_page(engine, bot_config) as page:
        assert "企业家峰会" in page.get("/").text

        reply = await chat.press(ADMIN, "隐藏")
        assert "已隐藏" in reply.text
        assert "企业家峰会" in reply.text

        assert "企业家峰会" not in page.get("/").text
        assert page.get(f"/events/{public_id}").status_code == 404
    before = len(telegram.messages_to(1))
    await dispatcher.send_due()
    assert len(telegram.messages_to(1)) == before  # the alert owed never goes out
    assert "没有找到" in (await chat.send(1, f"/event {summit}")).text
    assert reports(engine) == [("tg:2", "not_event", None, "acted")]
    stats = (await chat.send(ADMIN, "/stats")).text
    assert "更正：隐藏 1" in stats
    assert "待处理报告：0" in stats


async def test_an_admin_fixes_the_dates_told_subscribers_get_one_notice_and_later_news_does_not_undo_it(
    chat: Chat,
    engine: Engine,
    telegram: FakeTelegram,
    dispatcher: Dispatcher,
    bot_config: AppConfig,
) -> None:
    await chat.send(1, "/subscribe 广东")
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    assert await dispatcher.send_due() == 1  # subscriber 1 is told of the fair
    await report_from_card(chat, 2, fair, "日期有误", "官网写的是6月21日开幕")

    listing = await review(chat)
    assert "1 个活动有读者报告" in listing[0]
    assert "官网写的是6月21日开幕" in listing[1]
    prompt = await chat.press(ADMIN, "改日期")
    assert "正确日期" in prompt.text
    assert prompt.reply_markup == {"force_reply": True, "selective": True}
    assert "没有读到日期" in (await chat.send(ADMIN, "等主办方通知")).text  # the question stays open
    assert "请写到具体的日" in (await chat.send(ADMIN, "下个月")).text
    assert "不止一段日期" in (await chat.send(ADMIN, "6月21日 6月22日 6月23日")).text
    reply = await chat.send(ADMIN, "6月21日-23日")
    assert "日期改为 2026年6月21日至23日（原为 2026年6月20日至22日）" in reply.text
    assert "已通知 1 位订阅者" in reply.text

    before = len(telegram.messages_to(1))
    assert await dispatcher.send_due() == 1
    notice = telegram.messages_to(1)[before:]
    assert len(notice) == 1
    assert "活动信息有变化" in notice[0].text
    assert "2026年6月21日（周日）至23日" in notice[0].text

    # The news reports the old dates again, then the opening on the 20th: the admin's dates stand, no notice.
    with Session(engine) as session:
        publish(session, bot_config.taxonomy(), dt.date(2026, 6, 10), FAIR)
        publish(
            session,
            bot_config.taxonomy(),
            dt.date(2026, 6, 20),
            "今天（6月20日），第九届中国（广州）国际生物医药产业博览会在广州开幕。",
        )
    fixed = event(engine, fair)
    assert (fixed.start_date, fixed.end_date) == (dt.date(2026, 6, 21), dt.date(2026, 6, 23))
    assert fixed.version == 2
    assert await dispatcher.send_due() == 0


async def test_an_admin_sets_the_place_from_a_venue_and_a_city(
    chat: Chat, engine: Engine, bot_config: AppConfig
) -> None:
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    await report_from_card(chat, 2, fair, "地点有误")
    await chat.send(ADMIN, "/review")
    await chat.press(ADMIN, "改地点")
    assert "有多个同名地点" in (await chat.send(ADMIN, "鼓楼区 某会展中心")).text
    reply = await chat.send(ADMIN, "深圳国际会展中心")
    assert "地点改为 深圳国际会展中心 · 深圳" in reply.text
    moved = event(engine, fair)
    assert (moved.venue, moved.city, moved.province, moved.district) == ("深圳国际会展中心", "深圳", "广东", "宝安")
    assert "place" in moved.locked


async def test_an_admin_merges_a_duplicate_by_number(chat: Chat, engine: Engine, bot_config: AppConfig) -> None:
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    show = announce(engine, bot_config, SHOW, "创新展")
    await report_from_card(chat, 2, show, "与其他活动重复", f"就是 #{fair}")
    await chat.send(ADMIN, "/review")
    prompt = await chat.press(ADMIN, "合并到")
    assert "请回复那个活动的编号" in prompt.text
    assert "请只回复活动编号" in (await chat.send(ADMIN, "那个博览会")).text
    reply = await chat.send(ADMIN, "#999999")
    assert "无法" in reply.text  # no such event: said, and nothing merged
    assert event(engine, show).merged_into_id is None
    await chat.press(ADMIN, "合并到")
    reply = await chat.send(ADMIN, f"#{fair}")
    assert f"#{show}" in reply.text
    assert f"已并入 #{fair}" in reply.text
    assert event(engine, show).merged_into_id == fair
    # The duplicate's number now leads to the event it joined.
    assert "生物医药产业博览会" in (await chat.send(1, f"/event {show}")).text


async def test_an_admin_dismisses_wrong_reports_and_nothing_changes(
    chat: Chat, engine: Engine, bot_config: AppConfig
) -> None:
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    await report_from_card(chat, 2, fair, "已取消")
    await report_from_card(chat, 3, fair, "已取消")
    await chat.send(ADMIN, "/review")
    reply = await chat.press(ADMIN, "驳回")
    assert "已驳回关于" in reply.text
    assert "2 条报告" in reply.text
    assert [status for *_, status in reports(engine)] == ["dismissed", "dismissed"]
    kept = event(engine, fair)
    assert (kept.status, kept.version, kept.hidden_at) == ("upcoming", 1, None)
    assert await review(chat) == ["没有待处理的报告，也没有待确认的活动。"]
    reply = await chat.press(ADMIN, "驳回")  # the same card again: nothing left to dismiss, and it says so
    assert "它已没有待处理的报告" in reply.text
    with Session(engine) as session:
        assert session.scalars(select(Correction.action)).all() == ["dismiss"]


async def test_a_held_event_is_alerted_once_an_admin_approves_it(
    chat: Chat, engine: Engine, telegram: FakeTelegram, dispatcher: Dispatcher, bot_config: AppConfig
) -> None:
    await chat.send(1, "/subscribe 广东")
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会", policy=ReviewPolicy(hold_kinds=("exhibition",)))
    assert await dispatcher.send_due() == 0  # held: no alert yet
    listing = await review(chat)
    assert "0 个活动有读者报告，1 个活动待确认" in listing[0]
    card = telegram.last_to(ADMIN)
    assert "待确认" in card.text
    assert [data for _, data in card.buttons()] == [f"ad:approve:{fair}", f"ad:hide:{fair}"]
    reply = await chat.press(ADMIN, "批准")
    assert "已批准" in reply.text
    assert "已通知 1 位订阅者" in reply.text
    assert await dispatcher.send_due() == 1
    assert "新活动" in telegram.last_to(1).text
    with Session(engine) as session:
        assert session.scalars(select(Correction.action)).all() == ["approve"]


async def test_a_non_admins_forged_admin_button_is_refused_and_logged(
    chat: Chat, engine: Engine, telegram: FakeTelegram, bot_config: AppConfig, caplog: pytest.LogCaptureFixture
) -> None:
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    await chat.send(1, "/start")
    await chat.send(ADMIN, "/start")
    telegram.chat(-100, "supergroup", title="招商群")
    await chat.send(-100, "/start", user_id=ADMIN)
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        assert await chat.forge(1, f"ad:hide:{fair}") == "只有本服务的管理员可以这样做。"
        # An admin's own id, but in a group: admin actions are taken in a private chat only, as admin commands.
        assert await chat.forge(-100, f"ad:hide:{fair}", user_id=ADMIN) == "只有本服务的管理员可以这样做。"
    assert event(engine, fair).hidden_at is None
    refused = [r.getMessage() for r in caplog.records if "refused button" in r.getMessage()]
    assert len(refused) == 2
    assert f"'ad:hide:{fair}' from chat 1, user 1" in refused[0]

    # Forged or stale data, from an admin or a reader: a clear answer, never an exception.
    forged = [
        (ADMIN, "ad:nuke:1"),
        (ADMIN, f"ad:hide:{fair}:more"),
        (ADMIN, "ad:hide:-1"),
        (ADMIN, "ad:hide:" + "9" * 60),
        (1, "rr:1:boring"),
        (1, "rp:"),
        (1, f"rs:{fair}"),
    ]
    for chat_id, data in forged:
        assert await chat.forge(chat_id, data) == "这个按钮已失效，请重新发送命令。", data
    assert await chat.forge(1, "rp:99999") == "这个活动已不在日历中。"
    assert await chat.forge(ADMIN, "ad:hide:99999") is None  # an admin's press on an event gone: said in a message
    assert "没有这个活动" in telegram.last_to(ADMIN).text
    assert chat.errors == []
    assert event(engine, fair).hidden_at is None
    with Session(engine) as session:
        assert session.scalars(select(Delivery)).all() == []
        assert session.scalars(select(Correction)).all() == []


async def test_an_admin_marks_events_cancelled_or_postponed_and_told_subscribers_hear_it(
    chat: Chat, engine: Engine, telegram: FakeTelegram, dispatcher: Dispatcher, bot_config: AppConfig
) -> None:
    await chat.send(1, "/subscribe 广东")
    fair = announce(engine, bot_config, FAIR, "生物医药产业博览会")
    show = announce(engine, bot_config, SHOW, "创新展")
    assert await dispatcher.send_due() == 2
    await report_from_card(chat, 2, fair, "已取消")
    await report_from_card(chat, 2, show, "已延期")
    await chat.send(ADMIN, "/review")
    cards = {sent.text.split("（#")[1].split("）")[0]: sent for sent in telegram.messages_to(ADMIN) if sent.buttons()}

    async def press(event_id: int, action: str) -> str:
        update = telegram.callback_update(ADMIN, f"ad:{action}:{event_id}", message_id=cards[str(event_id)].message_id)
        await chat._process(update)
        return telegram.last_to(ADMIN).text

    assert "已标记为取消" in await press(fair, "cancel")
    assert "已标记为延期，日期待定" in await press(show, "postpone")
    before = len(telegram.messages_to(1))
    assert await dispatcher.send_due() == 2
    notices = sorted(sent.text.splitlines()[0] for sent in telegram.messages_to(1)[before:])
    assert notices == ["✏️ <b>活动信息有变化</b>", "❌ <b>活动已取消</b>"]
    assert (event(engine, fair).status, event(engine, show).start_date) == ("cancelled", None)
    assert chat.errors == []
