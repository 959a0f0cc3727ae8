"""People correct the calendar: readers report a wrong event, admins act on it, and what they decide sticks.

No extractor is perfect, and a calendar a team plans travel by needs a way to be put right once, for everyone.

Readers' reports are `db.reports`.

**Actions.** An admin hides an event, sets its dates or place, merges it into another, marks it cancelled or postponed,
approves a held one, or dismisses a report. Each action is a :class:`db.models.corrections.Correction` row (who, when,
what, the facts before and after) and closes the event's open reports. An admin's decision is the strongest evidence an
event can have: the facts it sets are ``locked`` and `db.merge_facts` never changes them from a later news report; a
later report that would have (a postponement, a cancellation) becomes a report to the admins instead.

**What users see.** A hidden or merged event leaves the page, every iCal feed and the outbox (`Event.shown`); a series
hidden as not an industry event is remembered (:class:`db.models.corrections.HiddenName`) so the same non-event read
from another article stays hidden. Dates, place or a cancellation changed by an admin grow the event's version with an
:class:`db.models.events.EventChange`, so subscribers already told about it get one correction notice; a hidden
non-event needs none. The caller owes those notices (`db.alerts.enqueue_alerts` with the returned events).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.merge_notices import CHANGE_BECAUSE, TRACKED_FIELDS
from db.models.corrections import Correction, EventReport, HiddenName
from db.models.events import Event, EventArticle, EventChange
from db.models.subscribers import Delivery
from db.reports import open_report_count

# What an admin's correction says in its change notice, in place of a report's sentence.
BY_ADMIN = "admin"


class CorrectionError(ValueError):
    """An action that cannot be taken; the message says why in words an admin understands."""


@dataclass
class Corrected:
    """What an admin action did: the events whose told subscribers are owed a correction notice."""

    event: Event
    notify: list[Event] = field(default_factory=list)


# --- admin actions -------------------------------------------------------------------------------------------


def hide(session: Session, event_id: int, *, actor: str, now: dt.datetime, not_event: bool = True) -> Corrected:
    """Take an event off the page, the feeds and the outbox; as ``not_event``, its series stays hidden for good."""
    event = _event(session, event_id)
    before = _facts(event)
    event.hidden_at = now
    event.updated_at = now
    if not_event and session.get(HiddenName, event.merge_key) is None:
        session.add(HiddenName(merge_key=event.merge_key, event_id=event.id, created_at=now))
    _drop_owed(session, event.id, "event hidden by an admin")
    _record(session, event, "hide", actor, before, now)
    return Corrected(event)


def set_dates(
    session: Session, event_id: int, *, start: dt.date, end: dt.date | None, actor: str, now: dt.datetime
) -> Corrected:
    """The event's dates, as an admin states them: locked, and told to those who knew the old ones."""
    if end is not None and end < start:
        raise CorrectionError(f"the end ({end.isoformat()}) is before the start ({start.isoformat()})")
    event = _event(session, event_id)
    return _change(
        session,
        event,
        {"start_date": start, "end_date": end or start, "partial_date": None, "date_precision": "day"},
        lock="dates",
        action="set_dates",
        actor=actor,
        now=now,
    )


def set_place(
    session: Session,
    event_id: int,
    *,
    venue: str | None,
    city: str | None,
    province: str | None,
    district: str | None,
    actor: str,
    now: dt.datetime,
) -> Corrected:
    """Where the event is, as an admin states it (a place the gazetteer resolved): locked, and told."""
    if not (venue or city or province):
        raise CorrectionError("a place needs at least a venue, a city or a province")
    event = _event(session, event_id)
    facts = {"venue": venue, "city": city, "province": province, "district": district}
    return _change(session, event, facts, lock="place", action="set_place", actor=actor, now=now)


def cancel(session: Session, event_id: int, *, actor: str, now: dt.datetime) -> Corrected:
    """The event is cancelled: said so to those already told; no other message about it goes out."""
    event = _event(session, event_id)
    corrected = _change(session, event, {"status": "cancelled"}, lock="status", action="cancel", actor=actor, now=now)
    if event.cancelled_at is None:
        event.cancelled_at = now
    return corrected


def postpone(
    session: Session,
    event_id: int,
    *,
    start: dt.date | None,
    end: dt.date | None,
    actor: str,
    now: dt.datetime,
) -> Corrected:
    """The event is postponed, to new dates or to a time not yet known: locked, and told."""
    event = _event(session, event_id)
    if start is not None:
        corrected = set_dates(session, event_id, start=start, end=end, actor=actor, now=now)
        _relabel_last(session, event, "postpone")
        return corrected
    facts = {"start_date": None, "end_date": None, "partial_date": None, "date_precision": "vague", "status": "unknown"}
    return _change(session, event, facts, lock="dates", action="postpone", actor=actor, now=now)


def merge_events(session: Session, duplicate_id: int, into_id: int, *, actor: str, now: dt.datetime) -> Corrected:
    """The duplicate becomes part of ``into``: its reports and industries move there, later reports of its name
    go there too (`db.merge` follows ``merged_into_id``), and it leaves the calendar without a notice."""
    if duplicate_id == into_id:
        raise CorrectionError("an event cannot be merged into itself")
    duplicate, target = _event(session, duplicate_id), _event(session, into_id)
    while target.merged_into_id is not None:  # merging into a merged event means into what it became
        target = _event(session, target.merged_into_id)
    if target.id == duplicate.id:
        raise CorrectionError(f"event {into_id} was itself merged into event {duplicate_id}")
    before = _facts(duplicate)
    duplicate.merged_into_id = target.id
    duplicate.updated_at = now
    target.industries = sorted(set(target.industries) | set(duplicate.industries))
    target.updated_at = now
    known = set(session.scalars(select(EventArticle.article_id).where(EventArticle.event_id == target.id)))
    for link in session.scalars(select(EventArticle).where(EventArticle.event_id == duplicate.id)).all():
        if link.article_id not in known:
            session.add(
                EventArticle(
                    event_id=target.id,
                    article_id=link.article_id,
                    evidence=link.evidence,
                    evidence_start=link.evidence_start,
                    evidence_end=link.evidence_end,
                    linked_at=now,
                )
            )
    _drop_owed(session, duplicate.id, f"merged into event {target.id}")
    _record(session, duplicate, "merge", actor, before, now, after={"merged_into": target.id})
    return Corrected(duplicate)


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """Which new events wait for an admin before their first alert (config ``review``): read with less confidence
    than ``hold_below``, or of one of ``hold_kinds``. The default holds none."""

    hold_below: float = 0.0
    hold_kinds: tuple[str, ...] = ()

    def holds(self, event: Event) -> bool:
        return event.confidence < self.hold_below or (event.kind is not None and event.kind in self.hold_kinds)


NO_REVIEW = ReviewPolicy()


def hold_doubtful(events: Sequence[Event], policy: ReviewPolicy) -> list[Event]:
    """Mark the new events the policy holds as waiting for review; returns the others (owed their alerts now)."""
    ready = []
    for event in events:
        if event.review == "none" and policy.holds(event):
            event.review = "held"
        else:
            ready.append(event)
    return ready


def approve(session: Session, event_id: int, *, actor: str, now: dt.datetime) -> Corrected:
    """A held event is approved: it is owed its first alerts now (``notify`` lists it for "new" alerts)."""
    event = _event(session, event_id)
    if event.review != "held":
        raise CorrectionError(f"event {event_id} is not waiting for approval")
    before = _facts(event)
    event.review = "approved"
    event.updated_at = now
    _record(session, event, "approve", actor, before, now)
    return Corrected(event, notify=[event])


def dismiss(session: Session, event_id: int, *, actor: str, now: dt.datetime) -> Corrected:
    """The event's open reports were wrong: closed, nothing changed."""
    event = _event(session, event_id)
    _record(session, event, "dismiss", actor, _facts(event), now, status="dismissed")
    return Corrected(event)


def correction_counts(session: Session) -> dict[str, int]:
    """Admin actions by kind and open reports, for /stats and /metrics."""
    counts = {action: n for action, n in session.execute(select(Correction.action, func.count()).group_by("action"))}
    counts["open_reports"] = open_report_count(session)
    return counts


# --- helpers ---------------------------------------------------------------------------------------------------


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise CorrectionError(f"no event {event_id}")
    return event


def _facts(event: Event) -> dict[str, Any]:
    facts = {name: _json(getattr(event, name)) for name in TRACKED_FIELDS}
    facts.update(name=event.name, hidden=event.hidden_at is not None, review=event.review)
    return facts


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _change(
    session: Session,
    event: Event,
    facts: dict[str, Any],
    *,
    lock: str,
    action: str,
    actor: str,
    now: dt.datetime,
) -> Corrected:
    before = _facts(event)
    changes = {name: [_json(getattr(event, name)), _json(value)] for name, value in facts.items()}
    changes = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
    for name, value in facts.items():
        setattr(event, name, value)
    if "start_date" in facts:
        event.start_basis = event.end_basis = "range"
        event.dates_evidence = None
    event.locked = sorted({*event.locked, lock})
    event.updated_at = now
    notify: list[Event] = []
    if changes:
        event.version += 1
        session.add(
            EventChange(event_id=event.id, version=event.version, changes={**changes, CHANGE_BECAUSE: BY_ADMIN})
        )
        notify.append(event)
    _record(session, event, action, actor, before, now)
    return Corrected(event, notify=notify)


def _record(
    session: Session,
    event: Event,
    action: str,
    actor: str,
    before: dict[str, Any],
    now: dt.datetime,
    *,
    after: dict[str, Any] | None = None,
    status: str = "acted",
) -> None:
    session.add(
        Correction(
            event_id=event.id,
            action=action,
            actor=actor,
            before=before,
            after={**_facts(event), **(after or {})},
            created_at=now,
        )
    )
    session.execute(
        update(EventReport)
        .where(EventReport.event_id == event.id, EventReport.status == "open")
        .values(status=status, closed_at=now, closed_by=actor)
    )


def _relabel_last(session: Session, event: Event, action: str) -> None:
    session.flush()
    last = session.scalars(
        select(Correction).where(Correction.event_id == event.id).order_by(Correction.id.desc()).limit(1)
    ).first()
    if last is not None:
        last.action = action


def _drop_owed(session: Session, event_id: int, why: str) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.event_id == event_id, Delivery.status == "queued")
        .values(status="cancelled", last_error=why)
    )
