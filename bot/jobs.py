"""Scheduled work of the bot: queueing the reminders that fall due, every few minutes (waiting digests are put
at their chats' times in the same pass).

Digests need no job of their own: their outbox rows are due at the digest time, and the dispatcher sends each
chat's due digest rows as one message then.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from db.alert_schedule import AlertSchedule
from db.alerts import align_digests, enqueue_due_reminders
from db.models import utcnow
from scheduler.inflight import InFlight

log = logging.getLogger(__name__)
REMINDER_CHECK_MINUTES = 5


class ReminderJob:
    """Queue the reminders due by now; ``on_enqueued`` (the dispatcher's wake) hears when there are some."""

    def __init__(
        self,
        *,
        engine: Engine,
        schedule: AlertSchedule,
        inflight: InFlight,
        on_enqueued: Callable[[], None] = lambda: None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._sessions = sessionmaker(engine)
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
            return enqueue_due_reminders(session, now=now, schedule=self._schedule)

    async def __call__(self) -> None:
        if self._inflight.closing:
            return
        # Tracked, so shutdown lets the transaction commit instead of cancelling it halfway.
        async with self._inflight.track():
            count = await asyncio.to_thread(self.run_once, self._clock())
        if count:
            log.info("queued %d reminder(s)", count)
            self._on_enqueued()
