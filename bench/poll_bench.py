"""Polling benchmark: 1,000 sources served by a local feed server, polled by the production poller.

Passes, each over every source once (as `eventradar poll-once` does):
  1. fill      every feed has 20 items the database has never seen (fetch, store, extract, merge)
  2. 304       nothing changed: every source answers 304 Not Modified to our conditional GET
  3. new items every feed has 20 further new items

Each source sits on its own loopback address (127.0.x.y), because the poller keeps one second between requests
to one host. The feed server runs in a separate process so it does not share the poller's interpreter.

    .venv/bin/python bench/poll_bench.py [--sources 1000] [--items 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path

import uvicorn
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.config import load_config  # noqa: E402
from app.pipeline import build_http_client, build_poller, prepare_database, taxonomy_of  # noqa: E402
from db.engine import create_db_engine  # noqa: E402
from db.models.events import Event  # noqa: E402
from db.models.sources import Article, Source  # noqa: E402
from scheduler.extraction import ProcessExtractor  # noqa: E402
from scheduler.jobs import poll_all  # noqa: E402

CITIES = ["广州", "深圳", "上海", "杭州", "成都", "武汉", "南京", "济南", "合肥", "西安"]
TOPICS = ["生物医药", "新能源汽车", "集成电路", "人工智能", "新型储能", "智能家电", "新材料", "数字经济"]
KINDS = ["博览会", "对接会", "推介会", "论坛", "交易会"]
# Brand words make every generated event name distinct, as real ones are.
BRAND = (
    "锦华创新融通湾区丝路未来智汇海韵云启天府江城星辰金桥东长风明珠凤"
    "凰翠湖银河紫荆春晖蓝清源朝阳鼎盛恒远腾飞宏图瑞祥嘉禾和美盈泰德隆"
)


def item_text(source: int, number: int) -> str:
    # Four brand characters drawn by a hash of the item: names that differ in one character only would be one
    # event to the merger (a similar name, the same city, days apart), and each item here is meant to be its own.
    digest = hashlib.blake2b(f"{source}-{number}".encode(), digest_size=4).digest()
    brand = "".join(BRAND[byte % 64] for byte in digest)
    city = CITIES[(source + number) % len(CITIES)]
    topic = TOPICS[(source * 7 + number) % len(TOPICS)]
    kind = KINDS[number % len(KINDS)]
    month, day = 1 + number % 12, 1 + (source + number) % 25
    return (
        f"2027{city}{brand}{topic}产业{kind}将于2027年{month}月{day}日至{day + 2}日在{city}国际会展中心举办，"
        f"预计吸引{100 + number}家{topic}企业参加，主办方欢迎有关企业报名。"
    )


def feed(source: int, generation: int, items: int) -> bytes:
    entries = []
    for number in range(generation * items, (generation + 1) * items):
        text = item_text(source, number)
        entries.append(
            f"<item><title>{text[:30]}</title><guid>src{source}-{number}</guid>"
            f"<pubDate>Mon, 02 Nov 2026 02:00:00 GMT</pubDate><description>{text}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title>'
        f"<link>http://bench.invalid/</link><description>bench</description>{''.join(entries)}</channel></rss>"
    ).encode()


def serve(port: int, items: int, generation: multiprocessing.Value) -> None:  # type: ignore[valid-type]
    async def source_feed(request: Request) -> Response:
        number = int(request.path_params["number"])
        current = generation.value  # type: ignore[attr-defined]
        tag = f'"{current}-{number}"'
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers={"ETag": tag})
        return Response(feed(number, current, items), media_type="application/rss+xml", headers={"ETag": tag})

    app = Starlette(routes=[Route("/feed/{number:int}.xml", source_feed)])
    # Every address of the loopback range reaches it; the poller is the only client.
    uvicorn.run(app, host="0.0.0.0", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def loopback_host(index: int) -> str:
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


async def run(args: argparse.Namespace) -> None:
    config = load_config(REPO / "config.yaml", environ={"EVENTRADAR_DATABASE_URL": args.database_url})
    engine = create_db_engine(config.database.url)
    prepare_database(engine, config.model_copy(update={"sources": []}))
    port = free_port()
    generation = multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=serve, args=(port, args.items, generation), daemon=True)
    server.start()
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            await asyncio.sleep(0.1)
    with Session(engine) as session, session.begin():
        session.add_all(
            Source(
                key=f"bench-{i}",
                name=f"bench {i}",
                kind="rss",
                url=f"http://{loopback_host(i)}:{port}/feed/{i}.xml",
                allow_private_network=True,  # the bench's feeds are on loopback
            )
            for i in range(args.sources)
        )
    with Session(engine) as session:
        ids = list(session.scalars(select(Source.id).order_by(Source.id)))

    extractor = ProcessExtractor(taxonomy_of(config))
    print(
        f"{args.sources} sources x {args.items} items, database {engine.dialect.name}, "
        f"max_concurrent_fetches={config.scheduler.max_concurrent_fetches}"
    )
    try:
        async with build_http_client(config) as http:
            poller = build_poller(config, engine, http, extractor)
            for label, next_generation in (
                ("fill (20 new items each)", 0),
                ("all 304", None),
                ("20 new items each", 1),
            ):
                if next_generation is not None:
                    generation.value = next_generation
                began = time.perf_counter()
                outcomes = await poll_all(poller, ids)
                seconds = time.perf_counter() - began
                failed = [o for o in outcomes if not o.ok]
                print(
                    f"{label:<26} {seconds:7.2f} s  ok={len(outcomes) - len(failed)} failed={len(failed)} "
                    f"304={sum(o.not_modified for o in outcomes)} articles+={sum(o.articles_new for o in outcomes)} "
                    f"events+={sum(o.events_new for o in outcomes)}"
                )
                if failed:
                    print(f"  first failure: {failed[0].source}: {failed[0].error}")
    finally:
        server.terminate()
        extractor.close()
    with Session(engine) as session:
        articles = session.scalar(select(func.count()).select_from(Article))
        events = session.scalar(select(func.count()).select_from(Event))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"stored: {articles} articles, {events} events; peak RSS of the polling process: {peak_mb:.0f} MB")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        args.database_url = args.database_url or f"sqlite:///{folder}/bench.db"
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
