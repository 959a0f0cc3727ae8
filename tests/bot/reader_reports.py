"""Reader reports and admin review in the bot's tests (issue #16): events announced by articles we wrote, read by
the real extractor and merger (`tests.db.test_merge_coverage.publish`); a reader reporting from an event card; an
admin's /review; the calendar page as a reader sees it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.components import web_settings
from app.config import AppConfig
from db.alert_schedule import NEW
from db.alerts import enqueue_alerts
from db.corrections import NO_REVIEW, ReviewPolicy, hold_doubtful
from db.models.corrections import EventReport
from db.models.events import Event
from tests.bot.conftest import ADMIN, NOW, Chat
from tests.db.test_merge_coverage import publish
from tests.fakes.servers import serve_in_thread
from tests.fakes.telegram_api import Sent
from web.app import create_web_app

FAIR = "第九届中国（广州）国际生物医药产业博览会将于2026年6月20日至22日在广州中国进出口商品交易会展馆举办。"
SUMMIT = "2026粤港澳大湾区企业家峰会将于2026年6月8日至9日在深圳会展中心举办，聚焦人工智能与先进制造。"
SHOW = "2026广州生物医药创新展将于6月20日至22日在广州举办，展示创新药与医疗器械成果。"
ANNOUNCED = dt.date(2026, 5, 28)


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
