"""Counts for /metrics, read from the database at scrape time: sources, articles, events, the delivery outbox, and
people's corrections (admin actions, open reports, events held for review).

Reading them from the tables (rather than counting in memory) keeps them right across restarts and whichever
process did the work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.corrections import correction_counts
from db.models.events import EVENT_STATUSES, Event
from db.models.sources import Article, Source
from db.models.subscribers import Delivery
from db.outbox import outbox_counts

# Send latencies are summarised over this many of the most recent sends: enough for stable quantiles, bounded work.
LATENCY_SAMPLE = 5000


@dataclass(frozen=True, slots=True)
class SourceHealth:
    key: str
    enabled: bool
    consecutive_failures: int
    last_success_at: dt.datetime | None
    last_polled_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Counts:
    sources: list[SourceHealth]
    articles: int
    events_by_status: dict[str, int]
    deliveries_by_status: dict[str, int]
    # Seconds from when each recent delivery was due to when Telegram accepted it.
    send_latencies: list[float]
    # Admin corrections by action, and "open_reports" (`db.corrections.correction_counts`); events held for review.
    corrections: dict[str, int] = field(default_factory=dict)
    events_held: int = 0


def read_counts(session: Session, *, since: dt.datetime) -> Counts:
    sources = [
        SourceHealth(row.key, row.enabled, row.consecutive_failures, row.last_success_at, row.last_polled_at)
        for row in session.execute(
            select(
                Source.key, Source.enabled, Source.consecutive_failures, Source.last_success_at, Source.last_polled_at
            ).order_by(Source.key)
        )
    ]
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    events = dict.fromkeys(EVENT_STATUSES, 0)
    for status, count in session.execute(select(Event.status, func.count()).group_by(Event.status)):
        events[status] = count
    deliveries = outbox_counts(session)
    rows = session.execute(
        select(Delivery.due_at, Delivery.sent_at)
        .where(Delivery.status == "sent", Delivery.sent_at >= since)
        .order_by(Delivery.sent_at.desc())
        .limit(LATENCY_SAMPLE)
    )
    latencies = [max((sent - due).total_seconds(), 0.0) for due, sent in rows if sent is not None]
    held = session.scalar(select(func.count()).select_from(Event).where(Event.review == "held", Event.shown)) or 0
    return Counts(sources, articles, events, deliveries, latencies, correction_counts(session), held)
