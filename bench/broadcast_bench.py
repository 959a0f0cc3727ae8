"""Broadcast benchmark: enqueue time for 100,000 subscribers, send rate against a 30/s Bot API, and crash recovery.

    .venv/bin/python bench/broadcast_bench.py                    # default: 100,000 enqueued, 3,000 sent twice
    .venv/bin/python bench/broadcast_bench.py --messages 10000   # the full broadcast (about 12 minutes)

1. Enqueue: 100,000 subscribers (each with a matching and a non-matching subscription), one matching event; the
   time of ``enqueue_event_alerts`` on SQLite and on PostgreSQL (``--postgres-url``; skipped when unreachable).
2. Broadcast: ``--messages`` subscribers, one event, sent by the real dispatcher in a child process to the fake Bot
   API, which enforces 30 messages per rolling second and answers 429 beyond it. Reported: the achieved rate, the
   429s we caused, messages lost and duplicated (counted by the fake, per chat).
3. The same with ``kill -9`` of the dispatcher halfway and a restart: duplicates counted.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from app.vocabulary import choices_of  # noqa: E402
from db.alerts import enqueue_event_alerts  # noqa: E402
from db.engine import create_db_engine  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models.events import Event  # noqa: E402
from db.models.subscribers import Delivery, Subscriber, Subscription  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TOKEN = "123456:BENCH-token"
NOW_EVENT = {
    "name": "2027中国（广州）国际生物医药博览会",
    "merge_key": "bench",
    "city": "广州",
    "province": "广东",
    "district": "海珠",
    "venue": "中国进出口商品交易会展馆",
    "industries": ["biomedicine"],
    "status": "upcoming",
}


def populate(engine: Engine, subscribers: int, *, chat_base: int = 10_000_000) -> int:
    """``subscribers`` chats, each with one matching and one non-matching subscription; one event. Returns its id."""
    import datetime as dt

    matching = [("biomedicine", "广东"), ("*", "广州"), ("biomedicine", "*"), ("*", "海珠")]
    with Session(engine) as session, session.begin():
        session.execute(
            insert(Subscriber),
            [
                {"chat_id": chat_base + n, "chat_type": "private", "language": "zh" if n % 3 else "en"}
                for n in range(subscribers)
            ],
        )
        ids = list(session.scalars(select(Subscriber.id).order_by(Subscriber.id)))
        rows = []
        for n, subscriber_id in enumerate(ids):
            industry, region = matching[n % len(matching)]
            rows.append({"subscriber_id": subscriber_id, "industry": industry, "region": region})
            rows.append({"subscriber_id": subscriber_id, "industry": "ai", "region": "上海"})
        session.execute(insert(Subscription), rows)
        start = dt.date.today() + dt.timedelta(days=60)
        event = Event(start_date=start, end_date=start + dt.timedelta(days=2), **NOW_EVENT)
        session.add(event)
        session.flush()
        return event.id


def time_enqueue(engine: Engine, event_id: int) -> tuple[float, int]:
    with Session(engine) as session, session.begin():
        event = session.get(Event, event_id)
        assert event is not None
        began = time.perf_counter()
        added = enqueue_event_alerts(session, event, "new")
        session.flush()
    seconds = time.perf_counter() - began
    return seconds, added


class TempPostgres:
    def __init__(self, url: str) -> None:
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        self.name = f"eventradar_bench_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(url).set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def bench_enqueue(subscribers: int, postgres_url: str, folder: Path) -> list[str]:
    lines = []
    backends: list[tuple[str, str, TempPostgres | None]] = [("SQLite", f"sqlite:///{folder}/enqueue.db", None)]
    try:
        pg = TempPostgres(postgres_url)
        backends.append(("PostgreSQL", pg.url, pg))
    except OperationalError as exc:
        lines.append(f"PostgreSQL skipped: {str(exc).splitlines()[0]}")
    for label, url, temp in backends:
        engine = create_db_engine(url)
        try:
            upgrade(engine)
            began = time.perf_counter()
            event_id = populate(engine, subscribers)
            if temp is not None:
                # Statistics as autovacuum would have them in production; a never-analysed table of 200,000
                # subscriptions gets a poor plan (about 2.8 s instead of 1.4 s on the 2-core machine).
                with engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            setup = time.perf_counter() - began
            seconds, added = time_enqueue(engine, event_id)
            again, added_again = time_enqueue(engine, event_id)
            lines.append(
                f"enqueue {label}: {added:,} deliveries for {subscribers:,} subscribers in {seconds:.2f} s "
                f"(again, idempotent: {added_again} added in {again:.2f} s; setup {setup:.1f} s)"
            )
        finally:
            engine.dispose()
            if temp is not None:
                temp.drop()
    return lines


# --- the broadcast -----------------------------------------------------------------------------------------------


@dataclass
class BroadcastResult:
    messages: int
    seconds: float
    rate: float
    violations: int
    lost: int
    duplicated: int
    restarts: int
    unsent_rows: int


def worker(database_url: str, api_url: str, rate: float) -> None:
    """The dispatcher, alone in this process, sending until nothing is left (or it is killed)."""
    from app.config import load_config
    from bot.dispatcher import Dispatcher, Limits, sender_bot
    from bot.render import Renderer

    config = load_config(REPO / "config.yaml", environ={})
    renderer = Renderer(
        choices_of(config),
        "https://bench",
    )
    limits = Limits(messages_per_second=rate)
    engine = create_db_engine(database_url)

    async def main() -> None:
        bot = sender_bot(TOKEN, api_url, limits)
        dispatcher = Dispatcher(
            sessions=sessionmaker(engine, expire_on_commit=False), bot=bot, renderer=renderer, limits=limits
        )
        await dispatcher.recover()
        while True:
            await dispatcher.send_due()
            with Session(engine) as session:
                left = session.scalar(
                    select(func.count()).select_from(Delivery).where(Delivery.status.in_(("queued", "sending")))
                )
            if not left:
                break
            await asyncio.sleep(0.2)
        dispatcher.close()

    asyncio.run(main())
    engine.dispose()


def broadcast(messages: int, folder: Path, *, kill_halfway: bool, rate: float) -> BroadcastResult:
    from tests.fakes.servers import serve_in_thread
    from tests.fakes.telegram_api import FakeTelegram

    database_url = f"sqlite:///{folder}/broadcast-{'kill' if kill_halfway else 'clean'}.db"
    engine = create_db_engine(database_url)
    upgrade(engine)
    event_id = populate(engine, messages, chat_base=20_000_000)
    time_enqueue(engine, event_id)
    fake = FakeTelegram(token=TOKEN, max_per_second=30, record_calls=False)
    restarts = 0
    with serve_in_thread(fake.app()) as url:
        command = [sys.executable, __file__, "worker", database_url, f"{url}/bot", str(rate)]
        began = time.monotonic()
        process = subprocess.Popen(command)
        if kill_halfway:
            while len(fake.sent) < messages // 2 and process.poll() is None:
                time.sleep(0.01)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            restarts += 1
            process = subprocess.Popen(command)
        if process.wait() != 0:
            raise SystemExit("the dispatcher worker failed")
        seconds = time.monotonic() - began
    per_chat = collections.Counter(s.chat_id for s in fake.sent)
    with Session(engine) as session:
        chats = set(session.scalars(select(Subscriber.chat_id)))
        unsent = session.scalar(select(func.count()).select_from(Delivery).where(Delivery.status != "sent")) or 0
    engine.dispose()
    return BroadcastResult(
        messages=len(fake.sent),
        seconds=seconds,
        rate=len(fake.sent) / seconds,
        violations=fake.rate_violations,
        lost=len(chats - set(per_chat)),
        duplicated=sum(n - 1 for n in per_chat.values() if n > 1),
        restarts=restarts,
        unsent_rows=unsent,
    )


def describe(label: str, result: BroadcastResult) -> str:
    return (
        f"{label}: {result.messages:,} messages in {result.seconds:.1f} s = {result.rate:.1f}/s "
        f"(including start-up{', kill -9 and restart' if result.restarts else ''}); 429s caused: "
        f"{result.violations}; lost: {result.lost}; duplicated: {result.duplicated}; "
        f"rows not sent: {result.unsent_rows}"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3], float(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=100_000, help="subscribers for the enqueue timing")
    parser.add_argument("--messages", type=int, default=3_000, help="messages per broadcast run (full: 10000)")
    parser.add_argument("--rate", type=float, default=29.0, help="the dispatcher's messages per second")
    parser.add_argument("--postgres-url", default=os.environ.get("EVENTRADAR_TEST_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--skip-enqueue", action="store_true")
    parser.add_argument("--skip-broadcast", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventradar-bench-") as tmp:
        folder = Path(tmp)
        if not args.skip_enqueue:
            for line in bench_enqueue(args.subscribers, args.postgres_url, folder):
                print(line, flush=True)
        if not args.skip_broadcast:
            clean = broadcast(args.messages, folder, kill_halfway=False, rate=args.rate)
            print(describe("broadcast", clean), flush=True)
            killed = broadcast(args.messages, folder, kill_halfway=True, rate=args.rate)
            print(describe("broadcast with kill -9 halfway", killed), flush=True)


if __name__ == "__main__":
    main()
