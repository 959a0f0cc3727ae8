"""How reports and corrections look in Telegram: the report button, the reasons, the admins' cards with their
action buttons, the questions the bot asks and its confirmations.

Scraped names and what readers typed reach a message only through `bot.render.escape` (cleaned, cut, escaped);
texts come from `bot.texts`, buttons carry `bot.buttons`' ``ReportStep`` and ``AdminAction``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from telegram import InlineKeyboardButton

from bot.admin_replies import ReplyError
from bot.buttons import AdminAction, ReportStep
from bot.render import escape
from bot.review import EventBrief, Outcome, ReviewList
from bot.texts import text
from bot.views.keyboard import Keyboard, button, rows
from db.models.corrections import REPORT_REASONS
from db.reports import NO_SUCH_EVENT, TOO_MANY, Reported, ReportGroup

_MAX_NAME = 120
_MAX_COMMENT = 200


def _e(value: str, limit: int | None = None) -> str:
    return escape(value, limit)


def days(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """An event's days as a confirmation states them, with the year: 2027年5月10日至12日, 2027-05-10 – 2027-05-12."""
    if start is None:
        return text("date_unknown", language)
    last = end or start
    if language == "en":
        return start.isoformat() if last == start else f"{start.isoformat()} – {last.isoformat()}"
    first = f"{start.year}年{start.month}月{start.day}日"
    if last == start:
        return first
    if (last.year, last.month) == (start.year, start.month):
        return f"{first}至{last.day}日"
    if last.year == start.year:
        return f"{first}至{last.month}月{last.day}日"
    return f"{first}至{last.year}年{last.month}月{last.day}日"


def _where(venue: str | None, city: str | None) -> str:
    return " · ".join(_e(part, 60) for part in (venue, city) if part)


# --- readers -----------------------------------------------------------------------------------------------


def report_keyboard(event_id: int, language: str) -> Keyboard:
    """The button under an alert or an event card."""
    return [[button(text("btn_report", language), ReportStep("reasons", event_id))]]


def reasons_view(event: EventBrief, language: str) -> tuple[str, Keyboard]:
    buttons = [
        button(text(f"reason_{reason}", language), ReportStep("reason", event.id, reason)) for reason in REPORT_REASONS
    ]
    return text("report_ask_reason", language, name=_e(event.name, _MAX_NAME), id=event.id), rows(buttons, 2)


def comment_view(event: EventBrief, reason: str, language: str) -> tuple[str, Keyboard]:
    body = text(
        "report_ask_comment",
        language,
        name=_e(event.name, _MAX_NAME),
        id=event.id,
        reason=text(f"reason_{reason}", language),
    )
    skip = button(text("btn_skip", language), ReportStep("skip", event.id, reason))
    return body, [[skip]]


def report_result(event: EventBrief, reported: Reported, language: str) -> str:
    if reported.accepted:
        return text("report_thanks", language, name=_e(event.name, _MAX_NAME))
    if reported.refused == TOO_MANY:
        return text("report_too_many", language)
    if reported.refused == NO_SUCH_EVENT:
        return text("report_no_event", language)
    return text("report_refused", language, reason=_e(reported.refused or ""))


# --- admins ------------------------------------------------------------------------------------------------


def _actions(event_id: int, language: str, *, held: bool = False) -> Keyboard:
    def act(key: str, action: str) -> InlineKeyboardButton:
        return button(text(key, language), AdminAction(action, event_id))

    if held:
        return [[act("btn_approve", "approve"), act("btn_hide", "hide")]]
    return [
        [act("btn_hide", "hide"), act("btn_set_dates", "dates"), act("btn_set_place", "place")],
        [act("btn_merge", "merge"), act("btn_mark_cancelled", "cancel"), act("btn_mark_postponed", "postpone")],
        [act("btn_dismiss", "dismiss")],
    ]


def report_card(group: ReportGroup, language: str) -> tuple[str, Keyboard]:
    """One event's open reports, as admins are told them: counts by reason, the first comments, the actions."""
    reasons = text("list_separator", language).join(
        text("admin_reason_count", language, reason=text(f"reason_{reason}", language), count=count)
        for reason, count in sorted(group.reasons.items(), key=lambda item: (-item[1], item[0]))
    )
    comments = (
        text("admin_comments", language, items="\n".join(f"• {_e(c, _MAX_COMMENT)}" for c in group.comments))
        if group.comments
        else ""
    )
    where = _where(None, group.city)
    body = text(
        "admin_report_card",
        language,
        name=_e(group.event_name, _MAX_NAME),
        id=group.event_id,
        dates=days(group.start_date, group.end_date, language),
        place=f" · {where}" if where else "",
        reasons=reasons,
        comments=comments,
    )
    return body, _actions(group.event_id, language)


def held_card(event: EventBrief, language: str) -> tuple[str, Keyboard]:
    where = _where(event.venue, event.city)
    body = text(
        "admin_held_card",
        language,
        name=_e(event.name, _MAX_NAME),
        id=event.id,
        dates=days(event.start, event.end, language),
        place=f" · {where}" if where else "",
    )
    return body, _actions(event.id, language, held=True)


def question(action: str, event: EventBrief, language: str) -> str:
    """What the bot asks before an action that needs a reply (dates, place, the event to merge into)."""
    key = {"dates": "ask_dates", "place": "ask_place", "merge": "ask_merge"}[action]
    return text(key, language, name=_e(event.name, _MAX_NAME), id=event.id)


def reply_error(error: ReplyError, language: str) -> str:
    return text(f"reply_{error.kind}", language, detail=_e(error.detail, 200))


def outcome_text(outcome: Outcome, language: str) -> str:
    """The confirmation of an admin's action: what changed, and who is told."""
    event = outcome.event
    if outcome.error is not None or event is None:
        reason = {
            "no_event": text("action_no_event", language),
            "not_shown": text("action_not_shown", language),
            "no_open_reports": text("action_no_open_reports", language),
        }.get(outcome.error or "no_event", _e(outcome.error or ""))
        return text("action_failed", language, id=event.id if event else "?", reason=reason)
    notices = text("notices", language, count=outcome.notices) if outcome.notices else text("notices_none", language)
    values: dict[str, object] = {"name": _e(event.name, _MAX_NAME), "id": event.id, "notices": notices}
    before = outcome.before or event
    match outcome.action:
        case "dates":
            values.update(after=days(event.start, event.end, language), before=days(before.start, before.end, language))
        case "place":
            unknown = text("change_unknown_value", language)
            values.update(
                after=_where(event.venue, event.city) or unknown, before=_where(before.venue, before.city) or unknown
            )
        case "merge":
            into = outcome.into
            values.update(into=into.id if into else "?", into_name=_e(into.name, _MAX_NAME) if into else "")
        case "dismiss":
            values.update(count=outcome.closed_reports)
    key = {"cancel": "done_cancel", "postpone": "done_postpone"}.get(outcome.action, f"done_{outcome.action}")
    return text(key, language, **values)


def review_header(listing: ReviewList, language: str) -> str:
    if not listing.reports_total and not listing.held_total:
        return text("review_empty", language)
    shown = max(len(listing.reports), len(listing.held))
    cut = len(listing.reports) < listing.reports_total or len(listing.held) < listing.held_total
    more = text("review_more", language, shown=shown) if cut else ""
    return text("review_header", language, reports=listing.reports_total, held=listing.held_total, more=more)


def correction_summary(counts: dict[str, int], language: str) -> tuple[str, int]:
    """Admin actions by kind for /stats (hidden 2, dates set 1 …), and the open reports."""
    labels = {
        "hide": "correction_hide",
        "set_dates": "correction_set_dates",
        "set_place": "correction_set_place",
        "merge": "correction_merge",
        "cancel": "correction_cancel",
        "postpone": "correction_postpone",
        "dismiss": "correction_dismiss",
        "approve": "correction_approve",
    }
    items: Sequence[str] = [
        f"{text(labels[action], language) if action in labels else _e(action)} {count}"
        for action, count in sorted(counts.items())
        if action != "open_reports" and count
    ]
    return text("list_separator", language).join(items) or "0", counts.get("open_reports", 0)
