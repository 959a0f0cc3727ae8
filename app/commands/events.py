"""`eventradar events list` and `events export`: the stored events, filtered the way the page, the feeds and the
bot filter them; listed a line each, or written as a CSV or Excel spreadsheet (`web.export`, the page's downloads).

One event a line::

    2027-03-18..2027-03-20  2027粤港澳大湾区生物医药产业博览会  [广东 广州 海珠 广州琶洲广交会展馆]  生物医药  Xy3…

dates, name, place (each part once: 上海 the province and 上海 the city are one 上海), industries (their Chinese
labels) and the event's id (``/events/<id>`` on the page). A date known to the month prints as the month
(``2027-05 (month)``), a day whose year is unknown as ``10-15 (year unknown)``.

``--industry`` and ``--region`` take what the page's filters take (ids or labels; a province, city or district,
which includes the places inside it) and select with `db.matching`, the one rule for alerts, feeds and the page.
By default the list holds what is not over yet; ``--from``/``--to`` choose the days, ``--all`` adds the past and
cancelled events. ``events export`` takes the same options (no limit) and writes every event they select.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from app.config import AppConfig
    from db.models.events import Event
    from web.filters import Selection, Vocabulary

NO_PLACE = "地点待定"


class SelectionError(ValueError):
    """An ``events list`` option we cannot use; the message says which value and what would work."""


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {number}")
    return number


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``events list`` and ``events export`` under ``events``."""
    parser = subparsers.add_parser(
        "list",
        help="list events, upcoming by default",
        description="List stored events, soonest first, then those whose day is not known yet. One a line: "
        "dates, name, [place], industries, id. By default only events not over yet; --from/--to choose the days "
        "(events whose days overlap them), --all adds past and cancelled events.",
        epilog="examples: eventradar events list --industry 生物医药 --region 广东\n"
        "          eventradar events list --all --from 2026-01-01 --to 2026-06-30 --industry ai,robotics",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_filters(parser)
    parser.add_argument("--limit", type=_positive_int, default=50, help="at most this many (default: 50)")

    export = subparsers.add_parser(
        "export",
        help="the events `events list` selects, as a CSV or Excel spreadsheet",
        description="Write the events `events list` would list (same options, no limit) as a spreadsheet: name, "
        "start, end, city, province, venue, industries, status, sources, link. CSV goes to standard output "
        "unless --output is given (UTF-8 with a byte order mark, which Excel needs for Chinese); xlsx needs "
        "--output.",
        epilog="examples: eventradar events export --format csv --region 长三角 > events.csv\n"
        "          eventradar events export --format xlsx --output 生物医药.xlsx --industry 生物医药",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("--format", choices=["csv", "xlsx"], required=True, help="csv or xlsx")
    export.add_argument("--output", type=Path, metavar="FILE", help="write to FILE (default for csv: stdout)")
    export.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help="language of the headers and labels (default: zh)"
    )
    _add_filters(export)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    """The selection options, one definition for ``list`` and ``export`` (the selection is `selected_events`)."""
    parser.add_argument(
        "--industry",
        action="append",
        default=[],
        metavar="WORDS",
        help="industry ids or names, comma-separated or repeated (biomedicine, 生物医药); any of them matches",
    )
    parser.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="WORDS",
        help="provinces, cities or districts (广东, 广州, 海珠区); each includes the places inside it",
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--from", dest="first", type=_day, metavar="DATE", help="events not over by DATE (default: today)"
    )
    when.add_argument("--all", action="store_true", help="past and cancelled events too")
    parser.add_argument("--to", dest="last", type=_day, metavar="DATE", help="events starting by DATE")


def selected_events(
    args: argparse.Namespace, vocabulary: Vocabulary, session: Session, today: dt.date
) -> tuple[list[Event], Selection]:
    """The events the options select, in the list's order, and the filters as read. Raises SelectionError for a
    word the filters do not know."""
    from db.events import listed_events
    from web.filters import FilterError

    try:
        selection = vocabulary.parse({"industry": args.industry, "region": args.region})
    except FilterError as exc:
        raise SelectionError(str(exc)) from None
    first = None if args.all else (args.first or today)
    events = listed_events(
        session,
        first=first,
        last=args.last,
        everything=args.all,
        undated=args.first is None and args.last is None,
        where=vocabulary.to_filter(selection),
    )
    return events, selection


def list_events(args: argparse.Namespace, config: AppConfig, engine: Engine, today: dt.date, out: TextIO) -> None:
    """Print the events `args` select. Raises SelectionError for a word the filters do not know."""
    from sqlalchemy.orm import Session

    from app.vocabulary import vocabulary_of

    vocabulary = vocabulary_of(config)
    with Session(engine) as session:
        events, selection = selected_events(args, vocabulary, session, today)
        if not events:
            print(f"no events {_described(args, selection.industries, selection.regions, today)}", file=out)
            return
        for event in events[: args.limit]:
            print(event_line(event, vocabulary), file=out)
    if len(events) > args.limit:
        print(f"… and {len(events) - args.limit} more (--limit {len(events)} lists them all)", file=out)


def export_events(args: argparse.Namespace, config: AppConfig, engine: Engine, today: dt.date) -> tuple[bytes, int]:
    """The spreadsheet of the events `args` select (`web.export`, the page's downloads) and how many it holds.
    Raises SelectionError for a word the filters do not know."""
    from sqlalchemy.orm import Session

    from app.vocabulary import vocabulary_of
    from db.calendar import calendar_event, with_sources
    from web.export import Exporter

    vocabulary = vocabulary_of(config)
    with Session(engine) as session:
        events, _ = selected_events(args, vocabulary, session, today)
        rows = with_sources(session, [calendar_event(event) for event in events])
    body = Exporter(vocabulary, config.server.public_url).render(rows, args.lang, args.format)
    return body, len(rows)


def _described(args: argparse.Namespace, industries: tuple[str, ...], regions: tuple[str, ...], today: dt.date) -> str:
    if args.all:
        when = "at any time"
    elif args.first is None and args.last is None:
        when = f"upcoming (as of {today.isoformat()})"
    else:
        when = f"not over by {(args.first or today).isoformat()}"
    if args.last is not None:
        when += f", starting by {args.last.isoformat()}"
    if industries:
        when += f"; industry {', '.join(industries)}"
    if regions:
        when += f"; region {', '.join(regions)}"
    return when


def event_line(event: Event, vocabulary: Vocabulary) -> str:
    name = f"{event.name} (cancelled)" if event.cancelled_at is not None or event.status == "cancelled" else event.name
    industries = "、".join(vocabulary.industry_label(industry, "zh") for industry in event.industries) or "-"
    return f"{when(event):<22}  {name}  [{place(event)}]  {industries}  {event.public_id}"


def when(event: Event) -> str:
    """The event's dates as precisely as they are known, and no more precisely."""
    start, end = event.start_date, event.end_date or event.start_date
    if start is None or end is None:
        return f"{event.partial_date} (year unknown)" if event.partial_date else "date TBA"
    if event.date_precision == "month":
        first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
        return f"{first} (month)" if first == last else f"{first}..{last} (months)"
    if event.date_precision == "vague":
        return f"{start:%Y-%m}..{end:%Y-%m} (vague)"
    return start.isoformat() if end == start else f"{start.isoformat()}..{end.isoformat()}"


def place(event: Event) -> str:
    """Province, city, district and venue, each said once (上海 is both the province and the city)."""
    parts: list[str] = []
    for part in (event.province, event.city, event.district, event.venue):
        if part and part not in parts:
            parts.append(part)
    return " ".join(parts) or NO_PLACE
