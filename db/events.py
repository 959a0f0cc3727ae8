"""Reading events for listings: the CLI's `events list`, and later the bot and the calendar."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Event


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
