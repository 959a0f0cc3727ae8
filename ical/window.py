"""Which events a feed carries, as pure date arithmetic on a ``today`` the caller supplies.

A feed covers 30 days back and 18 months ahead, which keeps even a busy industry's feed far below 1 MB (calendar
apps give up on larger ones, Google silently). A cancelled event stays 30 days after it was cancelled, marked
``STATUS:CANCELLED``, so calendars that already hold it learn of the cancellation instead of seeing it vanish.
Everything is whole days in China's calendar: the feed for a given day is the same whatever the hour, which is
what lets the web side cache it per day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
DAYS_BACK = 30
MONTHS_AHEAD = 18
CANCELLED_KEEP_DAYS = 30


@dataclass(frozen=True, slots=True)
class Window:
    """Events that end on or after ``first`` and start on or before ``last`` belong to the feed."""

    first: dt.date
    last: dt.date
    # Cancellations at or after this moment are still shown (as cancelled); older ones are dropped.
    cancelled_since: dt.datetime


def china_today(now: dt.datetime) -> dt.date:
    """The date in China at ``now`` (an aware datetime)."""
    return now.astimezone(CHINA).date()


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (Aug 31 + 18 months = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def feed_window(today: dt.date) -> Window:
    cutoff = today - dt.timedelta(days=CANCELLED_KEEP_DAYS)
    return Window(
        first=today - dt.timedelta(days=DAYS_BACK),
        last=add_months(today, MONTHS_AHEAD),
        cancelled_since=dt.datetime.combine(cutoff, dt.time(), tzinfo=CHINA),
    )


def in_window(window: Window, start: dt.date, end: dt.date | None, cancelled_at: dt.datetime | None) -> bool:
    """The same rule the database query applies, for callers holding events in memory."""
    if cancelled_at is not None and cancelled_at < window.cancelled_since:
        return False
    return (end or start) >= window.first and start <= window.last
