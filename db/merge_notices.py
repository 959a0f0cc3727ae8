"""What a merged report tells people: which changed facts are news to subscribers and how a change is recorded for
their notices, and which reports against an admin's locked facts go to the admins instead.

Any change of a tracked fact grows the event's version and is recorded in ``event_changes``, so subscribers are told
what changed; a status that only follows the calendar, or dates that only widen to span the phases reported, is not
news (`is_news`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from db.models.events import Event, EventChange
from db.reports import NEWS, report
from extract.model import ExtractedEvent

# Facts whose change users are told about; the version counts changes to these.
TRACKED_FIELDS = (
    "start_date",
    "end_date",
    "partial_date",
    "date_precision",
    "venue",
    "city",
    "province",
    "district",
    "status",
)
_DATE_FIELDS = {"start_date", "end_date", "partial_date", "date_precision"}
# The key of an event change that holds the sentence of the report that caused it, beside the changed fields.
CHANGE_BECAUSE = "because"


def changed_facts(event: Event, proposed: dict[str, Any]) -> dict[str, list[object]]:
    """The proposed facts that differ from the event's, as a change records them: ``{field: [old, new]}`` with
    JSON-ready values."""
    return {
        name: [_json(getattr(event, name)), _json(value)]
        for name, value in proposed.items()
        if getattr(event, name) != value
    }


def is_news(changes: dict[str, list[object]], candidate: ExtractedEvent, *, moved: bool) -> bool:
    """Whether the changes a report made are worth a notice to the event's subscribers."""
    status_only = {"status"}
    # A status that only follows the calendar (upcoming, then ongoing, then held) is not news; a cancellation or
    # a change of dates or place is. Nor are dates that only widen to span the phases reported (第一期, then
    # 第二期…): the fair was always that long, the coverage just got to it; the calendar shows it, unannounced.
    quiet = status_only | (_DATE_FIELDS if candidate.dated_by_phases and not moved else set())
    return not (set(changes) <= quiet and changes.get("status", [None, None])[1] != "cancelled")


def record_change(
    session: Session, event: Event, changes: dict[str, list[object]], candidate: ExtractedEvent, *, now: dt.datetime
) -> None:
    """Grow the event's version and record what changed, for the change notice."""
    event.version += 1
    # Why, for the notice: the sentence of the report that changed it (CHANGE_BECAUSE is not a field).
    recorded: dict[str, Any] = {**changes, CHANGE_BECAUSE: candidate.evidence.sentence[:300]}
    session.add(EventChange(event_id=event.id, version=event.version, changes=recorded, changed_at=now))


def tell_admins_of_locked(
    session: Session, event: Event, candidate: ExtractedEvent, *, moved: bool, now: dt.datetime
) -> None:
    """A report that would change a fact an admin set is not applied; an explicit change (a postponement, a move,
    a cancellation) is shown to the admins as a report from the news, so they decide again."""
    sentence = candidate.evidence.sentence[:500]
    if candidate.change == "cancelled" and event.status != "cancelled" and "status" in event.locked:
        report(session, event_id=event.id, reason="cancelled", reporter=NEWS, now=now, comment=sentence)
    elif moved and "dates" in event.locked and candidate.start is not None and candidate.start != event.start_date:
        report(session, event_id=event.id, reason="postponed", reporter=NEWS, now=now, comment=sentence)
    elif moved and "place" in event.locked and candidate.city and candidate.city != event.city:
        report(session, event_id=event.id, reason="wrong_place", reporter=NEWS, now=now, comment=sentence)


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
