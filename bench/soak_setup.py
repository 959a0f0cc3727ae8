"""Setting up a soak run: the sources of the feed plan as config entries, the subscribers, a database to read
while the service writes, a throwaway PostgreSQL database, the feed server in its own process, and the moments of
the chaos."""

from __future__ import annotations

import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from soak_feeds import FeedPlan
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.config import SourceConfig
from db.engine import create_db_engine
from db.models.subscribers import Subscriber, Subscription

BENCH = Path(__file__).resolve().parent

# The industries of the good items (soak_feeds.TOPICS); the GBK, bulk and internal items are of others.
SUBSCRIBED = frozenset(
    {
        "biomedicine",
        "new-energy-vehicles",
        "semiconductors",
        "ai",
        "energy-storage",
        "smart-appliances",
        "new-materials",
        "digital-economy",
    }
)
CHATS = {7001: "zh", 7002: "zh", 7003: "en"}
BLOCKED = 7099
# After a worker kill: this long for an item published after it to be stored (a poll each minute, 5 s jitter).
WORKER_WINDOW = 60.0
CHAOS_GAP = WORKER_WINDOW + 10


def source_entries(plan: FeedPlan) -> list[dict[str, object]]:
    # Every source here is on a loopback address. Where the SSRF policy exists, the good and bad sources stand for
    # public sites and say so; the SSRF sources do not, so they may not reach 127.0.0.1.
    private_ok = "allow_private_network" in SourceConfig.model_fields
    entries: list[dict[str, object]] = []
    for source in plan.sources:
        entry: dict[str, object] = {
            "id": source.key,
            "name": source.key,
            "kind": source.kind,
            "url": source.url(plan.port),
            "interval_minutes": 1,
        }
        if private_ok:
            # Said either way: tests' write_config lets a source that says nothing reach 127.0.0.1.
            entry["allow_private_network"] = source.role in ("good", "bad")
        entries.append(entry)
    return entries


def add_subscribers(url: str) -> None:
    engine = create_db_engine(url)
    with Session(engine) as session, session.begin():
        for chat_id, language in [*CHATS.items(), (BLOCKED, "zh")]:
            subscriber = Subscriber(chat_id=chat_id, chat_type="private", language=language)
            subscriber.subscriptions = [Subscription(industry=industry, region="*") for industry in sorted(SUBSCRIBED)]
            session.add(subscriber)
    engine.dispose()


def reader_engine(url: str) -> Engine:
    # Not db.engine's: it begins every SQLite transaction IMMEDIATE (a write lock); the watchers only read.
    return create_engine(url, pool_pre_ping=True) if url.startswith("postgresql") else create_engine(url)


@contextmanager
def temporary_postgres(server_url: str) -> Iterator[str]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"eventradar_soak_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def feed_server(plan_path: Path, port: int) -> Iterator[float]:
    """The feed server in its own process; yields its t0 (when its sources' clocks started)."""
    process = subprocess.Popen([sys.executable, str(BENCH / "soak_feeds.py"), str(plan_path)])
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                yield float(httpx.get(f"http://127.0.0.1:{port}/stats", timeout=2).json()["t0"])
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the feed server did not start") from None
                time.sleep(0.2)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def chaos_moments(rng: random.Random, duration: float, service: int, worker: int) -> list[tuple[float, str]]:
    """Kills at random moments between the first minute (or quarter) and the last half-minute, at least
    ``CHAOS_GAP`` seconds apart when the run is long enough (so each worker kill can be judged before the next)."""
    kinds = ["service"] * service + ["worker"] * worker
    rng.shuffle(kinds)
    if not kinds:
        return []
    start, end = min(60.0, duration / 4), duration - min(30.0, duration / 8)
    gap = min(CHAOS_GAP, (end - start) / len(kinds))
    slack = end - start - gap * (len(kinds) - 1)
    points = sorted(rng.uniform(0, slack) for _ in kinds)
    return [(start + point + gap * i, kind) for i, (point, kind) in enumerate(zip(points, kinds, strict=True))]
