"""Building the Starlette application from the parts the composition root hands over. Routes stay thin: read the
request, call one function, format its answer.

Without an engine and :class:`WebSettings` (as in tests of the health endpoint alone) only ``/healthz`` and
``/demo`` exist; with them, the calendar: ``/`` and ``/events/<id>`` (HTML), ``/calendar.ics``,
``/calendar/<token>.ics`` and ``/events/<id>.ics`` (iCal), ``/calendar.csv`` and ``/calendar.xlsx`` (the page's
events as a spreadsheet, `web.export`), ``/events/<id>/report`` (POST: the page's "report a problem" form,
`web.reports`) and ``/metrics`` (Prometheus text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from scheduler.extraction import WorkerStatus
from web.calendar import STAMP_SECONDS, CalendarService, Feed
from web.demo import DEMO_PATH, DemoSite
from web.export import MEDIA_TYPES, Exporter, Format
from web.filters import FilterError, Selection, Vocabulary
from web.metrics import Latencies, MetricsCollector
from web.page_texts import TEXTS
from web.pages import Pages
from web.reports import MAX_BODY, Answer, ReportForm, Sent, origin_of, read_form, same_site
from web.validators import Clock, http_date, not_modified

STATIC_DIR = Path(__file__).with_name("static")
# Personal feed tokens are url-safe base64 (db.models.events.new_public_id-like); anything else cannot be one.
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_PUBLIC_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
ICAL_TYPE = "text/calendar; charset=utf-8"


class HealthReporter(Protocol):
    async def report(self) -> tuple[bool, dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What the calendar's routes need of the deployment; the composition root maps config.yaml onto it."""

    vocabulary: Vocabulary  # the industries and regions the filters, the page and the feeds read
    public_url: str  # ``server.public_url``: where feeds and pages are linked from
    bot_username: Callable[[], str | None]  # the bot the page links to, asked per page (known once it runs)
    report_secret: str | None = None  # keys the report form's reporter hash; a random one per process when None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_web_app(
    *,
    health: HealthReporter,
    demo: DemoSite | None = None,
    engine: Engine | None = None,
    settings: WebSettings | None = None,
    clock: Clock | None = None,
    latencies: Latencies | None = None,
    extraction: WorkerStatus | None = None,
    feed_stamp_seconds: float = STAMP_SECONDS,
) -> Starlette:
    async def healthz(request: Request) -> JSONResponse:
        ok, body = await health.report()
        return JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})

    routes: list[Route | Mount] = [Route("/healthz", healthz, methods=["GET", "HEAD"])]
    if engine is not None and settings is not None:
        routes.extend(
            _calendar_routes(
                engine, settings, clock or _utcnow, latencies or Latencies(), extraction, feed_stamp_seconds
            )
        )
    if demo is not None:
        # The demo's feed and the article pages its events link to (the poller reads the feed in-process).
        routes.append(Mount(DEMO_PATH, app=demo.app, name="demo"))
    # Feeds of a busy industry reach hundreds of kB of repetitive text: compressed, a tenth of that.
    return Starlette(routes=routes, middleware=[Middleware(GZipMiddleware, minimum_size=1000)])


def _calendar_routes(
    engine: Engine,
    settings: WebSettings,
    clock: Clock,
    latencies: Latencies,
    extraction: WorkerStatus | None,
    stamp_seconds: float,
) -> list[Route | Mount]:
    vocabulary, public_url, bot_username = settings.vocabulary, settings.public_url, settings.bot_username
    service = CalendarService(
        engine=engine,
        vocabulary=vocabulary,
        public_url=public_url,
        clock=clock,
        stamp_seconds=stamp_seconds,
    )
    pages = Pages(vocabulary, public_url)
    metrics = MetricsCollector(engine=engine, clock=clock, latencies=latencies, extraction=extraction)

    def params_of(request: Request) -> dict[str, list[str]]:
        return {name: request.query_params.getlist(name) for name in request.query_params}

    def selection_of(request: Request, *, allowed: tuple[str, ...] = ()) -> Selection:
        return vocabulary.parse(params_of(request), allowed=allowed)

    async def calendar_feed(request: Request) -> Response:
        try:
            selection = selection_of(request)
        except FilterError as exc:
            return PlainTextResponse(f"400 Bad Request: {exc}\n", status_code=400)
        return feed_response(request, await run_in_threadpool(service.public_feed, selection))

    async def subscriber_feed(request: Request) -> Response:
        token = request.path_params["token"]
        feed = await run_in_threadpool(service.subscriber_feed, token) if _TOKEN_RE.match(token) else None
        if feed is None:
            return PlainTextResponse("404 Not Found: no calendar at this address (revoked or mistyped)\n", 404)
        return feed_response(request, feed, private=True)

    async def event_feed(request: Request) -> Response:
        public_id = request.path_params["public_id"]
        feed = await run_in_threadpool(service.event_feed, public_id) if _PUBLIC_ID_RE.match(public_id) else None
        if feed is None:
            return PlainTextResponse("404 Not Found: no such event, or its day is not known yet\n", 404)
        return feed_response(request, feed)

    exporter = Exporter(vocabulary, public_url)

    async def export(request: Request) -> Response:
        """The page's events for its filters and view, as a spreadsheet download; bad filters: the feeds' 400."""
        format: Format = "xlsx" if request.url.path.endswith(".xlsx") else "csv"
        try:
            selection = selection_of(request, allowed=("when",))
        except FilterError as exc:
            return PlainTextResponse(f"400 Bad Request: {exc}\n", status_code=400)
        data = await run_in_threadpool(service.export, selection)
        body = await run_in_threadpool(exporter.render, data.events, selection.language, format)
        view = "-past" if data.past else ""
        headers = {
            "Content-Disposition": f'attachment; filename="eventradar-{data.today.isoformat()}{view}.{format}"',
            "Cache-Control": "no-store",
        }
        return Response(body, media_type=MEDIA_TYPES[format], headers=headers)

    async def index(request: Request) -> Response:
        selection, problems = vocabulary.read(params_of(request), allowed=("when",))
        if problems:
            # The form again, with what could be read kept and what could not said in the page's language.
            return HTMLResponse(pages.index(selection, None, service.feed_name(selection), problems), status_code=400)
        data = await run_in_threadpool(service.page, selection)
        return HTMLResponse(pages.index(selection, data, service.feed_name(selection), bot=bot_username()))

    async def event_page(request: Request) -> Response:
        public_id = request.path_params["public_id"]
        try:
            selection = selection_of(request)
        except FilterError as exc:
            language = _language(request)
            return html_error(Selection(language=language), 400, pages.problem_text(exc.problem, language))
        event = await run_in_threadpool(service.event, public_id) if _PUBLIC_ID_RE.match(public_id) else None
        if event is None:
            return html_error(selection, 404, TEXTS[selection.language]["not_found"])
        return HTMLResponse(pages.event(selection, event))

    report_form = ReportForm(engine=engine, secret=settings.report_secret, clock=clock)
    public_origin = origin_of(public_url)

    async def event_report(request: Request) -> Response:
        """The event page's "report a problem" form (`web.reports`): thanks, or the form again with why not."""
        public_id = request.path_params["public_id"]
        selection = Selection(language=_language(request))
        event = await run_in_threadpool(service.event, public_id) if _PUBLIC_ID_RE.match(public_id) else None
        if event is None:
            return html_error(selection, 404, TEXTS[selection.language]["not_found"])
        body = await _body_up_to(request, MAX_BODY)
        answer = read_form(body) if body is not None else Answer(Sent(), "bad_form")
        own = {origin for origin in (origin_of(str(request.base_url)), public_origin) if origin}
        if not same_site(request.headers, own):
            answer = Answer(answer.sent, "cross_site")
        elif answer.problem is None:
            address = request.client.host if request.client else "unknown"
            answer = await run_in_threadpool(report_form.submit, event.id, address, answer.sent)
        return HTMLResponse(pages.event(selection, event, answer), status_code=answer.status)

    async def metrics_page(request: Request) -> Response:
        text = await run_in_threadpool(metrics.render)
        return PlainTextResponse(text, media_type="text/plain; version=0.0.4; charset=utf-8")

    def html_error(selection: Selection, status: int, message: str) -> HTMLResponse:
        return HTMLResponse(pages.error(selection, status, message), status_code=status)

    return [
        Route("/", index, methods=["GET", "HEAD"]),
        Route("/calendar.ics", calendar_feed, methods=["GET", "HEAD"]),
        Route("/calendar.csv", export, methods=["GET", "HEAD"]),
        Route("/calendar.xlsx", export, methods=["GET", "HEAD"]),
        Route("/calendar/{token}.ics", subscriber_feed, methods=["GET", "HEAD"]),
        Route("/events/{public_id}.ics", event_feed, methods=["GET", "HEAD"]),
        Route("/events/{public_id}", event_page, methods=["GET", "HEAD"]),
        Route("/events/{public_id}/report", event_report, methods=["POST"]),
        Route("/metrics", metrics_page, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]


async def _body_up_to(request: Request, limit: int) -> bytes | None:
    """The request's body, or None when it is longer than ``limit`` (read no further than that)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _language(request: Request) -> str:
    # For error pages only: the query was refused, but its language choice can still be honoured.
    return "en" if request.query_params.get("lang") == "en" else "zh"


def feed_response(request: Request, feed: Feed, *, private: bool = False) -> Response:
    """200 with the feed, or 304 when the client's validators still match; the validators go with both."""
    headers = {
        "ETag": feed.etag,
        "Last-Modified": http_date(feed.last_modified),
        # A personal feed must not be kept by shared caches: its address is its only secret.
        "Cache-Control": "private, max-age=900" if private else "public, max-age=900",
    }
    if not_modified(request.headers, feed.etag, feed.last_modified):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'inline; filename="{feed.filename}"'
    headers["Vary"] = "Accept-Encoding"
    if _accepts_gzip(request.headers.get("accept-encoding", "")):
        # Already compressed (and cached with the feed); GZipMiddleware leaves a response with an encoding alone.
        headers["Content-Encoding"] = "gzip"
        return Response(feed.gzipped, media_type=ICAL_TYPE, headers=headers)
    return Response(feed.body, media_type=ICAL_TYPE, headers=headers)


def _accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            quality = params.replace(" ", "").removeprefix("q=")
            return not (params and quality in ("0", "0.0", "0.00", "0.000"))
    return False
