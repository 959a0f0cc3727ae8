"""The soak benchmark's feed server (run by ``python bench/soak_feeds.py PLAN.json``): the RSS and JSON Feed documents
of the plan's sources, good items and bad ones, and the faults each request may get; ``GET /stats`` tells ``t0``
and what was served when."""

from __future__ import annotations

import collections
import hashlib
import html
import json
import random
import signal
import socket
import sys
import threading
import time
import zlib
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from soak_feeds import (
    CITIES,
    GBK_MARKER,
    INTERNAL_MARKER,
    INTERNAL_REACHED,
    FeedPlan,
    Item,
    SourcePlan,
    announcement,
    brand,
)

# The bulk feed's cities: many, so its 500 items have distinct (date, city) pairs, the shape of fault 4.
BULK_CITIES = [*CITIES, "北京", "天津", "重庆", "长沙", "郑州", "福州", "厦门", "青岛", "宁波", "苏州", "无锡", "昆明"]
BAD_SOURCE_FAULTS = (
    "trickle",
    "gzip-bomb",
    "malformed-xml",
    "gbk-malformed",
    "retry-after-huge",
    "500",
    "reset",
    "bulk-500",
)
GOOD_SOURCE_FAULTS = ("500", "reset", "retry-after-9999")
FEED_WINDOW = 40  # items a feed lists, newest first
BOMB_BYTES = 1 << 30  # what the gzip bomb inflates to
TRICKLE_SECONDS = 900


# --- documents ---------------------------------------------------------------------------------------------------


def rss(items: list[dict[str, str]], *, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link><guid>{escape(i['guid'])}</guid>"
        f"<pubDate>{i['date']}</pubDate><description>{escape(i['text'])}</description></item>"
        for i in items
    )
    return (
        f'{declaration}<rss version="2.0"><channel><title>soak</title><link>http://news.test/</link>'
        f"<description>soak</description>{entries}</channel></rss>"
    )


def rss_item(item: Item, published: float) -> dict[str, str]:
    date = formatdate(published, usegmt=True)
    link = item.link
    if item.bad == "pubdate-9999":
        date = "Fri, 31 Dec 9999 23:59:59 GMT"
    elif item.bad == "long-link":
        link = item.link + "/" + "x" * 3000
    return {"title": item.title, "link": link, "guid": item.guid, "date": date, "text": item.text}


def json_item(item: Item, published: float) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": item.guid,
        "url": item.link,
        "title": item.title,
        "content_text": item.text,
        "date_published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(published)),
    }
    match item.bad:
        case "lone-surrogate":
            entry["title"] = item.title + "\ud800"
        case "nul":
            entry["content_text"] = item.text[:20] + "\x00" + item.text[20:]
        case "long-link":
            entry["url"] = item.link + "/" + "x" * 3000
        case "date-9999":
            entry["date_published"] = "9999-12-31T23:59:59Z"
    return entry


def json_feed(entries: list[dict[str, Any]]) -> str:
    # ensure_ascii: a lone surrogate can only travel as its \\ud800 escape.
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "soak", "items": entries})


def gzip_bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(16 << 20)
    parts = [compressor.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))]
    return b"".join([*parts, compressor.flush()])


# --- the server --------------------------------------------------------------------------------------------------


class World:
    """What every request reads: the plan, t0, the fault dice and the counts of what was served."""

    def __init__(self, plan: FeedPlan) -> None:
        self.plan = plan
        self.by_path = {source.path: source for source in plan.sources}
        self.items: dict[str, list[Item]] = collections.defaultdict(list)
        for item in plan.items:
            self.items[item.source].append(item)
        self.rng = random.Random(plan.seed + 1)
        self.counts: collections.Counter[str] = collections.Counter()
        # Seconds after t0, for judging /healthz: when each good source failed briefly, when it answered 200 (a feed
        # whose items the service then read), and when any good source was asked for anything.
        self.good_faults: dict[str, list[float]] = collections.defaultdict(list)
        self.served: dict[str, list[float]] = collections.defaultdict(list)
        self.asked: list[float] = []
        self.lock = threading.Lock()
        self.t0 = time.time()  # set again once the server listens
        self.bomb = gzip_bomb()
        self.bulk = self._bulk()

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    def pick(self, choices: tuple[str, ...], rate: float = 1.0) -> str:
        with self.lock:
            return self.rng.choice(choices) if self.rng.random() < rate else ""

    def visible(self, key: str) -> list[Item]:
        now = time.time() - self.t0
        return sorted((i for i in self.items[key] if i.at <= now), key=lambda i: i.at, reverse=True)[:FEED_WINDOW]

    def _bulk(self) -> bytes:
        year = self.plan.year
        items = []
        for n in range(500):
            city = BULK_CITIES[n % len(BULK_CITIES)]
            month, day = 1 + (n // 28) % 12, 1 + n % 28
            text = f"{year + n // 336}{city}{brand('bulk', n)}茶叶博览会将于{month}月{day}日在{city}举办。"
            item = {"title": text[:20], "link": f"http://news.test/bulk/{n}", "guid": f"soak-bulk-{n}", "text": text}
            items.append(item | {"date": formatdate(self.t0, usegmt=True)})
        return rss(items).encode()


def handler(world: World) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == "/stats":
                with world.lock:
                    stats = {
                        "t0": world.t0,
                        "counts": dict(world.counts),
                        "good_faults": world.good_faults,
                        "served": world.served,
                        "asked": world.asked,
                    }
                self._send(200, json.dumps(stats).encode(), "application/json")
                return
            if path.startswith("/internal/"):
                world.count(INTERNAL_REACHED)
                self._internal(path)
                return
            source = world.by_path.get(path)
            if source is None:
                self._send(404, b"not found", "text/plain")
                return
            if source.role == "good":
                self._good(source)
            elif source.role == "bad":
                self._bad(source)
            elif source.role == "ssrf-redirect":
                world.count("ssrf: redirect to 127.0.0.1")
                self._send(
                    302, b"", "text/plain", {"Location": f"http://127.0.0.1:{world.plan.port}/internal/feed.xml"}
                )
            else:
                world.count("ssrf: link to 127.0.0.1")
                link = f"http://127.0.0.1:{world.plan.port}/internal/page.html"
                page = f'<html><body><ul><li><a href="{link}">会展新闻：内部通知</a></li></ul></body></html>'
                self._send(200, page.encode(), "text/html; charset=utf-8")

        def _good(self, source: SourcePlan) -> None:
            now = time.time() - world.t0
            with world.lock:
                world.asked.append(now)
            fault = world.pick(GOOD_SOURCE_FAULTS, world.plan.good_fault_rate) if now < world.plan.publish_until else ""
            if fault:
                world.count(f"good source: {fault}")
                with world.lock:
                    world.good_faults[source.key].append(now)
                self._fault(fault)
                return
            items = world.visible(source.key)
            tag = '"' + hashlib.sha256("|".join(i.guid for i in items).encode()).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == tag:
                world.count("good source: 304")
                self._send(304, b"", "text/plain", {"ETag": tag})
                return
            world.count(f"good source: 200, feed with {sum(1 for i in items if i.bad)} bad item(s)")
            with world.lock:
                world.served[source.key].append(now)
            if source.kind == "jsonfeed":
                body = json_feed([json_item(i, world.t0 + i.at) for i in items]).encode()
                self._send(200, body, "application/feed+json", {"ETag": tag})
            else:
                body = rss([rss_item(i, world.t0 + i.at) for i in items]).encode()
                self._send(200, body, "application/rss+xml; charset=utf-8", {"ETag": tag})

        def _bad(self, source: SourcePlan) -> None:
            fault = world.pick(BAD_SOURCE_FAULTS)
            world.count(f"bad source: {fault}")
            self._fault(fault, source)

        def _fault(self, fault: str, source: SourcePlan | None = None) -> None:
            match fault:
                case "500":
                    self._send(500, b"internal error", "text/plain")
                case "reset":
                    # SO_LINGER with a zero timeout makes close() send a TCP RST instead of a FIN.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    self.close_connection = True
                case "retry-after-9999":
                    self._send(503, b"busy", "text/plain", {"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"})
                case "retry-after-huge":
                    self._send(503, b"busy", "text/plain", {"Retry-After": "99999999999999999999"})
                case "trickle":
                    self._trickle()
                case "gzip-bomb":
                    self._send(200, world.bomb, "application/rss+xml", {"Content-Encoding": "gzip"})
                case "malformed-xml":
                    self._send(200, b'<?xml version="1.0"?><rss><channel><item><title>broken &', "application/rss+xml")
                case "gbk-malformed":
                    key = source.key if source else "x"
                    entries = [
                        {"title": f"{key}产业{GBK_MARKER}{n}", "link": f"http://news.test/gbk/{key}/{n}"}
                        | {"guid": f"soak-gbk-{key}-{n}", "date": formatdate(world.t0, usegmt=True)}
                        | {
                            "text": announcement(world.plan.year, 900 + n, n, topic="文化旅游").replace(
                                "论坛", GBK_MARKER
                            )
                        }
                        for n in range(3)
                    ]
                    declaration = '<?xml version="1.0" encoding="gbk" encoding="utf-8"?>'
                    self._send(200, rss(entries, declaration=declaration).encode("gbk"), "application/rss+xml")
                case "bulk-500":
                    self._send(200, world.bulk, "application/rss+xml; charset=utf-8")

        def _trickle(self) -> None:
            body = rss([]).encode() * 200
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            began = time.monotonic()
            try:
                for byte in body:
                    if time.monotonic() - began > TRICKLE_SECONDS:
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1.0)
            except OSError:
                pass  # the client gave up, as it should
            self.close_connection = True

        def _internal(self, path: str) -> None:
            text = f"{INTERNAL_MARKER} 内部管理系统：2027内部数字经济产业对接会将于2027年5月8日在广州举办。"
            if path.endswith(".html"):
                page = f"<html><head><title>{INTERNAL_MARKER} 内部页面</title></head><body><p>{html.escape(text)}</p>"
                self._send(200, (page + "</body></html>").encode(), "text/html; charset=utf-8")
                return
            item = {"title": f"{INTERNAL_MARKER} 内部", "link": "http://127.0.0.1/internal/1", "guid": "soak-internal"}
            body = rss([item | {"date": formatdate(world.t0, usegmt=True), "text": text}])
            self._send(200, body.encode(), "application/rss+xml; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                self.close_connection = True

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hung up (the service killed, a fetch given up) is expected here, not worth a traceback.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def serve(plan_path: Path) -> None:
    world = World(FeedPlan.read(plan_path))
    server = _Server(("0.0.0.0", world.plan.port), handler(world))
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    world.t0 = time.time()
    server.serve_forever(poll_interval=0.1)
