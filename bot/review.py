"""Readers report a wrong event and admins correct it, from Telegram: what each press of a report or correction
button does (the buttons themselves, ``ReportStep`` and ``AdminAction``, are `bot.buttons`').

The functions taking a session run in one transaction (`bot.actions.BotServices.run`): an admin's action and the
correction notices it owes (`db.corrections.Corrected.notify`) are committed together, or neither is. Nothing
here knows about Telegram's types; `bot.views.review` formats, `bot.handlers` parses updates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.admin_replies import Dates, PlaceReply, read_dates, read_event_number, read_place
from db import corrections
from db.alert_schedule import CHANGED, NEW, AlertSchedule
from db.alerts import enqueue_alerts
from db.corrections import CorrectionError
from db.models.corrections import EventReport
from db.models.events import Event
from db.reports import Reported, ReportGroup, held_events, open_reports, report
from extract.gazetteer import Gazetteer
from extract.regions import RegionVocabulary

# What an admin's button may do to an event (`bot.buttons.AdminAction`).
ADMIN_ACTIONS = ("hide", "dates", "place", "merge", "cancel", "postpone", "dismiss", "approve")
Question = Literal["dates", "place", "merge"]
# Actions that need a reply from the admin before anything changes (the dates, the place, the other event).
_QUESTIONS: dict[str, Question] = {"dates": "dates", "place": "place", "merge": "merge"}
# How long a question the bot asked (a comment, dates, a place, an event number) waits for its answer.
PENDING_MINUTES = 30


def question_of(action: str) -> Question | None:
    """The reply an admin action needs before it is taken, if any."""
    return _QUESTIONS.get(action)


# --- what the bot asked and waits for ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pending:
    """A question the bot asked in a chat: a reader's comment, or an admin's dates, place or event number."""

    do: Literal["comment", "dates", "place", "merge"]
    event_id: int
    prompt: int  # the message that asked: in groups, the answer is a reply to it
    asked_at: dt.datetime
    reason: str = ""

    def as_data(self) -> dict[str, object]:
        return {
            "do": self.do,
            "event": self.event_id,
            "prompt": self.prompt,
            "at": self.asked_at.isoformat(),
            "reason": self.reason,
        }

    @classmethod
    def from_data(cls, data: object, *, now: dt.datetime) -> Pending | None:
        """The question kept in chat_data, or None when there is none, it is unreadable, or it expired."""
        if not isinstance(data, dict):
            return None
        do, event, prompt, at = data.get("do"), data.get("event"), data.get("prompt"), data.get("at")
        if do not in ("comment", "dates", "place", "merge") or not isinstance(event, int) or not isinstance(at, str):
            return None
        try:
            asked_at = dt.datetime.fromisoformat(at)
        except ValueError:
            return None
        if asked_at.tzinfo is None or now - asked_at > dt.timedelta(minutes=PENDING_MINUTES):
            return None
        reason = data.get("reason")
        return cls(
            do, event, prompt if isinstance(prompt, int) else 0, asked_at, reason if isinstance(reason, str) else ""
        )


# --- readers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventBrief:
    """What a question or a confirmation names an event by."""

    id: int
    name: str
    start: dt.date | None
    end: dt.date | None
    city: str | None
    venue: str | None
    review: str
    shown: bool


def _brief(event: Event) -> EventBrief:
    return EventBrief(
        event.id,
        event.name,
        event.start_date,
        event.end_date,
        event.city,
        event.venue,
        event.review,
        event.hidden_at is None and event.merged_into_id is None,
    )


def event_brief(session: Session, event_id: int) -> EventBrief | None:
    """The event a button names, or None when there is none."""
    event = session.get(Event, event_id)
    return _brief(event) if event is not None else None


def file_report(
    session: Session, *, chat_id: int, event_id: int, reason: str, comment: str | None, now: dt.datetime
) -> Reported:
    """A reader's report, as the chat (``tg:<chat id>``): rate-limited per chat by `db.reports`."""
    return report(session, event_id=event_id, reason=reason, reporter=f"tg:{chat_id}", now=now, comment=comment)


# --- admins ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an admin's action did, for the confirmation: ``error`` when it was refused (with why)."""

    action: str
    event: EventBrief | None
    before: EventBrief | None = None
    into: EventBrief | None = None
    notices: int = 0
    closed_reports: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ActionInput:
    """What an action needs beyond its event: the dates, the place, or the event to merge into."""

    dates: Dates | None = None
    place: PlaceReply | None = None
    into: int | None = None


@dataclass
class ReviewList:
    """What /review shows: events with open reports, and events held for approval (the first few of each, and
    how many there are in all)."""

    reports: list[ReportGroup] = field(default_factory=list)
    held: list[EventBrief] = field(default_factory=list)
    reports_total: int = 0
    held_total: int = 0


def review_list(session: Session, *, limit: int = 10) -> ReviewList:
    """Up to ``limit`` items of each kind."""
    groups = open_reports(session)
    held = [_brief(event) for event in held_events(session, limit=1000)]
    return ReviewList(groups[:limit], held[:limit], len(groups), len(held))


def read_answer(do: str, reply: str, *, today: dt.date, regions: RegionVocabulary, gazetteer: Gazetteer) -> ActionInput:
    """An admin's answer to the bot's question (`bot.admin_replies`); raises ReplyError when it cannot be read."""
    if do == "dates":
        return ActionInput(dates=read_dates(reply, today=today))
    if do == "place":
        return ActionInput(place=read_place(reply, regions=regions, gazetteer=gazetteer))
    return ActionInput(into=read_event_number(reply))


def act(
    session: Session,
    *,
    action: str,
    event_id: int,
    actor: str,
    now: dt.datetime,
    schedule: AlertSchedule,
    given: ActionInput | None = None,
    regions: RegionVocabulary | None = None,
) -> Outcome:
    """Take one admin action (`db.corrections`) and owe its correction notices in the same transaction."""
    given = given or ActionInput()
    event = session.get(Event, event_id)
    if event is None:
        return Outcome(action, None, error="no_event")
    before = _brief(event)
    if not before.shown:
        return Outcome(action, before, error="not_shown")
    if action == "merge" and given.into is not None:
        target = session.get(Event, given.into)
        if target is None or target.hidden_at is not None:
            return Outcome(action, before, error=f"no event {given.into} in the calendar to merge into")
    open_before = _open_reports(session, event_id)
    if action == "dismiss" and not open_before:
        # A second admin, or the same one on an older card: the reports were already dealt with.
        return Outcome(action, before, error="no_open_reports")
    try:
        corrected, kind = _apply(session, action, event_id, actor=actor, now=now, given=given)
    except CorrectionError as exc:
        return Outcome(action, before, error=str(exc))
    notices = enqueue_alerts(
        session, [(e, kind) for e in corrected.notify], now=now, schedule=schedule, regions=regions
    )
    session.flush()
    into = None
    if action == "merge" and event.merged_into_id is not None:
        target = session.get(Event, event.merged_into_id)
        into = _brief(target) if target is not None else None
    return Outcome(action, _brief(event), before, into, notices, open_before)


def _apply(
    session: Session, action: str, event_id: int, *, actor: str, now: dt.datetime, given: ActionInput
) -> tuple[corrections.Corrected, str]:
    match action:
        case "hide":
            return corrections.hide(session, event_id, actor=actor, now=now), CHANGED
        case "dates" if given.dates is not None:
            dates = given.dates
            return corrections.set_dates(session, event_id, start=dates.start, end=dates.end, actor=actor, now=now), (
                CHANGED
            )
        case "place" if given.place is not None:
            place = given.place
            corrected = corrections.set_place(
                session,
                event_id,
                venue=place.venue,
                city=place.city,
                province=place.province,
                district=place.district,
                actor=actor,
                now=now,
            )
            return corrected, CHANGED
        case "merge" if given.into is not None:
            return corrections.merge_events(session, event_id, given.into, actor=actor, now=now), CHANGED
        case "cancel":
            return corrections.cancel(session, event_id, actor=actor, now=now), CHANGED
        case "postpone":
            return corrections.postpone(session, event_id, start=None, end=None, actor=actor, now=now), CHANGED
        case "dismiss":
            return corrections.dismiss(session, event_id, actor=actor, now=now), CHANGED
        case "approve":
            return corrections.approve(session, event_id, actor=actor, now=now), NEW
    raise CorrectionError(f"{action} needs more than a button press")


def _open_reports(session: Session, event_id: int) -> int:
    query = select(func.count()).select_from(EventReport)
    return session.scalar(query.where(EventReport.event_id == event_id, EventReport.status == "open")) or 0
