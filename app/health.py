"""The service's health as /healthz reports it: database reachable and migrated, scheduler firing, bot state."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING, BaseScheduler
from sqlalchemy import Engine, text

from db.engine import backend_name
from db.migrate import current_revision, head_revision
from scheduler.extraction import WorkerStatus
from scheduler.heartbeat import Heartbeat

_SCHEDULER_STATES = {STATE_RUNNING: "running", STATE_PAUSED: "paused"}


@dataclass
class BotState:
    enabled: bool
    running: bool = False
    error: str | None = None


class HealthCheck:
    def __init__(
        self,
        *,
        engine: Engine,
        scheduler: BaseScheduler,
        heartbeat: Heartbeat,
        bot: BotState,
        extraction: WorkerStatus | None = None,
        timeout: float = 5.0,
    ) -> None:
        self._extraction = extraction or WorkerStatus()
        self._engine = engine
        self._scheduler = scheduler
        self._heartbeat = heartbeat
        self._bot = bot
        self._timeout = timeout
        self._head = head_revision()

    async def report(self) -> tuple[bool, dict[str, Any]]:
        database = await self._database()
        state = _SCHEDULER_STATES.get(self._scheduler.state, "stopped")
        age = self._heartbeat.age_seconds()
        scheduler_ok = state == "running" and not self._heartbeat.is_stale()
        extraction_ok = not self._extraction.broken
        ok = bool(database["ok"]) and scheduler_ok and extraction_ok
        body: dict[str, Any] = {
            "status": "ok" if ok else "unhealthy",
            "database": database,
            "scheduler": {
                "ok": scheduler_ok,
                "state": state,
                "jobs": len(self._scheduler.get_jobs()),
                "heartbeat_age_seconds": None if age is None else round(age, 1),
            },
            "extraction": {"ok": extraction_ok, "restarts": self._extraction.restarts},
            "bot": {"enabled": self._bot.enabled, "running": self._bot.running, "error": self._bot.error},
        }
        return ok, body

    async def _database(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": backend_name(self._engine), "head_revision": self._head}
        try:
            revision = await asyncio.wait_for(asyncio.to_thread(self._probe), self._timeout)
        except TimeoutError:
            return {**info, "ok": False, "error": f"no answer within {self._timeout:g} s"}
        except Exception as exc:
            return {**info, "ok": False, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
        migrated = revision == self._head
        error = (
            None if migrated else f"schema at revision {revision}, expected {self._head}: run `eventradar db upgrade`"
        )
        return {**info, "ok": migrated, "revision": revision, "error": error}

    def _probe(self) -> str | None:
        with self._engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return current_revision(self._engine)
