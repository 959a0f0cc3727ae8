"""`eventradar extract`: run the extraction engine on files or on a stream of JSON lines.

Two modes; other tools depend on their exact output shapes.

Files::

    eventradar extract [--published DATE] [--format text|json] FILE...

Each FILE (``-`` is standard input) is read as UTF-8, or else in the encoding the poller would detect for a page
(GB18030/GBK, Big5, UTF-16, ...; `scheduler.decode.decode_page`). A file no encoding fits (binary data, garbage) is
an error naming it, not "0 events". ``--format text`` (the default) prints, per file, a header line and one block
per event, for people; a date whose year is unknown prints as ``06-27 to 06-30 (year unknown)``. ``--format json``
prints one JSON object per file per line (JSON Lines): ``{"file": "...", "events": [ {...event fields...} ]}``. A
file that cannot be read or decoded prints an error on stderr (naming it), the other files are still processed, and
the exit code is 1.

Stream::

    eventradar extract --jsonl [--published DATE] < items.jsonl > events.jsonl

Reads ``{"id": ..., "text": "...", "published": DATE | null}`` per line (UTF-8) and writes, in input order, one
line per non-blank input line: ``{"id": ..., "events": [...]}``. ``published: null`` means the date is unknown
(it is then looked for in the text); when the key is absent, ``--published`` applies. A bad line (not UTF-8, not
JSON, not an object, no string ``text``, a bad ``published``), or a line the engine fails on (say a date at the
edge of the calendar, year 9999), still gets its output line, ``{"id": <id or null>, "error": "line N: ..."}``, so
output lines stay aligned with input lines; the same message goes to stderr, the next line is read, and the exit
code is 2 once all lines are done.

A DATE is ``YYYY-MM-DD`` or an ISO 8601 date and time, e.g. ``2021-02-19T15:24:50+08:00`` or
``2021-02-19T07:24:50Z``, which stands for its date in Beijing (Asia/Shanghai); a time without an offset is taken
as Beijing time.

Event fields are those of `ExtractedEvent.to_dict` (name, start, end, partial_date, date_precision, venue, city,
province, district, industries, status, confidence, evidence).

The industry taxonomy is the ``industries:`` of the config file (``--config``, else ``$EVENTRADAR_CONFIG``, else
``./config.yaml``); when neither is given and there is no ``./config.yaml``, the one shipped with the package
(``app/default_config.yaml``, the repository's config.yaml) applies, so the command works from any folder.

Exit codes: 0 success, 1 a file could not be read or decoded, 2 usage or config error, or a bad input line.

This module is imported on every ``eventradar`` start; it imports the engine, YAML and the encoding detector only
when a command needs them, so that ``eventradar extract`` is ready in a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.config_file import DEFAULT_CONFIG_PATH, ENV_CONFIG

if TYPE_CHECKING:
    from extract import ExtractedEvent, Taxonomy
    from extract.model import Phase

EXIT_OK = 0
EXIT_UNREADABLE = 1
EXIT_USAGE = 2

BEIJING = "Asia/Shanghai"

# The repository's config.yaml, shipped inside the package (a symbolic link in the source tree, a copy when built).
SHIPPED_CONFIG = Path(__file__).resolve().parent.parent / "default_config.yaml"

# More replaced characters than this share of the text means the file is not text in any encoding we know.
_MAX_REPLACED_SHARE = 0.01


class TaxonomyError(Exception):
    """The config file's taxonomy cannot be used; the message names the file and the key."""


def parse_published(value: str) -> date:
    """The Beijing date of a publication time given as a date or an ISO 8601 date and time.

    A time with an offset (``+08:00``, ``Z``) is converted to Asia/Shanghai; one without is taken as Beijing time.
    Raises ValueError with a message for people.
    """
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"expected a date as YYYY-MM-DD or a date and time such as 2021-02-19T15:24:50+08:00, got {value!r}"
        ) from None
    if moment.tzinfo is None:
        return moment.date()
    from zoneinfo import ZoneInfo

    try:
        return moment.astimezone(ZoneInfo(BEIJING)).date()
    except (OverflowError, ValueError):
        raise ValueError(f"{value!r} is outside the dates a calendar can hold (years 1 to 9999)") from None


def _published_argument(value: str) -> date:
    try:
        return parse_published(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``extract`` subcommand."""
    parser = subparsers.add_parser(
        "extract",
        help="extract events from article text (files or JSON lines)",
        description=(
            "Extract industry events from Chinese news text. Give FILEs to print their events, or --jsonl to "
            'read {"id", "text", "published"} objects line by line on stdin and write {"id", "events"} lines. '
            "Files may be UTF-8, GB18030/GBK or Big5. Without a config file the taxonomy shipped with "
            "Event Radar is used."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "DATE: YYYY-MM-DD, or a date and time such as 2021-02-19T15:24:50+08:00 or 2021-02-19T07:24:50Z\n"
            "(its date in Beijing; a time without an offset is Beijing time)\n"
            "exit codes: 0 ok, 1 a file could not be read or decoded, 2 usage error or a bad --jsonl line\n"
            'a bad --jsonl line is answered with {"id": ..., "error": "line N: ..."} and reported on stderr'
        ),
    )
    parser.add_argument(
        "--published",
        type=_published_argument,
        metavar="DATE",
        help="publication date of the text, YYYY-MM-DD or an ISO date and time (default: looked for in the text)",
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


def load_taxonomy(config: Path | None, environ: Mapping[str, str]) -> Taxonomy:
    """The ``industries:`` of the config file, or of the shipped config when there is none to read.

    `config` (``--config``) or ``$EVENTRADAR_CONFIG`` must exist; ``./config.yaml`` is used when it exists.
    Only the taxonomy is read: extraction needs nothing else, and validating the whole file would cost the
    import of pydantic. Raises TaxonomyError.
    """
    from app.config_file import ConfigFileError, read_sections
    from extract import Taxonomy

    chosen = config or (Path(environ[ENV_CONFIG]) if environ.get(ENV_CONFIG) else None)
    if chosen is not None:
        path = chosen
    elif Path(DEFAULT_CONFIG_PATH).is_file():
        path = Path(DEFAULT_CONFIG_PATH)
    else:
        path = SHIPPED_CONFIG
    try:
        data = read_sections(path)
    except ConfigFileError as exc:
        raise TaxonomyError(str(exc)) from None
    industries = data.get("industries") or []
    if not isinstance(industries, list):
        raise TaxonomyError(f"{path}: industries: expected a list")
    try:
        return Taxonomy.from_mapping(industries)
    except ValueError as exc:
        raise TaxonomyError(f"{path}: {exc}") from None


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


class _Undecodable(ValueError):
    pass


def _read(path: str, stdin: TextIO, stderr: TextIO) -> str:
    if path == "-":
        buffer = getattr(stdin, "buffer", None)
        if buffer is None:  # already text (tests, or a caller's stream)
            return stdin.read()
        body: bytes = buffer.read()
    else:
        body = Path(path).read_bytes()
    return _decode(path, body, stderr)


def _decode(path: str, body: bytes, stderr: TextIO) -> str:
    """Bytes to text as the poller reads a page whose charset claims UTF-8: UTF-8 if they are, else detected."""
    from scheduler.decode import decode_page

    text = decode_page(body, http_charset="utf-8")
    replaced = text.count("\ufffd")
    if "\x00" in text or replaced > len(text) * _MAX_REPLACED_SHARE:
        raise _Undecodable("not text in UTF-8, GB18030/GBK, Big5 or another encoding that could be detected")
    if replaced:
        print(f"eventradar extract: {path}: {replaced} undecodable characters replaced by U+FFFD", file=stderr)
    return text


def _run_files(
    files: Sequence[str],
    output_format: str,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    taxonomy: Taxonomy,
    published: date | None,
) -> int:
    from extract import extract_events

    code = EXIT_OK
    for path in files:
        try:
            text = _read(path, stdin, stderr)
        except OSError as exc:
            print(f"eventradar extract: cannot read {path}: {exc.strerror or exc}", file=stderr)
            code = EXIT_UNREADABLE
            continue
        except _Undecodable as exc:
            print(f"eventradar extract: cannot decode {path}: {exc}", file=stderr)
            code = EXIT_UNREADABLE
            continue
        try:
            events = extract_events(text, published=published, taxonomy=taxonomy)
            if output_format == "json":
                output = json.dumps({"file": path, "events": [e.to_dict() for e in events]}, ensure_ascii=False)
                output += "\n"
            else:
                output = _as_text(path, events)
        except Exception as exc:  # one file the engine fails on must not cost the others their output
            print(f"eventradar extract: {path}: extraction failed: {_problem(exc)}", file=stderr)
            code = EXIT_UNREADABLE
            continue
        stdout.write(output)
    return code


def _when(event: ExtractedEvent) -> str:
    if event.start:
        when = event.start.isoformat()
        if event.end and event.end != event.start:
            when += f" to {event.end.isoformat()}"
        return when
    if event.partial_date:
        # `partial_end` ("MM-DD") is the last day of a range whose year is unknown, where the engine provides it.
        partial_end = getattr(event, "partial_end", None)
        when = event.partial_date
        if isinstance(partial_end, str) and partial_end and partial_end != event.partial_date:
            when += f" to {partial_end}"
        return f"{when} (year unknown)"
    return "date unknown"


def _phase_when(phase: Phase) -> str:
    days = [day.isoformat() if day else "?" for day in (phase.start, phase.end)]
    return f"{phase.label} {days[0]} to {days[1]}" if phase.end != phase.start else f"{phase.label} {days[0]}"


def _as_text(path: str, events: list[ExtractedEvent]) -> str:
    lines = [f"== {path}: {len(events)} event{'s' if len(events) != 1 else ''}"]
    for event in events:
        where = " ".join(p for p in (event.province, event.city, event.district, event.venue) if p) or "place unknown"
        lines.append(f"- {event.name}")
        lines.append(f"  when: {_when(event)} [{event.date_precision}], {event.status}")
        lines.append(f"  where: {where}")
        if event.phases:
            lines.append(f"  phases: {'; '.join(_phase_when(phase) for phase in event.phases)}")
        lines.append(f"  industries: {', '.join(event.industries) or '-'}")
        lines.append(f"  confidence: {event.confidence:.2f}")
        lines.append(f"  evidence: {event.evidence.sentence}")
    return "\n".join(lines) + "\n"


def _problem(exc: Exception) -> str:
    message = str(exc)
    return f"{message} ({type(exc).__name__})" if message else type(exc).__name__


class _BadLine(ValueError):
    def __init__(self, message: str, item_id: object = None) -> None:
        super().__init__(message)
        self.item_id = item_id


_PUBLISHED_FORMS = "YYYY-MM-DD, an ISO date and time, or null"


def _parse_line(line: str, default_published: date | None) -> tuple[object, str, date | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _BadLine("not JSON (nested too deeply)") from None
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
                published = parse_published(raw)
            except ValueError as exc:
                raise _BadLine(f'"published" must be {_PUBLISHED_FORMS}: {exc}', item_id) from None
        else:
            raise _BadLine(f'"published" must be {_PUBLISHED_FORMS}, got {type(raw).__name__}', item_id)
    return item_id, text, published


def _lines(stream: TextIO) -> Iterator[tuple[int, str | None]]:
    """Numbered lines; None for a line that is not UTF-8. Reads bytes where it can, so one such line is not fatal."""
    buffer = getattr(stream, "buffer", None)
    raw_lines: Iterable[str | bytes] = stream if buffer is None else buffer
    for number, raw in enumerate(raw_lines, start=1):
        if isinstance(raw, str):
            line: str | None = raw
        else:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = None
        if number == 1 and line is not None:
            line = line.removeprefix("\ufeff")  # a byte-order mark left by an editor
        yield number, line


def _run_jsonl(
    stdin: TextIO, stdout: TextIO, stderr: TextIO, taxonomy: Taxonomy, default_published: date | None
) -> int:
    from extract import extract_events

    code = EXIT_OK
    for number, line in _lines(stdin):
        if line is not None and not line.strip():
            continue
        item_id: object = None
        try:
            if line is None:
                raise _BadLine("not UTF-8 text")
            item_id, text, published = _parse_line(line, default_published)
            events = extract_events(text, published=published, taxonomy=taxonomy)
            output = json.dumps({"id": item_id, "events": [e.to_dict() for e in events]}, ensure_ascii=False)
        except _BadLine as exc:
            item_id, message = exc.item_id, f"line {number}: {exc}"
        except Exception as exc:  # the engine failing on one item must not stop the stream
            message = f"line {number}: extraction failed: {_problem(exc)}"
        else:
            stdout.write(output + "\n")
            continue
        print(f"eventradar extract: {message}", file=stderr)
        stdout.write(json.dumps({"id": item_id, "error": message}, ensure_ascii=False) + "\n")
        code = EXIT_USAGE
    return code
