"""An event's dates completed from what is said of it: one rule for the Chinese and the English reader.

The statements come strongest first (each reader ranks its own); the strongest decides, and what it leaves open is
completed from the others: an opening by a closing said elsewhere or by a duration (为期N天, "a three-day fair"), a
closing by an opening or the duration; a run day (今天进入第二天) means it opened that many days before; "held on"
one day is that day. Each end keeps what it rests on (`extract.model.DateBasis`), so the calendar replaces it only
with stronger evidence (`db.merge_facts`). Two readers completing dates two ways would give one fair two sets of dates
depending on the language of the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from extract.dates import DateMention
from extract.model import DateBasis, DatePrecision
from extract.roles import ROLE_BASES, Role, duration_of


class Stated(Protocol):
    """A date said of an event, as either reader records it."""

    @property
    def date(self) -> DateMention: ...

    @property
    def role(self) -> Role: ...

    @property
    def run_day(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class EventDates:
    """An event's dates as read, and what each of its ends rests on (`extract.model.DateBasis`)."""

    start: date | None = None
    end: date | None = None
    partial: str | None = None
    partial_end: str | None = None
    precision: DatePrecision = "vague"
    reasons: tuple[str, ...] = ()
    start_basis: DateBasis = "none"
    end_basis: DateBasis = "none"


def event_dates(
    statements: Sequence[Stated],
    body: str,
    spans: Sequence[tuple[int, int]],
    *,
    duration: Callable[[str], int | None] = duration_of,
    days_label: Callable[[int], str] = "为期{}天".format,
) -> EventDates:
    """The event's dates from the statements, strongest first.

    The strongest statement decides; an opening is completed by a closing said elsewhere, or by 为期N天, and a
    closing by an opening or the duration; 今天进入第二天 means it opened the day before. Each end's basis says
    which kind of statement gave it, so that the calendar replaces it only with stronger evidence.
    """
    if not statements:
        return EventDates()
    best = statements[0]
    d = best.date
    reason = f"date: {best.role} ({body[d.span[0] : d.span[1]]})"
    start_basis, end_basis = ROLE_BASES[best.role]
    if d.precision != "day":
        start_basis = end_basis = "month" if d.precision == "month" else "vague"
    if d.start is None:
        return EventDates(None, None, d.partial_start, d.partial_end, d.precision, (reason,), start_basis, end_basis)
    start: date | None = d.start
    end: date | None = d.end
    reasons = [reason]
    if d.precision != "day" or best.role == "range":
        return EventDates(start, end, None, None, d.precision, tuple(reasons), start_basis, end_basis)
    if best.run_day:
        start = d.start - timedelta(days=best.run_day - 1)
        end = None
        start_basis, end_basis = "implied", "none"
        reasons.append(f"day {best.run_day} of the event on {d.start.isoformat()}")
    elif best.role == "end":
        start = None
    elif best.role in ("start", "held"):
        end = None if best.role == "start" else d.start
    day_statements = [s for s in statements if s.date.precision == "day" and s.date.start is not None]
    if start is not None and best.role == "start":
        closing = [s.date.start for s in day_statements if s.role == "end" and s.date.start and s.date.start >= start]
        if closing:
            end, end_basis = closing[0], "stated"
            reasons.append(f"closes {end.isoformat()}")
    if end is not None and start is None:
        opening = [s.date.start for s in day_statements if s.role == "start" and s.date.start and s.date.start <= end]
        if opening:
            start, start_basis = opening[0], "stated"
            reasons.append(f"opened {start.isoformat()}")
    if start is None or end is None:
        days = next((n for span in spans if (n := duration(body[span[0] : span[1]])) is not None), None)
        if days is not None:
            if start is not None and end is None:
                end, end_basis = start + timedelta(days=days - 1), "implied"
            elif end is not None and start is None:
                start, start_basis = end - timedelta(days=days - 1), "implied"
            reasons.append(days_label(days))
    if start is None and end is None:
        start = end = d.start
    return EventDates(start, end, None, None, "day", tuple(reasons), start_basis, end_basis)
