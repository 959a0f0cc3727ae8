"""Replay benchmark: a real news stream, week by week, through the production poller and merger (issue #11).

The stream (``../shared/streams/xwlb-2023-09-to-2024-06.jsonl``: 1,776 新闻联播 stories in date order) is served by
a local feed server as an RSS feed holding one week's stories at a time; the production poller (fetch, parse,
extract, merge, alerts) polls it once per week into a fresh database. Then, for each fair of the truth table (the
big fairs and forums of that period, with the dates the stories themselves state and the sentence that states
them), it prints how many calendar entries the fair became, the dates of its main entry (the one most reports
joined), whether they are the true ones, how many change notices (versions after the first) its entries caused,
and the phases (第一期 …) its entry lists.

    .venv/bin/python bench/replay.py [--stream FILE] [--database-url URL] [--markdown]

The stream is third-party text: it is read from ../shared, never copied into the project.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import html
import json
import multiprocessing
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from tables import table  # noqa: E402

from app.config import load_config  # noqa: E402
from app.pipeline import build_http_client, build_poller, prepare_database, taxonomy_of  # noqa: E402
from db.engine import create_db_engine  # noqa: E402
from db.models.events import Event, EventArticle  # noqa: E402
from db.models.sources import Source  # noqa: E402
from extract.events import same_edition, series_key  # noqa: E402
from scheduler.extraction import ProcessExtractor  # noqa: E402
from scheduler.jobs import poll_all  # noqa: E402

DEFAULT_STREAM = REPO.parent / "shared" / "streams" / "xwlb-2023-09-to-2024-06.jsonl"


@dataclass(frozen=True)
class Truth:
    """A fair of the stream's period, its dates as the stories state them, and the sentence that states them."""

    name: str
    start: dt.date
    end: dt.date
    said: str


TRUTH = (
    Truth(
        "2023年中国国际服务贸易交易会",
        dt.date(2023, 9, 2),
        dt.date(2023, 9, 6),
        "2023-09-02: 2023年中国国际服务贸易交易会9月2日至6日在北京举行",
    ),
    Truth(
        "第20届中国—东盟博览会",
        dt.date(2023, 9, 16),
        dt.date(2023, 9, 19),
        "2023-09-16: 今天（9月16日），第20届中国—东盟博览会在南宁国际会展中心开展; "
        "2023-09-19: 第20届中国—东盟博览会和中国—东盟商务与投资峰会今天（9月19日）闭幕",
    ),
    Truth(
        "第134届广交会",
        dt.date(2023, 10, 15),
        dt.date(2023, 11, 4),
        "2023-09-28: 第134届广交会将于10月15日至11月4日在广州举办",
    ),
    Truth(
        "第六届中国国际进口博览会",
        dt.date(2023, 11, 5),
        dt.date(2023, 11, 10),
        "2023-10-23: 第六届进博会将于11月5日至10日在上海全面线下举办",
    ),
    Truth(
        "第二十五届中国国际高新技术成果交易会",
        dt.date(2023, 11, 15),
        dt.date(2023, 11, 19),
        "2023-11-15: 为期5天的第二十五届中国国际高新技术成果交易会今天（11月15日）上午在深圳拉开帷幕",
    ),
    Truth(
        "首届中国国际供应链促进博览会",
        dt.date(2023, 11, 28),
        dt.date(2023, 12, 2),
        "2023-11-21: 首届中国国际供应链促进博览会将于2023年11月28日至12月2日在北京举办",
    ),
    Truth(
        "第四届中国国际消费品博览会",
        dt.date(2024, 4, 13),
        dt.date(2024, 4, 18),
        "2024-03-27: 本届消博会将于4月13日至18日在海南举办",
    ),
    Truth(
        "第135届广交会",
        dt.date(2024, 4, 15),
        dt.date(2024, 5, 5),
        "2024-04-01: 第135届广交会将于4月15日至5月5日在广州举办",
    ),
    Truth(
        "第七届中国国际进口博览会",
        dt.date(2024, 11, 5),
        dt.date(2024, 11, 10),
        "2024-04-18: 第七届中国国际进口博览会将于11月5日—10日在上海举办",
    ),
)


def load_weeks(stream: Path) -> list[list[dict[str, Any]]]:
    """The stream's stories grouped by the ISO week of their broadcast, oldest first."""
    weeks: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for line in stream.read_text(encoding="utf-8").splitlines():
        if line.strip():
            story = json.loads(line)
            year, week, _ = dt.datetime.fromisoformat(story["published"]).isocalendar()
            weeks.setdefault((year, week), []).append(story)
    return [weeks[key] for key in sorted(weeks)]


def feed(stories: list[dict[str, Any]]) -> bytes:
    items = []
    for story in stories:
        published = format_datetime(dt.datetime.fromisoformat(story["published"]).astimezone(dt.UTC))
        items.append(
            f"<item><title>{html.escape(story['title'])}</title><guid>{html.escape(story['guid'])}</guid>"
            f"<link>{html.escape(story['link'])}</link><pubDate>{published}</pubDate>"
            f"<description>{html.escape(story['text'])}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>新闻联播</title>'
        f"<link>http://replay.invalid/</link><description>replay</description>{''.join(items)}</channel></rss>"
    ).encode()


def serve(port: int, stream: str, week: multiprocessing.Value) -> None:  # type: ignore[valid-type]
    weeks = load_weeks(Path(stream))

    async def this_week(request: Request) -> Response:
        current = week.value  # type: ignore[attr-defined]
        return Response(feed(weeks[current]), media_type="application/rss+xml", headers={"ETag": f'"{current}"'})

    app = Starlette(routes=[Route("/xwlb.xml", this_week)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Row:
    truth: Truth
    entries: int
    start: dt.date | None
    end: dt.date | None
    notices: int
    reports: int
    phases: str = ""


def judge(session: Session, truth: Truth) -> Row:
    """The calendar entries of one fair: the same series, an edition that does not contradict it, and dates (when
    any) near the true ones."""
    key, edition = series_key(truth.name)
    window = dt.timedelta(days=45)
    found = []
    for event in session.scalars(select(Event).where(Event.merge_key == key)):
        if same_edition(event.edition, edition) is False:
            continue
        if event.start_date is not None and not (truth.start - window <= event.start_date <= truth.end + window):
            continue
        reports = session.scalar(select(func.count()).where(EventArticle.event_id == event.id)) or 0
        found.append((reports, event))
    if not found:
        return Row(truth, 0, None, None, 0, 0)
    reports, main = max(found, key=lambda pair: pair[0])
    notices = sum(event.version - 1 for _, event in found)
    phases = " ".join(f"{p['label']} {p['start'] or '?'}..{p['end'] or '?'}" for p in main.phases)
    return Row(truth, len(found), main.start_date, main.end_date, notices, sum(r for r, _ in found), phases)


async def run(args: argparse.Namespace) -> None:
    config = load_config(REPO / "config.yaml", environ={"EVENTRADAR_DATABASE_URL": args.database_url})
    engine = create_db_engine(config.database.url)
    prepare_database(engine, config.model_copy(update={"sources": []}))
    weeks = load_weeks(args.stream)[: args.weeks]
    port = free_port()
    week = multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=serve, args=(port, str(args.stream), week), daemon=True)
    server.start()
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            await asyncio.sleep(0.1)
    with Session(engine) as session, session.begin():
        session.add(
            Source(
                key="xwlb",
                name="新闻联播",
                kind="rss",
                url=f"http://127.0.0.1:{port}/xwlb.xml",
                allow_private_network=True,  # the stream is served on loopback
            )
        )
    with Session(engine) as session:
        source_id = session.scalars(select(Source.id)).one()
    extractor = ProcessExtractor(taxonomy_of(config))
    began = time.perf_counter()
    failures = 0
    try:
        async with build_http_client(config) as http:
            poller = build_poller(config, engine, http, extractor)
            for index in range(len(weeks)):
                week.value = index
                (outcome,) = await poll_all(poller, [source_id])
                failures += not outcome.ok
    finally:
        server.terminate()
        extractor.close()
    seconds = time.perf_counter() - began
    with Session(engine) as session:
        rows = [judge(session, truth) for truth in TRUTH]
        shown = (
            session.execute(
                select(Event.id, Event.name, Event.start_date, Event.end_date, Event.start_basis, Event.end_basis)
                .where(Event.name.contains(args.show))
                .order_by(Event.id)
            ).all()
            if args.show
            else []
        )
        events = session.scalar(select(func.count()).select_from(Event)) or 0
        notices = session.scalar(select(func.coalesce(func.sum(Event.version - 1), 0))) or 0
    engine.dispose()

    stories = sum(len(w) for w in weeks)
    print(
        f"stream: {args.stream.name}, {stories} stories in {len(weeks)} weekly polls, {seconds:.1f} s, "
        f"{failures} failed polls; calendar: {events} events, {notices} change notices in all"
    )
    print(
        table(
            ("fair", "true dates", "entries", "main entry's dates", "right", "reports", "change notices", "phases"),
            [
                [
                    r.truth.name,
                    f"{r.truth.start}..{r.truth.end}",
                    r.entries,
                    f"{r.start}..{r.end}" if r.entries else "-",
                    "yes" if (r.start, r.end) == (r.truth.start, r.truth.end) else "no",
                    r.reports,
                    r.notices,
                    r.phases or "-",
                ]
                for r in rows
            ],
            args.markdown,
        )
    )
    right = sum((r.start, r.end) == (r.truth.start, r.truth.end) for r in rows)
    single = sum(r.entries == 1 for r in rows)
    quiet = sum(r.notices <= 1 for r in rows)
    print(
        f"{single} of {len(rows)} fairs are exactly one entry, {right} have their true dates, {quiet} caused at most "
        "one change notice (target: all)"
    )
    for entry in shown:
        print("  entry:", *entry)
    print("Where the truth comes from (the sentences of the stream that state the dates):")
    for truth in TRUTH:
        print(f"  {truth.name}: {truth.said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stream", type=Path, default=DEFAULT_STREAM)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--markdown", action="store_true", help="print tables as Markdown")
    parser.add_argument("--weeks", type=int, help="replay only the first N weeks (for a quick look)")
    parser.add_argument("--show", help="also list every calendar entry whose name contains this text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        args.database_url = args.database_url or f"sqlite:///{folder}/replay.db"
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
