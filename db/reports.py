"""What readers and the news say is wrong with an event: reports, their rate limits, and how admins see them.

A reader (a Telegram chat, ``tg:<chat id>``; a page visitor, ``web:<hashed address>``) says an event is not an
industry event, has wrong dates or place, duplicates another, or is cancelled or postponed. The news itself
reports too (``news``): a later article that would have changed a fact an admin set (`db.merge_notices`) is shown to the
admins instead of applied. Reports are rate-limited per reader (`ReportLimits`); the same reporter saying the same
thing of the same event while it is open adds nothing. Admins are told once per event however many report it
(:func:`reports_to_tell`); their actions, which close the reports, are `db.corrections`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models.corrections import REPORT_REASONS, EventReport
from db.models.events import Event

MAX_COMMENT = 500
# The reporter a news report speaks as when it would have changed a fact an admin set.
NEWS = "news"
# Why a report is refused, as `Reported.refused` says it (callers that speak another language match these).
NO_SUCH_EVENT = "no such event"
TOO_MANY = "too many reports: please try again later"


@dataclass(frozen=True, slots=True)
class ReportLimits:
    """How much one reporter may report: enough for a reader, too little for a flood."""

    per_hour: int = 5
    per_day: int = 20


DEFAULT_LIMITS = ReportLimits()


@dataclass(frozen=True, slots=True)
class Reported:
    """What became of a report: ``accepted`` (recorded, or the same report already open) or refused with why."""

    accepted: bool
    refused: str | None = None
    report_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReportGroup:
    """An event's open reports, as admins are shown them: counts by reason and the first few comments."""

    event_id: int
    event_name: str
    start_date: dt.date | None
    end_date: dt.date | None
    city: str | None
    reasons: dict[str, int]
    comments: tuple[str, ...]
    report_ids: tuple[int, ...]


def reporter_of_address(address: str, secret: str) -> str:
    """A page visitor as a reporter: a keyed hash of their address, so rate limits work and no address is stored."""
    digest = hashlib.blake2b(address.encode(), key=secret.encode()[:64], digest_size=12).hexdigest()
    return f"web:{digest}"


def report(
    session: Session,
    *,
    event_id: int,
    reason: str,
    reporter: str,
    now: dt.datetime,
    comment: str | None = None,
    limits: ReportLimits = DEFAULT_LIMITS,
) -> Reported:
    """Record that ``reporter`` says ``reason`` of an event; refused (with why) when unknown, hidden or too many."""
    if reason not in REPORT_REASONS:
        return Reported(False, f"unknown reason {reason!r} (expected one of: {', '.join(REPORT_REASONS)})")
    event = session.get(Event, event_id)
    if event is None or not event.shown:
        return Reported(False, NO_SUCH_EVENT)
    comment = _clean(comment)
    same = session.scalar(
        select(EventReport.id).where(
            EventReport.event_id == event_id,
            EventReport.reporter == reporter,
            EventReport.reason == reason,
            EventReport.status == "open",
        )
    )
    if same is not None:
        return Reported(True, report_id=same)
    if reporter != NEWS:
        recent = session.execute(
            select(EventReport.created_at).where(
                EventReport.reporter == reporter, EventReport.created_at >= now - dt.timedelta(days=1)
            )
        ).all()
        hour = sum(1 for (created,) in recent if created >= now - dt.timedelta(hours=1))
        if hour >= limits.per_hour or len(recent) >= limits.per_day:
            return Reported(False, TOO_MANY)
    row = EventReport(event_id=event_id, reason=reason, reporter=reporter, comment=comment, created_at=now)
    session.add(row)
    session.flush()
    return Reported(True, report_id=row.id)


def reports_to_tell(session: Session, *, now: dt.datetime) -> list[ReportGroup]:
    """Open reports the admins have not been told about, one group per event; marks them told (the caller
    commits after sending, so a crash before that tells them again rather than never)."""
    rows = _untold(session)
    for row in rows:
        row.admins_told_at = now
    return _groups(session, rows)


def untold_reports(session: Session) -> list[ReportGroup]:
    """What :func:`reports_to_tell` would tell, without marking it: for a sender that marks only what reached an
    admin (:func:`mark_told`), and holds no write lock while it talks to Telegram."""
    return _groups(session, _untold(session))


def mark_told(session: Session, report_ids: Sequence[int], *, now: dt.datetime) -> None:
    """The admins were told of these reports."""
    for index in range(0, len(report_ids), 500):
        session.execute(
            update(EventReport)
            .where(EventReport.id.in_(report_ids[index : index + 500]), EventReport.admins_told_at.is_(None))
            .values(admins_told_at=now)
        )


def _untold(session: Session) -> Sequence[EventReport]:
    return session.scalars(
        select(EventReport)
        .where(EventReport.status == "open", EventReport.admins_told_at.is_(None))
        .order_by(EventReport.event_id, EventReport.id)
    ).all()


def open_reports(session: Session) -> list[ReportGroup]:
    """Every event with open reports, for /review."""
    rows = session.scalars(
        select(EventReport).where(EventReport.status == "open").order_by(EventReport.event_id, EventReport.id)
    ).all()
    return _groups(session, rows)


def held_events(session: Session, *, limit: int = 50) -> list[Event]:
    """Events held for approval before their first alert, oldest first, for /review."""
    return list(
        session.scalars(
            select(Event).where(Event.review == "held", Event.shown).order_by(Event.first_seen_at).limit(limit)
        )
    )


def _groups(session: Session, rows: Sequence[EventReport]) -> list[ReportGroup]:
    by_event: dict[int, list[EventReport]] = {}
    for row in rows:
        by_event.setdefault(row.event_id, []).append(row)
    groups = []
    for event_id, reports in by_event.items():
        event = session.get_one(Event, event_id)
        reasons: dict[str, int] = {}
        for row in reports:
            reasons[row.reason] = reasons.get(row.reason, 0) + 1
        comments = tuple(row.comment for row in reports if row.comment)[:3]
        groups.append(
            ReportGroup(
                event_id,
                event.name,
                event.start_date,
                event.end_date,
                event.city,
                reasons,
                comments,
                tuple(row.id for row in reports),
            )
        )
    return groups


def open_report_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(EventReport).where(EventReport.status == "open")) or 0


def _clean(comment: str | None) -> str | None:
    if comment is None:
        return None
    text = " ".join(comment.split())[:MAX_COMMENT]
    return text or None
