"""The service's health as /healthz reports it: database, scheduler, polling, extraction worker, bot.

The answer is ``ok`` (HTTP 200) or ``degraded`` (HTTP 503) with ``problems``, one short fixed phrase per reason:

- the database is unreachable, does not answer, or its schema is behind the code;
- the scheduler is stopped or its heartbeat is stale (jobs no longer fire);
- the extraction worker is down (batches fail even on a freshly started worker);
- no source has polled successfully for ``STALE_POLL_INTERVALS`` times the shortest enabled interval, counted from
  the latest success or from the start of the service, whichever is later (that is the start-up grace).

The bot's state is shown but does not make the service degraded: Telegram being away is Telegram's outage, and
the outbox keeps what is owed until it is back. /healthz is often reachable by anyone, so it never shows
exception text, tracebacks or what a remote server answered; the details go to the log when a state changes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING, BaseScheduler
from sqlalchemy import Engine, select, text

from db.engine import backend_name
from db.migrate import current_revision, head_revision
from db.models.sources import Source
from scheduler.extraction import WorkerStatus
from scheduler.heartbeat import Heartbeat

log = logging.getLogger(__name__)

_SCHEDULER_STATES = {STATE_RUNNING: "running", STATE_PAUSED: "paused"}
# A source may fail now and then; only when none succeeded for this many of the shortest interval is polling stuck.
STALE_POLL_INTERVALS = 3

# What /healthz says of the bot when it is not running; the exception behind it goes to the log.
TELEGRAM_TOKEN_REFUSED = "telegram token refused"
TELEGRAM_UNREACHABLE = "telegram unreachable"


@dataclass
class BotState:
    enabled: bool
    running: bool = False
    error: str | None = None
    # The bot's @username as Telegram gave it at start (getMe), for the page's t.me link.
    username: str | None = None


@dataclass(frozen=True, slots=True)
class _Probe:
    revision: str | None
    # (interval in minutes, last success) of each enabled source.
    sources: list[tuple[int, dt.datetime | None]]


class HealthCheck:
    def __init__(
        self,
        *,
        engine: Engine,
        scheduler: BaseScheduler,
        heartbeat: Heartbeat,
        bot: BotState,
        clock: Callable[[], dt.datetime],
        extraction: WorkerStatus | None = None,
        timeout: float = 5.0,
    ) -> None:
        self._engine = engine
        self._scheduler = scheduler
        self._heartbeat = heartbeat
        self._bot = bot
        self._clock = clock
        self._extraction = extraction or WorkerStatus()
        self._timeout = timeout
        self._head = head_revision()
        self._started_at = clock()
        self._logged_problems: list[str] = []

    async def report(self) -> tuple[bool, dict[str, Any]]:
        database, probe = await self._database()
        scheduler = self._scheduler_state()
        polling = self._polling(probe)
        extraction = {
            "ok": not self._extraction.broken,
            "restarts": self._extraction.restarts,
            "error": "extraction worker down" if self._extraction.broken else None,
        }
        problems = [str(section["error"]) for section in (database, scheduler, polling, extraction) if section["error"]]
        self._log_change(problems)
        body: dict[str, Any] = {
            "status": "degraded" if problems else "ok",
            "problems": problems,
            "database": database,
            "scheduler": scheduler,
            "polling": polling,
            "extraction": extraction,
            "bot": {"enabled": self._bot.enabled, "running": self._bot.running, "error": self._bot.error},
        }
        return not problems, body

    async def _database(self) -> tuple[dict[str, Any], _Probe | None]:
        info: dict[str, Any] = {"backend": backend_name(self._engine), "head_revision": self._head}
        try:
            probe = await asyncio.wait_for(asyncio.to_thread(self._probe), self._timeout)
        except TimeoutError:
            return {**info, "ok": False, "error": f"database did not answer within {self._timeout:g} s"}, None
        except Exception as exc:
            # The driver's message can hold host names, user names, paths: the log has it, the answer does not.
            if "database unreachable" not in self._logged_problems:
                log.warning("health: database unreachable: %s: %s", type(exc).__name__, exc)
            return {**info, "ok": False, "error": "database unreachable"}, None
        migrated = probe.revision == self._head
        error = (
            None
            if migrated
            else f"database schema at revision {probe.revision}, expected {self._head}: run `eventradar db upgrade`"
        )
        return {**info, "ok": migrated, "revision": probe.revision, "error": error}, probe

    def _probe(self) -> _Probe:
        with self._engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            rows = connection.execute(select(Source.interval_minutes, Source.last_success_at).where(Source.enabled))
            sources = [(row.interval_minutes, row.last_success_at) for row in rows]
        return _Probe(revision=current_revision(self._engine), sources=sources)

    def _scheduler_state(self) -> dict[str, Any]:
        state = _SCHEDULER_STATES.get(self._scheduler.state, "stopped")
        age = self._heartbeat.age_seconds()
        error = None
        if state != "running":
            error = f"scheduler {state}"
        elif self._heartbeat.is_stale():
            error = "scheduler stuck: its jobs stopped firing"
        return {
            "ok": error is None,
            "state": state,
            "jobs": len(self._scheduler.get_jobs()),
            "heartbeat_age_seconds": None if age is None else round(age, 1),
            "error": error,
        }

    def _polling(self, probe: _Probe | None) -> dict[str, Any]:
        if probe is None:  # the database problem says it already
            return {
                "ok": True,
                "enabled_sources": None,
                "last_success_age_seconds": None,
                "limit_seconds": None,
                "error": None,
            }
        now = self._clock()
        successes = [success for _, success in probe.sources if success is not None]
        last_success = max(successes) if successes else None
        limit = STALE_POLL_INTERVALS * 60 * min((interval for interval, _ in probe.sources), default=0)
        since = max(self._started_at, last_success) if last_success is not None else self._started_at
        stale = bool(probe.sources) and (now - since).total_seconds() > limit
        return {
            "ok": not stale,
            "enabled_sources": len(probe.sources),
            "last_success_age_seconds": None if last_success is None else round((now - last_success).total_seconds()),
            "limit_seconds": limit or None,
            "error": f"no source polled successfully for {limit // 60} min" if stale else None,
        }

    def _log_change(self, problems: list[str]) -> None:
        # Monitors ask every few seconds: log when the answer changes, not on every request.
        if problems != self._logged_problems:
            if problems:
                log.warning("health: degraded: %s", "; ".join(problems))
            else:
                log.info("health: ok again")
            self._logged_problems = problems
