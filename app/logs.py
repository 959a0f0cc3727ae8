"""How the `eventradar` process logs: every stamp in one time zone, and libraries' bookkeeping kept out of INFO.

The stamps are in the zone of every date users see (``reminders.timezone``, Asia/Shanghai by default), written with
their offset (``2026-12-02 09:24:20.589+08:00``), so a log line, a scheduled run time and an event's day can be read
side by side. Until the config is read (and for a config that cannot be read) that default zone applies.

At INFO, the log holds what a person running the service acts on: start, stop, polls and their counts, failures.
APScheduler's "Running job"/"executed successfully" pair (six lines a minute from the heartbeat and the source sync),
Alembic's context lines on every command and httpx's line per request are bookkeeping: they show at DEBUG only.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers whose INFO is bookkeeping; below DEBUG they log warnings and errors only.
CHATTY_LIBRARIES = ("apscheduler", "alembic", "httpx")


class ZonedFormatter(logging.Formatter):
    """`FORMAT` with ``asctime`` in one IANA zone, with milliseconds and the offset."""

    def __init__(self, zone: str = DEFAULT_ZONE) -> None:
        super().__init__(FORMAT)
        self.zone = ZoneInfo(zone)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return dt.datetime.fromtimestamp(record.created, self.zone).isoformat(sep=" ", timespec="milliseconds")


_formatter = ZonedFormatter()


def configure_logging(level: str) -> None:
    """Log to stderr at `level`; the chatty libraries only from DEBUG on."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_formatter)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quiet = logging.getLevelName(level) > logging.DEBUG
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING if quiet else logging.NOTSET)


def use_zone(zone: str) -> None:
    """Stamp the lines from now on in `zone` (the config's ``reminders.timezone``, once it is read)."""
    _formatter.zone = ZoneInfo(zone)
