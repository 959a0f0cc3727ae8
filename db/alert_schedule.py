"""When alerts, digests and reminders are due: a pure policy (no database), read by the outbox's writers.

A subscriber chooses a delivery mode (instant alerts or a daily digest), a time of day and the days before an
event's start to be reminded; the service's ``reminders`` config gives the default time and the time zone. The
outbox rows' kinds are named here too, since the schedule is what tells them apart.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

NEW, CHANGED, REMINDER, DIGEST = "new", "changed", "reminder", "digest"
# Deliveries that mean "this chat has been told about the event" (the ones a change notice follows).
TOLD_KINDS = (NEW, CHANGED, DIGEST)
# Reminders go at most this many days ahead; /settings offers less.
MAX_REMINDER_DAYS = 30


@dataclass(frozen=True, slots=True)
class AlertSchedule:
    """When reminders and digests go out: a local time of day in a time zone (config ``reminders``)."""

    time: dt.time = dt.time(9, 0)
    timezone: str = "Asia/Shanghai"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self, now: dt.datetime) -> dt.date:
        return now.astimezone(self.zone).date()

    def next_digest_at(self, now: dt.datetime, time: dt.time | None = None) -> dt.datetime:
        """The next digest at ``time`` (default: the configured one) as UTC: today's if still ahead, else tomorrow's."""
        time = time or self.time
        local = now.astimezone(self.zone)
        at = dt.datetime.combine(local.date(), time, self.zone)
        if at <= local:
            at = dt.datetime.combine(local.date() + dt.timedelta(days=1), time, self.zone)
        return at.astimezone(dt.UTC)


DEFAULT_SCHEDULE = AlertSchedule()


def parse_time_of_day(hhmm: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(hhmm)
    except ValueError:
        return None


def digest_due(schedule: AlertSchedule, now: dt.datetime, *, reminder_time: str, mode: str) -> dt.datetime:
    """When a chat's waiting digest goes out: at the next digest time it chose, or now once it is instant."""
    return schedule.next_digest_at(now, parse_time_of_day(reminder_time)) if mode == DIGEST else now


def reminder_days(stored: str | None) -> list[int]:
    """The reminder days a subscriber stored (a JSON list), keeping only sensible ones."""
    try:
        value = json.loads(stored or "[]")
    except ValueError:
        return []
    return [d for d in value if isinstance(d, int) and 0 <= d <= MAX_REMINDER_DAYS] if isinstance(value, list) else []
