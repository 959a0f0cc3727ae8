"""Putting source polls on the scheduler (one job per source), and polling every source once for `poll-once`."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from apscheduler.schedulers.base import BaseScheduler

from scheduler.inflight import InFlight
from scheduler.poller import Poller, PollOutcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScheduledSource:
    id: int
    key: str
    interval_minutes: int


JOB_PREFIX = "poll:"


def sync_source_polls(
    scheduler: BaseScheduler,
    poller: Poller,
    inflight: InFlight,
    sources: Sequence[ScheduledSource],
    *,
    jitter_seconds: int,
    misfire_grace_seconds: int,
    now: dt.datetime,
    rng: random.Random | None = None,
) -> None:
    """Make the scheduler hold one interval job per enabled source, and no other poll jobs.

    Run at start and again periodically, so sources that admins add or disable while the service runs are picked
    up. A job whose source is unchanged keeps its next run time. max_instances=1 and coalesce keep a slow source
    from piling up polls.
    """
    rng = rng or random.Random()
    wanted = {f"{JOB_PREFIX}{source.key}": source for source in sources}
    for job in scheduler.get_jobs():
        if job.id.startswith(JOB_PREFIX) and job.id not in wanted:
            job.remove()
    for job_id, source in wanted.items():
        existing = scheduler.get_job(job_id)
        interval = dt.timedelta(minutes=source.interval_minutes)
        if existing is not None and existing.args[2] == source.id and existing.trigger.interval == interval:
            continue
        scheduler.add_job(
            _poll_job,
            "interval",
            args=(poller, inflight, source.id),
            minutes=source.interval_minutes,
            jitter=jitter_seconds,
            id=job_id,
            name=f"poll {source.key}",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=misfire_grace_seconds,
            # Spread the first polls too, so a restart does not hit every site at the same second.
            next_run_time=now + dt.timedelta(seconds=1 + rng.uniform(0, jitter_seconds)),
        )


async def _poll_job(poller: Poller, inflight: InFlight, source_id: int) -> None:
    if inflight.closing:
        return
    async with inflight.track():
        try:
            log_outcome(await poller.poll(source_id))
        except Exception:
            # The source's own faults are recorded by the poller; this is a bug, and must not stop other polls.
            log.exception("poll of source %s crashed", source_id)


def log_outcome(outcome: PollOutcome) -> None:
    """One INFO line per finished poll with what it found; a failed poll is the poller's WARNING, with its reason."""
    if outcome.skipped or not outcome.ok:
        return
    if outcome.not_modified:
        log.info("polled %s: not modified since the last poll", outcome.source)
        return
    log.info(
        "polled %s: %d items, %d new articles, %d updated, %d new events, %d changed events, %d items dropped",
        outcome.source,
        outcome.items,
        outcome.articles_new,
        outcome.articles_updated,
        outcome.events_new,
        outcome.events_changed,
        outcome.items_dropped,
    )


async def poll_all(
    poller: Poller, source_ids: Sequence[int], *, on_done: Callable[[PollOutcome], None] | None = None
) -> list[PollOutcome]:
    """Poll every given source once, concurrently (the fetcher bounds concurrency and per-host pace)."""

    async def one(source_id: int) -> PollOutcome:
        outcome = await poller.poll(source_id, force=True)
        log_outcome(outcome)
        if on_done is not None:
            on_done(outcome)
        return outcome

    return list(await asyncio.gather(*(one(source_id) for source_id in source_ids)))
