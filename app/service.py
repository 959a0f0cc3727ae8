"""The composition root: the one place that builds the engine, the HTTP client, the scheduler, the Telegram
application and the web server, passes them to the parts that use them, and takes them down in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import httpx
import uvicorn
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from app.config import ENV_TELEGRAM_TOKEN, AppConfig
from app.health import TELEGRAM_TOKEN_REFUSED, TELEGRAM_UNREACHABLE, BotState, HealthCheck
from bot.admin_alerts import admin_notifier
from bot.application import build_application, build_services
from bot.dispatcher import Dispatcher, Limits
from bot.jobs import REMINDER_CHECK_MINUTES, REPORT_CHECK_SECONDS, ReminderJob, ReportsJob
from db.alert_schedule import CHANGED, NEW, AlertSchedule
from db.alerts import enqueue_alerts
from db.corrections import NO_REVIEW, ReviewPolicy, hold_doubtful
from db.engine import create_db_engine
from db.migrate import upgrade
from db.models.events import Event
from db.models.sources import Source
from db.sources import SourceSpec, sync_config_sources
from extract import Taxonomy
from extract.regions import RegionVocabulary
from scheduler.extraction import BatchExtractor, ProcessExtractor, WorkerStatus
from scheduler.fetch import Fetcher, HostPacer
from scheduler.heartbeat import HEARTBEAT_SECONDS, Heartbeat
from scheduler.inflight import InFlight
from scheduler.jobs import ScheduledSource, sync_source_polls
from scheduler.poller import AdminNotifier, EventSink, Poller, log_to_admins
from scheduler.transport import build_source_client
from web.app import create_web_app
from web.demo import demo_site, serve_demo_in_process
from web.metrics import Latencies

log = logging.getLogger("eventradar")

# Shutdown must finish within 5 s of SIGTERM; these budgets add up to less.
WEB_GRACE_SECONDS = 1.5
DRAIN_SECONDS = 2.0
BOT_STOP_SECONDS = 1.0
BOT_RETRY_MAX_SECONDS = 300.0
SOURCE_SYNC_SECONDS = 60


class StartupError(Exception):
    """The service cannot start; the message says why and what to do."""


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


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def build_http_client(config: AppConfig) -> httpx.AsyncClient:
    return build_source_client(
        user_agent=config.scheduler.user_agent,
        request_timeout_seconds=config.scheduler.request_timeout_seconds,
        # Fast and slow fetch lanes (scheduler.slots) each hold up to max_concurrent_fetches connections.
        max_connections=config.scheduler.max_concurrent_fetches * 2,
        # The demo source is answered in-process, so it works offline and without the web server (poll-once).
        in_process=lambda network: serve_demo_in_process(config, network, utcnow),
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


class _Server(uvicorn.Server):
    # The service owns SIGINT/SIGTERM for every component; uvicorn must not install its own handlers.
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise StartupError(
            f"cannot listen on {host}:{port}: {exc.strerror} (change server.port in config.yaml)"
        ) from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


async def run_service(config: AppConfig, stop: asyncio.Event) -> None:
    """Run everything until ``stop`` is set, then shut down within about 5 seconds."""
    engine = create_db_engine(config.database.url)
    extractor = ProcessExtractor(taxonomy_of(config))
    try:
        await asyncio.to_thread(prepare_database, engine, config)
        listener = bind_socket(config.server.host, config.server.port)
        async with build_http_client(config) as http:
            components = build_components(config, engine, http, extractor, extractor.status)
            await run(components, listener, stop)
    finally:
        extractor.close()
        engine.dispose()


@dataclass
class Components:
    """Everything the service runs, built once here and handed to the parts that use it: one sessionmaker, one
    Telegram Application (whose one Bot also sends the outbox), one BotServices."""

    config: AppConfig
    engine: Engine
    sessions: sessionmaker[Session]
    scheduler: AsyncIOScheduler
    inflight: InFlight
    poller: Poller
    bot_state: BotState
    application: Application | None  # type: ignore[type-arg]
    dispatcher: Dispatcher | None
    server: _Server


def build_components(
    config: AppConfig,
    engine: Engine,
    http: httpx.AsyncClient,
    extractor: BatchExtractor,
    extraction: WorkerStatus,
) -> Components:
    """Build every component and wire them together; nothing starts here (see :func:`run`)."""
    sessions = sessionmaker(engine, expire_on_commit=False)
    scheduler = AsyncIOScheduler(
        timezone=ZoneInfo(config.reminders.timezone),
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config.scheduler.misfire_grace_seconds,
        },
    )
    heartbeat = Heartbeat(clock=utcnow)
    inflight = InFlight()
    scheduler.add_job(
        heartbeat.beat,
        "interval",
        seconds=HEARTBEAT_SECONDS,
        id="heartbeat",
        next_run_time=utcnow(),
    )
    latencies = Latencies()

    token = config.telegram_bot_token
    bot_state = BotState(enabled=token is not None)
    services = build_services(sessions=sessions, config=config)
    limits = Limits(messages_per_second=config.telegram.messages_per_second)
    application = (
        build_application(
            token=token, api_base_url=config.telegram.api_base_url, services=services, sends_in_flight=limits.in_flight
        )
        if token
        else None
    )
    poller = build_poller(
        config,
        engine,
        http,
        extractor,
        latencies=latencies,
        notify_admins=admin_notifier(application.bot if application else None, config.telegram.admin_chat_ids),
        sessions=sessions,
    )
    dispatcher = (
        Dispatcher(
            sessions=sessions,
            bot=application.bot,
            renderer=services.renderer,
            schedule=services.schedule,
            limits=limits,
        )
        if application is not None
        else None
    )
    if dispatcher is not None:
        reminders = ReminderJob(
            sessions=sessions,
            schedule=dispatcher.schedule,
            inflight=inflight,
            on_enqueued=dispatcher.wake,
            regions=services.choices.regions,
        )
        scheduler.add_job(
            reminders, "interval", minutes=REMINDER_CHECK_MINUTES, id="reminders", next_run_time=dt.datetime.now(dt.UTC)
        )
    if application is not None and config.telegram.admin_chat_ids:
        # Readers' reports reach the admin chats once, with the buttons that correct the event (bot.review).
        tell_admins = ReportsJob(
            sessions=sessions, bot=application.bot, admin_chat_ids=config.telegram.admin_chat_ids, inflight=inflight
        )
        scheduler.add_job(tell_admins, "interval", seconds=REPORT_CHECK_SECONDS, id="admin-reports")

    health = HealthCheck(
        engine=engine, scheduler=scheduler, heartbeat=heartbeat, bot=bot_state, clock=utcnow, extraction=extraction
    )
    web_app = create_web_app(
        health=health,
        demo=demo_site(config, utcnow),
        engine=engine,
        config=config,
        clock=lambda: dt.datetime.now(dt.UTC),
        latencies=latencies,
        extraction=extraction,
        # The page links to the bot by the configured name, else by the one Telegram gave the running bot.
        bot_username=lambda: config.telegram.bot_username or bot_state.username,
    )
    server = _Server(
        uvicorn.Config(
            web_app,
            log_config=None,
            lifespan="off",
            access_log=False,
            timeout_graceful_shutdown=int(WEB_GRACE_SECONDS) or 1,
        )
    )
    return Components(config, engine, sessions, scheduler, inflight, poller, bot_state, application, dispatcher, server)


async def run(components: Components, listener: socket.socket, stop: asyncio.Event) -> None:
    """Start the components in order, run until ``stop`` is set or the web server fails, and stop them in order."""
    config, engine, scheduler, inflight = (
        components.config,
        components.engine,
        components.scheduler,
        components.inflight,
    )
    poller, server, application, dispatcher = (
        components.poller,
        components.server,
        components.application,
        components.dispatcher,
    )
    bot_state = components.bot_state
    scheduler.start()
    server_task = asyncio.create_task(server.serve(sockets=[listener]), name="web")
    bot_task = asyncio.create_task(_run_bot(application, bot_state, stop), name="bot") if application else None
    dispatch_task = asyncio.create_task(dispatcher.run(stop), name="dispatcher") if dispatcher else None
    if application is None:
        log.info("Telegram bot is off: set %s to your bot's token (from @BotFather) to turn it on", ENV_TELEGRAM_TOKEN)
    log.info("Event Radar running: web on http://%s:%d", config.server.host, config.server.port)
    # Polls start once the web server answers, so the first links they store (the demo's pages) can be followed.
    # uvicorn offers a flag, not an event, to say it is listening.
    while not server.started and not server_task.done():  # noqa: ASYNC110
        await asyncio.sleep(0.05)

    async def sync_polls() -> None:
        sources = await asyncio.to_thread(enabled_sources, engine)
        sync_source_polls(
            scheduler,
            poller,
            inflight,
            sources,
            jitter_seconds=config.scheduler.jitter_seconds,
            misfire_grace_seconds=config.scheduler.misfire_grace_seconds,
            now=utcnow(),
        )

    await sync_polls()
    log.info("polling %d enabled source(s)", len([job for job in scheduler.get_jobs() if job.id.startswith("poll:")]))
    # Sources admins add or disable through the bot are picked up without a restart.
    scheduler.add_job(sync_polls, "interval", seconds=SOURCE_SYNC_SECONDS, id="sync-source-polls")

    stop_task = asyncio.create_task(stop.wait(), name="stop")
    try:
        done, _ = await asyncio.wait({stop_task, server_task}, return_when=asyncio.FIRST_COMPLETED)
        if server_task in done and not stop.is_set():
            raise StartupError("the web server stopped unexpectedly") from server_task.exception()
    finally:
        stop.set()
        stop_task.cancel()
        log.info("shutting down")
        # Stop taking new work first, let what is running commit, then take the components down.
        scheduler.pause()
        server.should_exit = True
        if not await inflight.drain(DRAIN_SECONDS):
            log.warning("%d job(s) still running after %.0f s; stopping them", inflight.count, DRAIN_SECONDS)
        scheduler.shutdown(wait=False)
        if bot_task is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bot_task, BOT_STOP_SECONDS + 0.5)
        if dispatch_task is not None:
            # Sends already talking to Telegram get a moment to be marked; unsent ones are queued again.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(dispatch_task, BOT_STOP_SECONDS + 0.5)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server_task, WEB_GRACE_SECONDS + 0.5)
        log.info("stopped")


async def _run_bot(application: Application, state: BotState, stop: asyncio.Event) -> None:  # type: ignore[type-arg]
    """Start polling Telegram, retrying with backoff while it cannot be reached; stop when asked."""
    delay = 5.0
    while not stop.is_set():
        try:
            await application.initialize()
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(timeout=20)
        except InvalidToken:
            state.error = TELEGRAM_TOKEN_REFUSED
            log.error("Telegram refused the token in %s; the bot stays off", ENV_TELEGRAM_TOKEN)
            await _shutdown_bot(application)
            return
        except (TelegramError, OSError) as exc:
            # What the Bot API answered goes to the log only; /healthz says the fixed phrase.
            state.error = TELEGRAM_UNREACHABLE
            log.warning("cannot reach the Bot API: %s; retrying in %.0f s", exc, delay)
            await _shutdown_bot(application)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, BOT_RETRY_MAX_SECONDS)
            continue
        state.running, state.error = True, None
        me = application.bot.username
        state.username = me
        log.info("Telegram bot @%s is on", me)
        await stop.wait()
        break
    await _shutdown_bot(application)
    state.running = False


async def _shutdown_bot(application: Application) -> None:  # type: ignore[type-arg]
    try:
        async with asyncio.timeout(BOT_STOP_SECONDS):
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()
    except (TimeoutError, TelegramError, OSError, RuntimeError) as exc:
        log.warning("bot did not stop cleanly: %s", exc)
