"""Running the service: `run_service` builds it (`app.components`) on a listening socket and `run` orders the
start and the stop of its components, taking them down within 5 seconds of SIGTERM; the bot's connection to
Telegram is retried with backoff while it cannot be reached.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from app.components import WEB_GRACE_SECONDS, Components, build_components
from app.config import ENV_TELEGRAM_TOKEN, AppConfig
from app.health import TELEGRAM_TOKEN_REFUSED, TELEGRAM_UNREACHABLE, BotState
from app.pipeline import build_http_client, enabled_sources, prepare_database, taxonomy_of
from db.engine import create_db_engine
from db.models.base import utcnow
from scheduler.extraction import ProcessExtractor
from scheduler.jobs import sync_source_polls

log = logging.getLogger("eventradar")

# Shutdown must finish within 5 s of SIGTERM; these budgets, with the web server's WEB_GRACE_SECONDS, add up to less.
DRAIN_SECONDS = 2.0
BOT_STOP_SECONDS = 1.0
BOT_RETRY_MAX_SECONDS = 300.0
SOURCE_SYNC_SECONDS = 60


class StartupError(Exception):
    """The service cannot start; the message says why and what to do."""


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
