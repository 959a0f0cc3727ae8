"""The `eventradar` command line: run the service, inspect sources and events, extract events from files."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from app.commands import events as events_command
from app.commands import extract as extract_command
from app.logs import configure_logging, use_zone

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.config import AppConfig

# The service's modules (SQLAlchemy, python-telegram-bot, httpx, uvicorn, pydantic) are imported in the branches
# of the commands that use them, not here: `eventradar extract` and every `--help` need none of them, and
# importing them all took most of a second before the command read its first line.

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventradar",
        description="Event Radar: China's industry expos, trade fairs, matchmaking meetings and forums, "
        "found in news and government sources, as a calendar and Telegram alerts.",
    )
    parser.add_argument(
        "--config",
        type=Path,
        help="configuration file (default: $EVENTRADAR_CONFIG, else ./config.yaml)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="how much to log (default: INFO)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    commands.add_parser(
        "run",
        help="run the service: scheduler, web server and (with TELEGRAM_BOT_TOKEN) the Telegram bot",
        description="Migrate the database, then run the scheduler, the web server and, when TELEGRAM_BOT_TOKEN "
        "is set, the Telegram bot in one process until Ctrl-C or SIGTERM.",
    )
    poll_once = commands.add_parser(
        "poll-once",
        help="poll every enabled source (or the one named) once and exit",
        description="Poll every enabled source once (ignoring backoff), store new articles, extract and merge "
        "events, and print a summary. Exit code 1 when a source failed. The demo source works offline, whether "
        "or not the service is running.",
    )
    poll_once.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="ID",
        help="poll only this source (its id in config.yaml; repeat for more), even if it is not enabled yet",
    )

    extract_command.add_parser(commands)

    db = commands.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    db_commands.add_parser("upgrade", help="apply pending migrations", description="Apply pending migrations.")
    db_commands.add_parser(
        "current", help="show the schema revision", description="Show the database's and the code's revision."
    )

    events = commands.add_parser("events", help="inspect events", description="Inspect stored events.")
    events_commands = events.add_subparsers(dest="events_command", metavar="EVENTS_COMMAND", required=True)
    events_command.add_parser(events_commands)

    sources = commands.add_parser("sources", help="inspect sources", description="Inspect configured sources.")
    sources_commands = sources.add_subparsers(dest="sources_command", metavar="SOURCES_COMMAND", required=True)
    sources_commands.add_parser(
        "list", help="list sources and their health", description="List every source with its polling health."
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.log_level)
    if args.command == "extract":
        return _extract(args)
    return _service_command(args)


def _extract(args: argparse.Namespace) -> int:
    # Only the taxonomy of the config is needed, and without a config file the shipped one applies.
    try:
        taxonomy = extract_command.load_taxonomy(args.config, os.environ)
    except extract_command.TaxonomyError as exc:
        print(f"eventradar: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return extract_command.run(args, taxonomy, sys.stdin, sys.stdout)


def _service_command(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import InterfaceError, OperationalError

    from app.config import ConfigError, config_path_from_env, load_config
    from db.engine import DatabaseUnavailable, DatabaseUrlError, database_problem, redacted

    config: AppConfig | None = None
    try:
        config = load_config(args.config or config_path_from_env(os.environ))
        use_zone(config.reminders.timezone)
        return _dispatch(args, config, sys.stdout)
    except ConfigError as exc:
        print(f"eventradar: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseUrlError as exc:
        # A URL we cannot use is a configuration mistake, and ends like one.
        print(f"eventradar: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseUnavailable as exc:
        print(f"eventradar: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OperationalError, InterfaceError) as exc:
        # The database went away after the command's first connection: still one line, not a traceback.
        assert config is not None
        logging.getLogger("eventradar").debug("database failure", exc_info=True)
        print(f"eventradar: database {redacted(config.database.url)}: {database_problem(exc)}", file=sys.stderr)
        return EXIT_USAGE


def _dispatch(args: argparse.Namespace, config: AppConfig, stdout: TextIO) -> int:
    from app.commands.database import check_database, open_database

    match args.command:
        case "db":
            return _db(args.db_command, config, stdout)
        case "events":
            if args.events_command == "export" and args.format == "xlsx" and args.output is None:
                # Said before the database is opened: nothing to read when there is nowhere to write.
                print(
                    "eventradar events export: --format xlsx needs --output FILE (a workbook is not text)",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            engine = open_database(config, create=False, migrated=True)
            try:
                if args.events_command == "export":
                    return _events_export(args, config, engine, stdout)
                return _events_list(args, config, engine, stdout)
            finally:
                engine.dispose()
        case "sources":
            from app.commands.sources import list_sources

            engine = open_database(config, create=False, migrated=True)
            try:
                list_sources(config, engine, stdout)
            finally:
                engine.dispose()
            return EXIT_OK
    check_database(config)
    # The other commands build on the service.
    from app.service import StartupError

    try:
        match args.command:
            case "run":
                return _run(config)
            case "poll-once":
                return _poll_once(config, args.source, stdout)
    except StartupError as exc:
        print(f"eventradar: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    raise AssertionError(f"unhandled command {args.command!r}")


def _run(config: AppConfig) -> int:
    import asyncio
    import signal

    from app.service import run_service

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_service(config, stop)

    asyncio.run(serve())
    return EXIT_OK


def _poll_once(config: AppConfig, only: list[str], out: TextIO) -> int:
    import asyncio

    from app.polling import UnknownSource, poll_once

    try:
        return asyncio.run(poll_once(config, out, progress=sys.stderr.isatty(), only=only))
    except UnknownSource as exc:
        print(f"eventradar poll-once: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _db(command: str, config: AppConfig, out: TextIO) -> int:
    from app.commands.database import open_database
    from db.migrate import current_revision, head_revision, upgrade

    # `db current` only reads: it must not leave a new empty database behind.
    engine = open_database(config, create=command == "upgrade")
    try:
        if command == "upgrade":
            upgrade(engine)
            print(f"database at revision {current_revision(engine)} (newest: {head_revision()})", file=out)
        else:
            print(f"database: {current_revision(engine) or 'empty'}; code: {head_revision()}", file=out)
    finally:
        engine.dispose()
    return EXIT_OK


def _events_list(args: argparse.Namespace, config: AppConfig, engine: Engine, out: TextIO) -> int:
    today = dt.datetime.now(ZoneInfo(config.reminders.timezone)).date()
    try:
        events_command.list_events(args, config, engine, today, out)
    except events_command.SelectionError as exc:
        print(f"eventradar events list: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _events_export(args: argparse.Namespace, config: AppConfig, engine: Engine, out: TextIO) -> int:
    today = dt.datetime.now(ZoneInfo(config.reminders.timezone)).date()
    try:
        body, count = events_command.export_events(args, config, engine, today)
    except events_command.SelectionError as exc:
        print(f"eventradar events export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.output is None:
        out.flush()
        out.buffer.write(body)
        out.buffer.flush()
        return EXIT_OK
    try:
        args.output.write_bytes(body)
    except OSError as exc:
        print(f"eventradar events export: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"exported {count} events to {args.output}", file=sys.stderr)
    return EXIT_OK


def entry_point() -> None:
    sys.exit(main())
