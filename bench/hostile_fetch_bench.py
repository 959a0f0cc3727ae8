"""Hostile sources benchmark: memory of a compression bomb, and what trickling sites cost a healthy one.

Uses the production fetcher as `eventradar run` builds it (the shipped config's scheduler section, the guarded
HTTP client) against the misbehaving feed server of the tests, on loopback.

  bomb     60 MB of spaces served gzip- and deflate-compressed (about 58 KB on the wire) under max_body_bytes;
           reports the peak of Python's traced memory during the fetch (tracemalloc).
  trickle  N sources answering a byte every T seconds (a per-read timeout never fires) and one healthy source,
           all asked at once; reports when each finished and how. Run with the shipped settings this takes
           fetch_deadline_seconds (60 s).

    .venv/bin/python bench/hostile_fetch_bench.py [--tricklers 16] [--trickle-seconds 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.config import AppConfig, load_config  # noqa: E402
from app.pipeline import build_http_client  # noqa: E402
from scheduler.fetch import Access, Fetcher, FetchError, HostPacer  # noqa: E402
from tests.fakes.feed_server import FeedServer, Route, feed_server  # noqa: E402

GOOD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
LOCAL = Access(allow_private_network=True)  # the feed server is on loopback


def fetcher(config: AppConfig, http: httpx.AsyncClient) -> Fetcher:
    scheduler = config.scheduler
    return Fetcher(
        http,
        max_body_bytes=scheduler.max_body_bytes,
        max_concurrency=scheduler.max_concurrent_fetches,
        pacer=HostPacer(0.0),  # every source is on 127.0.0.1 here
        deadline_seconds=scheduler.fetch_deadline_seconds,
        slow_after_seconds=scheduler.slow_fetch_seconds,
        max_retry_after_seconds=scheduler.max_backoff_seconds,
    )


async def bomb(config: AppConfig, server: FeedServer) -> None:
    raw = b"<rss>" + b" " * 60_000_000
    for name, body in (("gzip", gzip.compress(raw, 9)), ("deflate", zlib.compress(raw, 9))):
        url = server.route(f"/bomb-{name}", Route(body=body, headers={"Content-Encoding": name}))
        async with build_http_client(config) as http:
            tracemalloc.start()
            try:
                await fetcher(config, http).get(url, access=LOCAL)
                result = "read (!)"
            except FetchError as exc:
                result = f"{exc.kind}: {exc}"
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        print(
            f"bomb {name:8} {len(body):,} bytes on the wire, limit {config.scheduler.max_body_bytes:,}: "
            f"peak {peak / 1e6:.1f} MB; {result}"
        )


async def trickle(config: AppConfig, server: FeedServer, tricklers: int, seconds: float) -> None:
    body = b"<rss>" + b" " * 295
    for n in range(tricklers):
        server.route(f"/trickle-{n}", Route(body=body, mode="trickle", trickle_seconds=seconds))
    server.route("/good", Route(body=GOOD))
    async with build_http_client(config) as http:
        fetch = fetcher(config, http)
        start = time.monotonic()
        finished: dict[str, tuple[float, str]] = {}

        async def one(path: str) -> None:
            try:
                await fetch.get(server.url(path), access=LOCAL)
                result = "ok"
            except FetchError as exc:
                result = f"{exc.kind}: {exc}"
            finished[path] = (time.monotonic() - start, result)

        await asyncio.gather(*(one(f"/trickle-{n}") for n in range(tricklers)), one("/good"))
    print(
        f"trickle: {tricklers} sources sending {len(body)} bytes a byte every {seconds:g} s "
        f"({len(body) * seconds:g} s each), {config.scheduler.max_concurrent_fetches} slots"
    )
    print(f"  healthy source done after {finished['/good'][0]:.1f} s ({finished['/good'][1]})")
    outcomes: dict[str, list[float]] = {}
    for path, (at, result) in finished.items():
        if path != "/good":
            outcomes.setdefault(result, []).append(at)
    for result, times in outcomes.items():
        print(f"  {len(times):3} trickling: {result} after {min(times):.1f}-{max(times):.1f} s")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tricklers", type=int, default=16)
    parser.add_argument("--trickle-seconds", type=float, default=0.5)
    args = parser.parse_args()
    config = load_config(REPO / "config.yaml", environ={})
    with feed_server() as server:
        await bomb(config, server)
        await trickle(config, server, args.tricklers, args.trickle_seconds)


if __name__ == "__main__":
    asyncio.run(main())
