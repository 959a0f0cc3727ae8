"""Reading events for listings: the CLI's `events list` and the bot's /upcoming."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.matching import EventFilter
from db.models.events import Event


def upcoming_events(session: Session, *, today: dt.date, limit: int = 50) -> list[Event]:
    """Events not over by ``today``, soonest first; events without a known day come after the dated ones.

    Only what users may be told of: not hidden by an admin, not held for review (`db.corrections`)."""
    confirmed = (Event.shown, Event.review != "held")
    not_over = or_(Event.end_date >= today, Event.end_date.is_(None) & (Event.start_date >= today))
    dated = (
        select(Event)
        .where(Event.start_date.is_not(None), not_over, Event.cancelled_at.is_(None), *confirmed)
        .order_by(Event.start_date, Event.id)
        .limit(limit)
    )
    events = list(session.scalars(dated))
    if len(events) < limit:
        undated = (
            select(Event)
            .where(
                Event.start_date.is_(None),
                Event.status.in_(("upcoming", "unknown")),
                Event.cancelled_at.is_(None),
                *confirmed,
            )
            .order_by(Event.first_seen_at.desc(), Event.id)
            .limit(limit - len(events))
        )
        events.extend(session.scalars(undated))
    return events


def listed_events(
    session: Session,
    *,
    first: dt.date | None,
    last: dt.date | None,
    everything: bool,
    undated: bool,
    where: EventFilter,
) -> list[Event]:
    """What ``eventradar events list`` shows: events whose days reach ``first`` or later and that start by ``last``
    (None: no bound), soonest first; then, with ``undated``, those whose day is not known, newest first.

    ``everything`` adds what a plan has no use for but a person checking what a poll found does: cancelled events,
    events an admin hid or merged away, and undated reports of events already held. Which events a filter takes is
    `db.matching`'s rule, applied in Python (industries are a JSON list, which has no portable SQL test).
    """
    dated = select(Event).where(Event.start_date.is_not(None)).order_by(Event.start_date, Event.id)
    if first is not None:
        dated = dated.where(func.coalesce(Event.end_date, Event.start_date) >= first)
    if last is not None:
        dated = dated.where(Event.start_date <= last)
    if not everything:
        # Cancelled events, and those an admin hid or merged into another (`db.corrections`), only with --all.
        dated = dated.where(Event.cancelled_at.is_(None), Event.status != "cancelled", Event.shown)
    events = [event for event in session.scalars(dated) if where.matches(event)]
    if undated:
        rest = select(Event).where(Event.start_date.is_(None)).order_by(Event.first_seen_at.desc(), Event.id)
        if not everything:
            rest = rest.where(Event.status.in_(("upcoming", "unknown")), Event.cancelled_at.is_(None), Event.shown)
        events.extend(event for event in session.scalars(rest) if where.matches(event))
    return events
