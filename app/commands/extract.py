"""`eventradar extract`: run the extraction engine on files or on a stream of JSON lines.

Two modes; other tools depend on their exact output shapes.

Files::

    eventradar extract [--published YYYY-MM-DD] [--format text|json] FILE...

Each FILE (``-`` is standard input) is read as UTF-8 (undecodable bytes become U+FFFD). ``--format text`` (the
default) prints, per file, a header line and one block per event, for people. ``--format json`` prints one JSON
object per file per line (JSON Lines): ``{"file": "...", "events": [ {...event fields...} ]}``. A file that
cannot be read prints an error on stderr (naming it), the other files are still processed, and the exit code is 1.

Stream::

    eventradar extract --jsonl [--published YYYY-MM-DD] < items.jsonl > events.jsonl

Reads ``{"id": ..., "text": "...", "published": "YYYY-MM-DD" | null}`` per line and writes, in input order, one
line per non-blank input line: ``{"id": ..., "events": [...]}``. ``published: null`` means the date is unknown
(it is then looked for in the text); when the key is absent, ``--published`` applies. A bad line (not JSON, not
an object, no string ``text``, a bad ``published``) still gets its output line, ``{"id": <id or null>,
"error": "line N: ..."}``, so output lines stay aligned with input lines; the same message goes to stderr and the
exit code is 2 once all lines are done.

Event fields are those of `ExtractedEvent.to_dict` (name, start, end, partial_date, date_precision, venue, city,
province, district, industries, status, confidence, evidence).

Exit codes: 0 success, 1 a file could not be read, 2 usage error or a bad input line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from extract import ExtractedEvent, Taxonomy, extract_events

EXIT_OK = 0
EXIT_UNREADABLE = 1
EXIT_USAGE = 2


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``extract`` subcommand."""
    parser = subparsers.add_parser(
        "extract",
        help="extract events from article text (files or JSON lines)",
        description=(
            "Extract industry events from Chinese news text. Give FILEs to print their events, or --jsonl to "
            'read {"id", "text", "published"} objects line by line on stdin and write {"id", "events"} lines.'
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "exit codes: 0 ok, 1 a file could not be read, 2 usage error or a bad --jsonl line\n"
            'a bad --jsonl line is answered with {"id": ..., "error": "line N: ..."} and reported on stderr'
        ),
    )
    parser.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date of the text (default: looked for in the text)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output for FILEs: readable text (default) or one JSON object per file per line",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="read JSON lines from stdin and write one JSON line per input line",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="text files to read ('-' for stdin)")
    parser.set_defaults(handler=run)


def run(
    args: argparse.Namespace,
    taxonomy: Taxonomy,
    stdin: TextIO,
    stdout: TextIO,
    *,
    stderr: TextIO | None = None,
) -> int:
    """Run ``extract`` with parsed `args`; returns the exit code."""
    err = stderr if stderr is not None else sys.stderr
    published: date | None = getattr(args, "published", None)
    files: Sequence[str] = getattr(args, "files", None) or []
    if getattr(args, "jsonl", False):
        if files:
            print("eventradar extract: --jsonl reads stdin; give no FILE", file=err)
            return EXIT_USAGE
        return _run_jsonl(stdin, stdout, err, taxonomy, published)
    if not files:
        print("eventradar extract: give at least one FILE, or --jsonl", file=err)
        return EXIT_USAGE
    return _run_files(files, getattr(args, "format", "text"), stdin, stdout, err, taxonomy, published)


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        return stdin.read()
    return Path(path).read_bytes().decode("utf-8", errors="replace")


def _run_files(
    files: Sequence[str],
    output_format: str,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    taxonomy: Taxonomy,
    published: date | None,
) -> int:
    code = EXIT_OK
    for path in files:
        try:
            text = _read(path, stdin)
        except OSError as exc:
            print(f"eventradar extract: cannot read {path}: {exc.strerror or exc}", file=stderr)
            code = EXIT_UNREADABLE
            continue
        events = extract_events(text, published=published, taxonomy=taxonomy)
        if output_format == "json":
            record = {"file": path, "events": [e.to_dict() for e in events]}
            stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            stdout.write(_as_text(path, events))
    return code


def _as_text(path: str, events: list[ExtractedEvent]) -> str:
    lines = [f"== {path}: {len(events)} event{'s' if len(events) != 1 else ''}"]
    for event in events:
        if event.start:
            when = event.start.isoformat()
            if event.end and event.end != event.start:
                when += f" to {event.end.isoformat()}"
        elif event.partial_date:
            when = f"{event.partial_date} (year unknown)"
        else:
            when = "date unknown"
        where = " ".join(p for p in (event.province, event.city, event.district, event.venue) if p) or "place unknown"
        lines.append(f"- {event.name}")
        lines.append(f"  when: {when} [{event.date_precision}], {event.status}")
        lines.append(f"  where: {where}")
        lines.append(f"  industries: {', '.join(event.industries) or '-'}")
        lines.append(f"  confidence: {event.confidence:.2f}")
        lines.append(f"  evidence: {event.evidence.sentence}")
    return "\n".join(lines) + "\n"


class _BadLine(ValueError):
    def __init__(self, message: str, item_id: object = None) -> None:
        super().__init__(message)
        self.item_id = item_id


def _parse_line(line: str, default_published: date | None) -> tuple[object, str, date | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise _BadLine(f"expected a JSON object, got {type(item).__name__}")
    item_id = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        raise _BadLine('"text" must be a string', item_id)
    published = default_published
    if "published" in item:
        raw = item["published"]
        if raw is None:
            published = None
        elif isinstance(raw, str):
            try:
                published = date.fromisoformat(raw)
            except ValueError:
                raise _BadLine(f'"published" must be YYYY-MM-DD or null, got {raw!r}', item_id) from None
        else:
            raise _BadLine('"published" must be YYYY-MM-DD or null', item_id)
    return item_id, text, published


def _run_jsonl(
    stdin: TextIO, stdout: TextIO, stderr: TextIO, taxonomy: Taxonomy, default_published: date | None
) -> int:
    code = EXIT_OK
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            item_id, text, published = _parse_line(line, default_published)
        except _BadLine as exc:
            message = f"line {number}: {exc}"
            print(f"eventradar extract: {message}", file=stderr)
            stdout.write(json.dumps({"id": exc.item_id, "error": message}, ensure_ascii=False) + "\n")
            code = EXIT_USAGE
            continue
        events = extract_events(text, published=published, taxonomy=taxonomy)
        record = {"id": item_id, "events": [e.to_dict() for e in events]}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return code
