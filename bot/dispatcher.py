"""The dispatcher: sends what the outbox owes, within Telegram's limits, and survives crashes without losing messages.

Limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): about 30 messages per
second overall, one per second to a chat, 20 per minute to a group. The :class:`RateLimiter` hands out send slots
(reservations) that respect all three, so we cause no 429 ourselves; a 429 that comes anyway pauses everything for
its ``retry_after``. Each chat has at most one message in flight, which keeps a chat's messages in order.

Outcomes, per Telegram's answer:

* sent → the row is marked ``sent`` at once, in its own transaction (a crash can repeat only what was in flight);
* 429 → wait ``retry_after`` (every send pauses), then try again;
* 403 (blocked, kicked, deactivated) → the subscriber goes inactive and its queued rows are cancelled;
* "group upgraded to a supergroup" → the subscriber follows to the new chat id, and the message is sent there;
* 400 → given up, with Telegram's description recorded in ``last_error``;
* network trouble or 5xx → back to the queue with exponential backoff, given up after ``max_attempts``.

Database work runs on one dedicated thread, so SQLite sees one writer and the event loop never blocks on it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import logging
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.render import Renderer
from bot.views.review import report_keyboard
from db.alert_schedule import DEFAULT_SCHEDULE, DIGEST, AlertSchedule
from db.models.base import utcnow
from db.models.subscribers import Delivery
from db.outbox import claim_due, mark_final, mark_retry, mark_sent, requeue_in_flight
from db.subscriptions import deactivate_subscriber, migrate_subscriber

log = logging.getLogger(__name__)
T = TypeVar("T")
GROUP_TYPES = frozenset({"group", "supergroup"})


@dataclass(frozen=True, slots=True)
class Limits:
    """Sending limits and retry policy (config ``telegram``)."""

    messages_per_second: float = 29.0  # a little under Telegram's ~30 so network jitter cannot push us over
    per_chat_seconds: float = 1.0
    group_per_minute: int = 20
    in_flight: int = 32  # messages claimed and waiting for their slot or Telegram's answer
    poll_seconds: float = 1.0
    max_attempts: int = 8
    backoff_seconds: float = 5.0
    max_backoff_seconds: float = 1800.0
    stop_grace_seconds: float = 1.0


class RateLimiter:
    """Hands out send times that keep to the overall, per-chat and per-group limits (monotonic seconds)."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._clock = clock
        self._next_any = 0.0
        self._next_chat: dict[int, float] = {}
        self._group_window: dict[int, collections.deque[float]] = {}
        self._recent: collections.deque[float] = collections.deque()
        self._per_second = max(1, int(limits.messages_per_second))

    def reserve(self, chat_id: int, *, group: bool) -> float:
        now = self._clock()
        at = max(now, self._next_any, self._next_chat.get(chat_id, 0.0))
        if group:
            window = self._group_window.setdefault(chat_id, collections.deque())
            while window and window[0] <= at - 60.0:
                window.popleft()
            if len(window) >= self._limits.group_per_minute:
                at = max(at, window[0] + 60.0)
            window.append(at)
        self._next_any = at + 1.0 / self._limits.messages_per_second
        self._next_chat[chat_id] = at + self._limits.per_chat_seconds
        if len(self._next_chat) > 100_000:
            # Forget chats whose slot has passed, so a long broadcast does not grow this without bound.
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        return at

    def admit(self) -> float:
        """Just before a send: 0 (and the send is counted) if fewer than the per-second limit went out in the last
        second, else how long to wait. Reservations space sends evenly, but a busy event loop can release several
        late ones together; this rolling window keeps even those bursts under the limit."""
        now = self._clock()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self._per_second:
            return self._recent[0] + 1.0 - now
        self._recent.append(now)
        return 0.0

    def pause(self, seconds: float) -> None:
        """Flood control: nothing goes out for ``seconds``."""
        self._next_any = max(self._next_any, self._clock() + seconds)


@dataclass
class Outgoing:
    ids: tuple[int, ...]
    subscriber_id: int
    chat_id: int
    chat_type: str
    thread_id: int | None
    text: str
    started: bool = False
    # The "report a problem" button under an alert about one event (a digest has none: its events' cards do).
    markup: InlineKeyboardMarkup | None = None


@dataclass
class DispatchStats:
    sent: int = 0
    flood_waits: int = 0
    failed: int = 0
    deactivated: int = 0
    migrated: int = 0
    retried: int = 0
    errors: list[str] = field(default_factory=list)


def sender_bot(token: str, api_base_url: str, limits: Limits) -> Bot:
    """A Bot for the dispatcher, with a connection pool as large as the number of sends in flight."""
    request = HTTPXRequest(connection_pool_size=limits.in_flight, read_timeout=20.0, connect_timeout=10.0)
    return Bot(token, base_url=api_base_url, request=request)


class Dispatcher:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        bot: Bot,
        renderer: Renderer,
        schedule: AlertSchedule = DEFAULT_SCHEDULE,
        limits: Limits | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._bot = bot
        self._renderer = renderer
        self.schedule = schedule
        self.limits = limits or Limits()
        self._clock = clock
        self._limiter = RateLimiter(self.limits)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dispatch-db")
        self._tasks: dict[asyncio.Task[None], Outgoing] = {}
        self._dead_chats: set[int] = set()
        self._wake = asyncio.Event()
        self.stats = DispatchStats()

    async def _db(self, work: Callable[[Session], T]) -> T:
        def run() -> T:
            with self._sessions.begin() as session:
                return work(session)

        return await asyncio.get_running_loop().run_in_executor(self._executor, run)

    def wake(self) -> None:
        """Something was enqueued: look now rather than at the next poll."""
        self._wake.set()

    async def recover(self) -> int:
        """Queue again what a previous run left in flight; call once before sending."""
        count = await self._db(requeue_in_flight)
        if count:
            log.info("dispatcher: %d message(s) left in flight by the last run are queued again", count)
        return count

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set; then let sends already talking to Telegram finish briefly."""
        await self._bot.request.initialize()
        await self.recover()
        try:
            while not stop.is_set():
                claimed = await self._claim()
                if claimed:
                    continue
                self._wake.clear()
                waiters: set[asyncio.Future[object]] = {
                    asyncio.ensure_future(stop.wait()),
                    asyncio.ensure_future(self._wake.wait()),
                }
                waiters.update(self._tasks)  # type: ignore[arg-type]
                _, pending = await asyncio.wait(
                    waiters, timeout=self.limits.poll_seconds, return_when=asyncio.FIRST_COMPLETED
                )
                for waiter in pending:
                    if waiter not in self._tasks:
                        waiter.cancel()
        finally:
            await self._stop()
            self._executor.shutdown(wait=True)
            await self._bot.request.shutdown()

    async def send_due(self) -> int:
        """Send everything due now and return how many messages went out (for tests, benchmarks, one-shot use)."""
        before = self.stats.sent
        while True:
            claimed = await self._claim()
            if not claimed and not self._tasks:
                return self.stats.sent - before
            if not claimed:
                await asyncio.wait(list(self._tasks), return_when=asyncio.FIRST_COMPLETED)

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    async def _claim(self) -> int:
        room = self.limits.in_flight - len(self._tasks)
        if room <= 0:
            await asyncio.wait(list(self._tasks), return_when=asyncio.FIRST_COMPLETED)
            return 1
        busy = {outgoing.subscriber_id for outgoing in self._tasks.values()}
        now = self._clock()
        today = self.schedule.today(now)

        claimed = await self._db(partial(claim_due, now=now, limit=room, busy_subscribers=busy))
        # Rendered here, after the claiming transaction: the claimed values are frozen (`db.outbox.Claimed`).
        batch = [
            Outgoing(
                ids=item.ids,
                subscriber_id=item.recipient.subscriber_id,
                chat_id=item.recipient.chat_id,
                chat_type=item.recipient.chat_type,
                thread_id=item.recipient.thread_id,
                text=self._renderer.alert(item, item.recipient.language, today=today),
                markup=_report_markup(item.kind, item.events[0].id, item.recipient.language),
            )
            for item in claimed
        ]
        for outgoing in batch:
            task = asyncio.create_task(self._deliver(outgoing), name=f"send-{outgoing.chat_id}")
            self._tasks[task] = outgoing
            task.add_done_callback(self._tasks.pop)
        return len(batch)

    async def _deliver(self, out: Outgoing) -> None:
        flood_waits = 0
        while True:
            at = self._limiter.reserve(out.chat_id, group=out.chat_type in GROUP_TYPES)
            delay = at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            for _ in range(100):  # bounded: admit() frees up within a second
                wait = self._limiter.admit()
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            if out.chat_id in self._dead_chats:
                await self._db(partial(mark_final, ids=out.ids, status="cancelled", error="subscriber inactive"))
                return
            out.started = True
            try:
                message = await self._bot.send_message(
                    chat_id=out.chat_id,
                    text=out.text,
                    parse_mode=ParseMode.HTML,
                    message_thread_id=out.thread_id,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    reply_markup=out.markup,
                )
            except RetryAfter as exc:
                seconds = _retry_after(exc)
                self.stats.flood_waits += 1
                flood_waits += 1
                log.warning("dispatcher: Telegram asks to wait %.0f s (flood control)", seconds)
                self._limiter.pause(seconds)
                if flood_waits >= 5:
                    # Keep it owed, in the database, rather than spin here if the flood control persists.
                    due = self._clock() + dt.timedelta(seconds=seconds)
                    await self._db(partial(mark_retry, ids=out.ids, due_at=due, error=str(exc)))
                    return
                out.started = False
                continue
            except ChatMigrated as exc:
                new_chat_id = int(exc.new_chat_id)
                log.info("dispatcher: chat %s became supergroup %s; following it", out.chat_id, new_chat_id)
                await self._db(partial(migrate_subscriber, subscriber_id=out.subscriber_id, new_chat_id=new_chat_id))
                self.stats.migrated += 1
                out.chat_id, out.chat_type, out.started = new_chat_id, "supergroup", False
                continue
            except Forbidden as exc:
                reason = exc.message
                self._dead_chats.add(out.chat_id)
                self.stats.deactivated += 1
                log.info("dispatcher: chat %s is gone (%s); subscriber deactivated", out.chat_id, reason)
                await self._db(partial(deactivate_subscriber, subscriber_id=out.subscriber_id, reason=reason))
                return
            except BadRequest as exc:
                self.stats.failed += 1
                self.stats.errors.append(exc.message)
                log.warning("dispatcher: Telegram refused a message to %s: %s", out.chat_id, exc.message)
                await self._db(partial(mark_final, ids=out.ids, status="failed", error=f"400: {exc.message}"))
                return
            except (NetworkError, TelegramError, OSError) as exc:
                await self._network_error(out, exc)
                return
            self.stats.sent += 1
            await self._db(partial(mark_sent, ids=out.ids, message_id=message.message_id, now=self._clock()))
            return

    async def _network_error(self, out: Outgoing, exc: Exception) -> None:
        attempts = await self._db(partial(_attempts, delivery_id=out.ids[0]))
        error = f"{type(exc).__name__}: {exc}"
        if attempts >= self.limits.max_attempts:
            self.stats.failed += 1
            await self._db(partial(mark_final, ids=out.ids, status="failed", error=f"gave up: {error}"))
            return
        backoff = min(self.limits.backoff_seconds * 2 ** (attempts - 1), self.limits.max_backoff_seconds)
        due = self._clock() + dt.timedelta(seconds=backoff)
        self.stats.retried += 1
        log.warning("dispatcher: sending to %s failed (%s); retrying in %.0f s", out.chat_id, error, backoff)
        await self._db(partial(mark_retry, ids=out.ids, due_at=due, error=error))

    async def _stop(self) -> None:
        waiting = [task for task, out in self._tasks.items() if not out.started]
        requeue = [i for task in waiting for i in self._tasks[task].ids]
        for task in waiting:
            task.cancel()
        talking = [task for task in self._tasks if task not in waiting]
        if talking:
            await asyncio.wait(talking, timeout=self.limits.stop_grace_seconds)
            for task in talking:
                task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*waiting, *talking, return_exceptions=True)
        if requeue:
            # Never sent: owed again right away (a restart would find them "sending" and do the same).
            now = self._clock()
            await self._db(partial(mark_retry, ids=requeue, due_at=now, error="dispatcher stopped"))


def _report_markup(kind: str, event_id: int, language: str) -> InlineKeyboardMarkup | None:
    return None if kind == DIGEST else InlineKeyboardMarkup(report_keyboard(event_id, language))


def _attempts(session: Session, delivery_id: int) -> int:
    row = session.get(Delivery, delivery_id)
    return row.attempts if row is not None else 0


def _retry_after(exc: RetryAfter) -> float:
    # PTB 22 warns that the attribute becomes a timedelta; accept either and keep the warning out of the logs.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | float | dt.timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
