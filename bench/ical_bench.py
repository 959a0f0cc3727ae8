"""Calendar benchmark: render a 10,000-event feed, the 304 path in process, and requests per second over HTTP.

    .venv/bin/python bench/ical_bench.py [--events 10000] [--seconds 5]

Targets (issue 6): a 10,000-event feed renders in under 200 ms; a 304 answer costs under 2 ms in process. Uses a
throwaway SQLite database in a temporary folder and a server on 127.0.0.1 only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.components import web_settings
from app.config import load_config
from db.engine import create_db_engine
from db.migrate import upgrade
from db.models.events import Event, new_public_id
from ical.model import FeedEvent, FeedInfo, SourceLink
from ical.render import _render_event_cached, render_calendar
from web.app import create_web_app

REPO = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2025, 3, 10, 2, 0, tzinfo=dt.UTC)
CITIES = [("广东", "广州"), ("广东", "深圳"), ("上海", "上海"), ("江苏", "苏州"), ("浙江", "杭州"), ("北京", "北京")]
INDUSTRIES = ["biomedicine", "ai", "semiconductors", "robotics", "new-energy-vehicles", "trade"]


class _Health:
    async def report(self) -> tuple[bool, dict[str, Any]]:
        return True, {"status": "ok"}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def describe(samples: list[float]) -> str:
    return f"median {statistics.median(samples):.1f} ms, best {min(samples):.1f} ms, worst {max(samples):.1f} ms"


def feed_events(count: int) -> list[FeedEvent]:
    rng = random.Random(6)
    events = []
    for index in range(count):
        start = dt.date(2025, 2, 10) + dt.timedelta(days=rng.randrange(540))
        province, city = rng.choice(CITIES)
        events.append(
            FeedEvent(
                uid=new_public_id(),
                name=f"2025中国（{city}）国际产业创新博览会暨高质量发展论坛第{index}届",
                start=start,
                end=start + dt.timedelta(days=rng.randrange(4)),
                updated_at=NOW - dt.timedelta(minutes=rng.randrange(100_000)),
                version=rng.randrange(1, 4),
                venue=f"{city}国际会展中心{rng.randrange(1, 9)}号馆",
                place=f"{province} {city}",
                categories=("生物医药", "人工智能"),
                url=f"https://radar.example/events/{index}",
                sources=(SourceLink(f"https://news.example/{index}.html", "博览会将于下月开幕，展位预订火热"),),
            )
        )
    return events


def seed_database(path: Path, count: int) -> str:
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    upgrade(engine)
    rng = random.Random(7)
    rows = []
    for index in range(count):
        start = dt.date(2025, 2, 10) + dt.timedelta(days=rng.randrange(540))
        province, city = rng.choice(CITIES)
        name = f"中国（{city}）国际产业博览会第{index}届"
        rows.append(
            {
                "public_id": new_public_id(),
                "name": name,
                "merge_key": name,
                "start_date": start,
                "end_date": start + dt.timedelta(days=rng.randrange(4)),
                "date_precision": "day",
                "venue": f"{city}国际会展中心",
                "province": province,
                "city": city,
                "industries": rng.sample(INDUSTRIES, 2),
                "status": "upcoming",
                "confidence": 0.8,
                "version": 1,
                "first_seen_at": NOW - dt.timedelta(days=30),
                "updated_at": NOW - dt.timedelta(minutes=rng.randrange(100_000)),
            }
        )
    with Session(engine) as session, session.begin():
        session.execute(insert(Event), rows)
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the HTTP throughput run")
    args = parser.parse_args()

    events = feed_events(args.events)
    info = FeedInfo(name="产业活动日历")
    body = render_calendar(info, events)
    cold = []
    for _ in range(5):
        _render_event_cached.cache_clear()
        cold += timed(lambda: render_calendar(info, events), 1)
    warm = timed(lambda: render_calendar(info, events), 10)
    print(f"render {args.events} events ({len(body) / 1e6:.2f} MB), nothing cached: {describe(cold)}")
    print(f"render {args.events} events, events already rendered once: {describe(warm)}")

    with tempfile.TemporaryDirectory() as folder:
        url = seed_database(Path(folder) / "bench.db", args.events)
        engine = create_db_engine(url)
        config = load_config(REPO / "config.yaml", environ={})
        clock_now = [NOW]
        app = create_web_app(health=_Health(), engine=engine, settings=web_settings(config), clock=lambda: clock_now[0])
        asyncio.run(in_process(app, clock_now))
        throughput(app, args.seconds)
        engine.dispose()


async def in_process(app: Any, clock_now: list[dt.datetime]) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        cold = []
        for minute in range(5):
            # Each new day misses the cache: query, render, hash.
            clock_now[0] = NOW + dt.timedelta(days=minute + 1)
            began = time.perf_counter()
            response = await client.get("/calendar.ics")
            cold.append((time.perf_counter() - began) * 1000)
        print(f"GET /calendar.ics, {len(response.content) / 1e6:.2f} MB, cache miss (query + render): {describe(cold)}")
        etag = response.headers["etag"]
        samples = []
        for _ in range(2000):
            began = time.perf_counter()
            answer = await client.get("/calendar.ics", headers={"If-None-Match": etag})
            samples.append((time.perf_counter() - began) * 1000)
            assert answer.status_code == 304
        print(f"304 in process (2000 requests): {describe(samples)}, mean {statistics.fmean(samples):.2f} ms")
        hits = []
        for _ in range(200):
            began = time.perf_counter()
            await client.get("/calendar.ics")
            hits.append((time.perf_counter() - began) * 1000)
        print(f"200 from cache in process (200 requests): {describe(hits)}")


def throughput(app: Any, seconds: float) -> None:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    try:
        etag = httpx.get(f"{base}/calendar.ics").headers["etag"]
        for label, headers in (
            ("304 (If-None-Match)", {"If-None-Match": etag}),
            ("200 gzip", {"Accept-Encoding": "gzip"}),
        ):
            counts = [0] * 8
            stop = time.monotonic() + seconds

            def worker(
                slot: int, headers: dict[str, str] = headers, stop: float = stop, counts: list[int] = counts
            ) -> None:
                with httpx.Client(base_url=base, timeout=30) as client:
                    while time.monotonic() < stop:
                        with client.stream("GET", "/calendar.ics", headers=headers) as response:
                            for _ in response.iter_raw():
                                pass
                        counts[slot] += 1

            workers = [threading.Thread(target=worker, args=(slot,)) for slot in range(len(counts))]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            print(f"HTTP {label}, 8 clients for {seconds:g} s: {sum(counts) / seconds:.0f} requests/s")
    finally:
        server.should_exit = True
        thread.join(timeout=5)


if __name__ == "__main__":
    main()
