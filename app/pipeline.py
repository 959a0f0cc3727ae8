"""What polling needs, built from config.yaml the same way for `eventradar run` and `eventradar poll-once` (and the
benchmarks): the database migrated with the configured sources, the sources' HTTP client (the demo answered
in-process), the fetcher and the poller, and the poller's event sink (alerts owed to subscribers, doubtful events
held for review).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import AppConfig
from db.alert_schedule import CHANGED, NEW, AlertSchedule
from db.alerts import enqueue_alerts
from db.corrections import NO_REVIEW, ReviewPolicy, hold_doubtful
from db.migrate import upgrade
from db.models.base import utcnow
from db.models.events import Event
from db.models.sources import Source
from db.sources import SourceSpec, sync_config_sources
from extract import Taxonomy
from extract.regions import RegionVocabulary
from scheduler.extraction import BatchExtractor
from scheduler.fetch import Fetcher, HostPacer
from scheduler.jobs import ScheduledSource
from scheduler.poller import AdminNotifier, EventSink, Poller, log_to_admins
from scheduler.transport import build_source_client
from web.demo import serve_demo_in_process
from web.metrics import Latencies

log = logging.getLogger("eventradar")


def source_specs(config: AppConfig) -> list[SourceSpec]:
    return [
        SourceSpec(
            key=source.id,
            name=source.name,
            kind=source.kind,
            url=source.url,
            interval_minutes=source.interval_minutes,
            enabled=source.enabled,
            province=source.province,
            city=source.city,
            industries=tuple(source.industries),
            encoding=source.encoding,
            link_selector=source.link_selector,
            allow_private_network=source.allow_private_network,
        )
        for source in config.sources
    ]


def prepare_database(engine: Engine, config: AppConfig) -> None:
    """Migrate to the newest schema and bring the configured sources into the database."""
    upgrade(engine)
    with Session(engine) as session, session.begin():
        result = sync_config_sources(session, source_specs(config))
    for label, keys in (("added", result.added), ("updated", result.updated), ("disabled", result.disabled)):
        if keys:
            log.info("sources %s from config: %s", label, ", ".join(keys))


def build_http_client(config: AppConfig) -> httpx.AsyncClient:
    return build_source_client(
        user_agent=config.scheduler.user_agent,
        request_timeout_seconds=config.scheduler.request_timeout_seconds,
        # Fast and slow fetch lanes (scheduler.slots) each hold up to max_concurrent_fetches connections.
        max_connections=config.scheduler.max_concurrent_fetches * 2,
        # The demo source is answered in-process, so it works offline and without the web server (poll-once).
        in_process=lambda network: serve_demo_in_process(
            network, utcnow, public_url=config.server.public_url, host=config.server.host, port=config.server.port
        ),
    )


def build_poller(
    config: AppConfig,
    engine: Engine,
    http: httpx.AsyncClient,
    extractor: BatchExtractor,
    *,
    latencies: Latencies | None = None,
    notify_admins: AdminNotifier = log_to_admins,
    sessions: sessionmaker[Session] | None = None,
) -> Poller:
    fetcher = Fetcher(
        http,
        max_body_bytes=config.scheduler.max_body_bytes,
        max_concurrency=config.scheduler.max_concurrent_fetches,
        pacer=HostPacer(config.scheduler.min_seconds_between_requests_to_one_host),
        deadline_seconds=config.scheduler.fetch_deadline_seconds,
        slow_after_seconds=config.scheduler.slow_fetch_seconds,
        max_retry_after_seconds=config.scheduler.max_backoff_seconds,
    )
    return Poller(
        sessions=sessions or sessionmaker(engine, expire_on_commit=False),
        fetcher=fetcher,
        extractor=extractor,
        clock=utcnow,
        max_backoff_seconds=config.scheduler.max_backoff_seconds,
        serialize_writes=engine.dialect.name == "sqlite",
        observe_seconds=latencies.poll.observe if latencies is not None else None,
        event_sink=alert_subscribers(alert_schedule(config), review_policy(config), config.regions_vocabulary()),
        notify_admins=notify_admins,
    )


def alert_schedule(config: AppConfig) -> AlertSchedule:
    return AlertSchedule(time=config.reminders.time, timezone=config.reminders.timezone)


def review_policy(config: AppConfig) -> ReviewPolicy:
    return ReviewPolicy(config.review.hold_below_confidence, tuple(config.review.hold_kinds))


def alert_subscribers(
    schedule: AlertSchedule, review: ReviewPolicy = NO_REVIEW, regions: RegionVocabulary | None = None
) -> EventSink:
    """The poller's event sink: owe matching subscribers a message, in the transaction that stored the event; new
    events the review policy holds wait for an admin's approval instead (`db.corrections`)."""

    def enqueue(session: Session, new: Sequence[Event], changed: Sequence[Event]) -> None:
        ready = hold_doubtful(new, review)
        alerts = [(event, NEW) for event in ready] + [(event, CHANGED) for event in changed]
        enqueue_alerts(session, alerts, now=utcnow(), schedule=schedule, regions=regions)

    return enqueue


def taxonomy_of(config: AppConfig) -> Taxonomy:
    return config.taxonomy()


def enabled_sources(engine: Engine) -> list[ScheduledSource]:
    with Session(engine) as session:
        rows = session.execute(
            select(Source.id, Source.key, Source.interval_minutes).where(Source.enabled).order_by(Source.key)
        )
        return [ScheduledSource(id=row.id, key=row.key, interval_minutes=row.interval_minutes) for row in rows]
