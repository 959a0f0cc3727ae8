"""The demo source: an RSS feed and its article pages (`web.demo_content`), served two ways from one Starlette app.

* By the web server at ``/demo/`` (``feed.xml``, ``articles/<slug>.html``, an index), for people: the calendar's
  source links of demo events lead to article pages that exist.
* In-process, to the service's own HTTP client (:func:`serve_demo_in_process`): a request for the demo at one of the
  service's own addresses (``server.public_url``, ``http://<server.host>:<server.port>``, ``127.0.0.1`` and
  ``localhost`` on that port, each followed by ``/demo/``) is answered by the same app without touching the
  network. So ``eventradar poll-once`` works offline whether or not the service is running, ``eventradar run``
  does not have to wait for its own web server before its first poll, and both go through the same fetch path
  (conditional GET, size limits, parsing) as every other source. The demo thus needs no network and no
  ``allow_private_network``; other requests, other paths at those addresses included, go through the address
  policy's guarded transport as before.

We chose this over a special source kind (``kind: demo``) or a ``file:`` URL: those would add a branch to the
fetcher and the poller that only the demo takes, and the demo would stop showing that polling works.

The feed is rendered on request for the day (Beijing) of the injected clock, and answers conditional GETs: the
text only changes when a new article is published, so most polls of the demo are a 304.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
from collections.abc import Callable, Sequence
from functools import cached_property
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from web.demo_content import Article, articles_on, find

CHINA = ZoneInfo("Asia/Shanghai")
DEMO_PATH = "/demo"
_ORIGIN = "Demo articles written by the Event Radar team for first runs and tests. The events are invented."
_NOTE = "Event Radar 自带的示例新闻，用于首次运行时展示日历。文中活动均为虚构。"


class DemoSite:
    """The demo's feed, pages and index for the day of ``clock``; links start with ``base_url`` (…/demo)."""

    def __init__(self, base_url: str, clock: Callable[[], dt.datetime]) -> None:
        self.base_url = base_url.rstrip("/")
        self._clock = clock

    def today(self) -> dt.date:
        return self._clock().astimezone(CHINA).date()

    def link(self, article: Article) -> str:
        return f"{self.base_url}/articles/{article.slug}.html"

    def feed(self) -> bytes:
        rss = ET.Element("rss", version="2.0")
        channel = ET.SubElement(rss, "channel")
        for tag, text in (
            ("title", "Event Radar 示例资讯"),
            ("link", f"{self.base_url}/"),
            ("description", _NOTE),
            ("language", "zh-cn"),
        ):
            ET.SubElement(channel, tag).text = text
        for article in articles_on(self.today()):
            item = ET.SubElement(channel, "item")
            ET.SubElement(item, "title").text = article.title
            ET.SubElement(item, "link").text = self.link(article)
            ET.SubElement(item, "guid", isPermaLink="false").text = article.guid
            ET.SubElement(item, "pubDate").text = email.utils.format_datetime(
                article.published.astimezone(dt.UTC), usegmt=True
            )
            ET.SubElement(item, "description").text = "".join(f"<p>{p}</p>" for p in article.paragraphs)
        body = ET.tostring(rss, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {_ORIGIN} -->\n{body}\n'.encode()

    def page(self, slug: str) -> str | None:
        article = find(slug, self.today())
        if article is None:
            return None
        paragraphs = "\n".join(f"  <p>{html.escape(p)}</p>" for p in article.paragraphs)
        published = article.published.strftime("%Y-%m-%d %H:%M")
        return _page(
            article.title,
            f'  <p class="meta">示例文章 · 发布于 <time datetime="{article.published.isoformat()}">{published}</time>'
            f"（北京时间）</p>\n{paragraphs}\n"
            f'  <p class="meta">{html.escape(_NOTE)} <a href="{html.escape(self.base_url)}/">全部示例文章</a></p>',
        )

    def index(self) -> str:
        items = "\n".join(
            f'    <li>{article.published:%Y-%m-%d} <a href="{html.escape(self.link(article))}">'
            f"{html.escape(article.title)}</a></li>"
            for article in articles_on(self.today())
        )
        feed = html.escape(f"{self.base_url}/feed.xml")
        return _page(
            "Event Radar 示例资讯",
            f'  <p>{html.escape(_NOTE)} RSS: <a href="{feed}">{feed}</a></p>\n  <ul>\n{items}\n  </ul>',
        )

    @cached_property
    def app(self) -> Starlette:
        async def feed(request: Request) -> Response:
            body = self.feed()
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            headers = {"ETag": etag, "Cache-Control": "no-cache"}
            if etag in request.headers.get("if-none-match", ""):
                return Response(status_code=304, headers=headers)
            return Response(body, media_type="application/rss+xml; charset=utf-8", headers=headers)

        async def page(request: Request) -> Response:
            text = self.page(request.path_params["slug"])
            if text is None:
                return PlainTextResponse("404 Not Found: no demo article at this address\n", status_code=404)
            return HTMLResponse(text)

        async def index(request: Request) -> Response:
            return HTMLResponse(self.index())

        return Starlette(
            routes=[
                Route("/feed.xml", feed, methods=["GET", "HEAD"]),
                Route("/articles/{slug}.html", page, methods=["GET", "HEAD"]),
                Route("/", index, methods=["GET", "HEAD"]),
            ]
        )


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"  <title>{html.escape(title)}</title>\n</head>\n<body>\n  <h1>{html.escape(title)}</h1>\n"
        f"{body}\n</body>\n</html>\n"
    )


def own_addresses(public_url: str, host: str, port: int) -> list[str]:
    """The base URLs this service is reached at: its public URL and its listening address ``host``:``port``
    (loopback names too)."""
    hosts = [host, "127.0.0.1", "localhost"]
    hosts = ["127.0.0.1" if name == "0.0.0.0" else "::1" if name == "::" else name for name in hosts]
    local = [f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}" for name in hosts]
    return list(dict.fromkeys([public_url.rstrip("/"), *local]))


def demo_site(public_url: str, clock: Callable[[], dt.datetime]) -> DemoSite:
    """The demo as linked from the calendar: under the public URL, where people's browsers reach it."""
    return DemoSite(public_url.rstrip("/") + DEMO_PATH, clock)


class InProcessDemo(httpx.AsyncBaseTransport):
    """Answers requests under ``prefixes`` (``<address>/demo/``) from the demo app; hands the rest to ``network``
    (the source client's guarded transport, so every other request keeps the address policy)."""

    def __init__(self, site: DemoSite, prefixes: Sequence[str], network: httpx.AsyncBaseTransport) -> None:
        self._demo = httpx.ASGITransport(app=site.app)
        self._prefixes = tuple(prefixes)
        self._network = network

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        for prefix in self._prefixes:
            if url.startswith(prefix):
                request.url = request.url.copy_with(raw_path=("/" + url[len(prefix) :]).encode())
                return await self._demo.handle_async_request(request)
        return await self._network.handle_async_request(request)

    async def aclose(self) -> None:
        await self._demo.aclose()
        await self._network.aclose()


def serve_demo_in_process(
    network: httpx.AsyncBaseTransport, clock: Callable[[], dt.datetime], *, public_url: str, host: str, port: int
) -> InProcessDemo:
    """The source client's transport: the demo at any of the service's own addresses (`own_addresses`)
    in-process, the rest by ``network``."""
    prefixes = [f"{address}{DEMO_PATH}/" for address in own_addresses(public_url, host, port)]
    return InProcessDemo(demo_site(public_url, clock), prefixes, network)
