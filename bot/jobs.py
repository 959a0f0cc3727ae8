"""Scheduled work of the bot: queueing the reminders that fall due, every few minutes (waiting digests are put
at their chats' times in the same pass), and telling the admins of readers' reports, once each.

Digests need no job of their own: their outbox rows are due at the digest time, and the dispatcher sends each
chat's due digest rows as one message then.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.views.review import report_card
from db.alert_schedule import AlertSchedule
from db.alerts import align_digests, enqueue_due_reminders
from db.models.base import utcnow
from db.reports import ReportGroup, mark_told, open_reports, untold_reports
from db.subscriptions import get_subscriber
from extract.regions import RegionVocabulary
from scheduler.inflight import InFlight

log = logging.getLogger(__name__)
REMINDER_CHECK_MINUTES = 5
REPORT_CHECK_SECONDS = 60


class ReminderJob:
    """Queue the reminders due by now; ``on_enqueued`` (the dispatcher's wake) hears when there are some."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        schedule: AlertSchedule,
        inflight: InFlight,
        on_enqueued: Callable[[], None] = lambda: None,
        clock: Callable[[], dt.datetime] = utcnow,
        regions: RegionVocabulary | None = None,
    ) -> None:
        self._sessions = sessions
        self._regions = regions
        self._schedule = schedule
        self._inflight = inflight
        self._on_enqueued = on_enqueued
        self._clock = clock

    def run_once(self, now: dt.datetime) -> int:
        """Queue the reminders due by ``now`` and put waiting digests at their chats' times; returns the reminders."""
        with self._sessions.begin() as session:
            moved = align_digests(session, now=now, schedule=self._schedule)
            if moved:
                log.info("moved %d waiting digest row(s) to their chats' digest times", moved)
            return enqueue_due_reminders(session, now=now, schedule=self._schedule, regions=self._regions)

    async def __call__(self) -> None:
        if self._inflight.closing:
            return
        # Tracked, so shutdown lets the transaction commit instead of cancelling it halfway.
        async with self._inflight.track():
            count = await asyncio.to_thread(self.run_once, self._clock())
        if count:
            log.info("queued %d reminder(s)", count)
            self._on_enqueued()


class ReportsJob:
    """Tell the admin chats (config ``telegram.admin_chat_ids``) of readers' reports not yet told: one message per
    event with the counts of its open reports by reason, the first comments and the action buttons
    (`bot.views.review.report_card`).

    Reports are marked told only once a message reached an admin chat, in a transaction of its own after the
    sends: no write lock is held while Telegram answers, and a crash or an outage in between tells them again
    rather than never.
    """

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        bot: Bot,
        admin_chat_ids: Sequence[int],
        inflight: InFlight,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._bot = bot
        self._admins = tuple(admin_chat_ids)
        self._inflight = inflight
        self._clock = clock

    def _untold(self) -> tuple[list[ReportGroup], dict[int, str]]:
        with self._sessions() as session:
            languages = {}
            for chat_id in self._admins:
                subscriber = get_subscriber(session, chat_id)
                languages[chat_id] = subscriber.language if subscriber is not None else "zh"
            # The untold reports' events, each with all its open reports: a fourth reader's report is shown
            # with the three before it, so the admins see the whole of what is said.
            untold = {group.event_id for group in untold_reports(session)}
            return [group for group in open_reports(session) if group.event_id in untold], languages

    def _mark(self, report_ids: list[int], now: dt.datetime) -> None:
        with self._sessions.begin() as session:
            mark_told(session, report_ids, now=now)

    async def run_once(self, now: dt.datetime) -> int:
        """Send what is untold; returns how many events the admins were told about."""
        if not self._admins:
            return 0
        groups, languages = await asyncio.to_thread(self._untold)
        told: list[int] = []
        for group in groups:
            reached = False
            for chat_id in self._admins:
                body, keyboard = report_card(group, languages[chat_id])
                try:
                    await self._bot.send_message(
                        chat_id, body, parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(keyboard)
                    )
                    reached = True
                except TelegramError as exc:
                    # One unreachable admin chat must not keep the others from hearing it.
                    log.warning("could not tell admin chat %s of reports on event %s: %s", chat_id, group.event_id, exc)
            if reached:
                told.extend(group.report_ids)
        if told:
            await asyncio.to_thread(self._mark, told, now)
        return len({group.event_id for group in groups if group.report_ids[0] in told})

    async def __call__(self) -> None:
        if self._inflight.closing:
            return
        async with self._inflight.track():
            count = await self.run_once(self._clock())
        if count:
            log.info("told the admins of reports on %d event(s)", count)
