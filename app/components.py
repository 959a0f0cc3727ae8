"""Building the service from config.yaml: every component made once and wired to the parts that use it (one
sessionmaker, one BotServices, one Telegram Application whose Bot also sends the outbox, the scheduler with its jobs,
the poller and the web server). Each feature takes only the settings it reads; this is where config.yaml is mapped
onto them. Nothing starts here: `app.service` orders the start and the stop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import httpx
import uvicorn
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from telegram.ext import Application

from app.config import AppConfig
from app.health import BotState, HealthCheck
from app.pipeline import alert_schedule, build_poller
from app.vocabulary import choices_of, vocabulary_of
from bot.actions import BotServices, Preferences
from bot.admin_alerts import admin_notifier
from bot.application import build_application
from bot.dispatcher import Dispatcher, Limits
from bot.jobs import REMINDER_CHECK_MINUTES, REPORT_CHECK_SECONDS, ReminderJob, ReportsJob
from db.models.base import utcnow
from scheduler.extraction import BatchExtractor, WorkerStatus
from scheduler.heartbeat import HEARTBEAT_SECONDS, Heartbeat
from scheduler.inflight import InFlight
from scheduler.poller import Poller
from web.app import WebSettings, create_web_app
from web.demo import demo_site
from web.metrics import Latencies

# The web server's grace for requests still open at shutdown: part of the 5 s budget `app.service` keeps.
WEB_GRACE_SECONDS = 1.5


def build_services(
    *, sessions: sessionmaker[Session], config: AppConfig, clock: Callable[[], dt.datetime] = utcnow
) -> BotServices:
    """The bot's services with what it reads of the config: the choices, the public URL its links start with, the
    admins, when reminders go out and what a new chat starts with."""
    return BotServices(
        sessions=sessions,
        choices=choices_of(config),
        public_url=config.server.public_url,
        admin_chat_ids=config.telegram.admin_chat_ids,
        schedule=alert_schedule(config),
        defaults=Preferences(tuple(config.reminders.days_before), config.reminders.time.strftime("%H:%M")),
        clock=clock,
    )


def web_settings(config: AppConfig, bot_username: Callable[[], str | None] | None = None) -> WebSettings:
    """What the calendar reads of the config; the page links to the bot ``bot_username`` names (by default the
    configured ``telegram.bot_username``)."""
    return WebSettings(
        vocabulary=vocabulary_of(config),
        public_url=config.server.public_url,
        bot_username=bot_username or (lambda: config.telegram.bot_username),
        report_secret=config.report_secret,
    )


class _Server(uvicorn.Server):
    # The service owns SIGINT/SIGTERM for every component; uvicorn must not install its own handlers.
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


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
    """Build every component and wire them together; nothing starts here (see `app.service.run`)."""
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
        demo=demo_site(config.server.public_url, utcnow),
        engine=engine,
        # The page links to the bot by the configured name, else by the one Telegram gave the running bot.
        settings=web_settings(config, lambda: config.telegram.bot_username or bot_state.username),
        clock=lambda: dt.datetime.now(dt.UTC),
        latencies=latencies,
        extraction=extraction,
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
