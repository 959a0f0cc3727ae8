"""Turning events into Telegram messages: HTML parse mode, every scraped string escaped, never over 4096 chars.

Text we did not write (names, venues, places, source titles and URLs, what users typed) only ever reaches a message
through :func:`escape`, which also makes it safe to show (``outgoing.text.clean_text``), or ``_href``; a scraped
address becomes a link only when ``outgoing.links.safe_link`` allows it, as on the page and in iCal. Templates come
from :mod:`bot.texts`. Long parts are cut before escaping (an entity is never split), source links are added only
while they fit, and a digest lists only the events that fit plus "and N more".
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from typing import Any

from bot.choices import Choices
from bot.texts import text
from db.alert_schedule import CHANGED, DIGEST, REMINDER
from db.calendar import CalendarEvent, display_names
from db.merge_notices import CHANGE_BECAUSE
from db.outbox import Claimed, SourceLink
from outgoing.links import safe_link
from outgoing.text import clean_text

MAX_MESSAGE = 4096
_MAX_NAME = 300
_MAX_VENUE = 200
_MAX_BECAUSE = 160
_MAX_TITLE = 80


def escape(value: str, limit: int | None = None) -> str:
    """Text we did not write, ready for a message in HTML parse mode: cleaned (no bidi overrides, controls or odd
    line separators), cut to ``limit``, escaped."""
    value = clean_text(value)
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    return html.escape(value, quote=False)


def _href(url: str) -> str:
    """An address for ``<a href>``: only ever one ``safe_link`` allowed, or our own (``server.public_url``)."""
    return html.escape(url, quote=True)


class Renderer:
    """Formats events for one deployment: its industry labels, public URL and time zone."""

    def __init__(self, choices: Choices, public_url: str) -> None:
        self.choices = choices
        self.public_url = public_url.rstrip("/")

    # --- pieces

    def calendar_url(self, event: CalendarEvent) -> str:
        return f"{self.public_url}/events/{event.public_id}.ics"

    def day(self, day: dt.date, language: str) -> str:
        weekday = text("weekdays", language).split(",")[day.weekday()]
        if language == "en":
            month = text("months", language).split(",")[day.month - 1]
            return text("date_day", language, weekday=weekday, day=day.day, month_name=month, year=day.year)
        return text("date_day", language, weekday=weekday, day=day.day, month=day.month, year=day.year)

    def dates(self, event: CalendarEvent, language: str) -> str:
        start, end = event.start_date, event.end_date
        months = text("months", "en").split(",")
        # An event not yet flushed has no precision set; "day" is the column's default.
        precision = event.date_precision or "day"
        if precision == "day" and start is not None:
            first = self.day(start, language)
            if end is None or end == start:
                return first
            weekday = text("weekdays", language).split(",")[end.weekday()]
            if language != "en" and (end.year, end.month) == (start.year, start.month):
                return text("date_range_same_month", language, start=first, end_day=end.day, end_weekday=weekday)
            return text("date_range", language, start=first, end=self.day(end, language))
        if precision == "month" and start is not None:
            return text("date_month", language, year=start.year, month=start.month, month_name=months[start.month - 1])
        if event.partial_date and re.fullmatch(r"\d\d-\d\d", event.partial_date):
            month, day = int(event.partial_date[:2]), int(event.partial_date[3:])
            if 1 <= month <= 12:
                return text("date_no_year", language, month=month, day=day, month_name=months[month - 1])
        return text("date_unknown", language)

    def place(self, event: CalendarEvent, language: str) -> str:
        """City and province (and district), most specific last-but-venue: 广东 · 广州 · 海珠."""
        parts = [event.province, event.city, event.district]
        names = [p for i, p in enumerate(parts) if p and p not in parts[:i]]
        return escape(" · ".join(names)) if names else ""

    def industries(self, industry_ids: Sequence[str], language: str) -> str:
        labels = [self.choices.industry_label(i, language) for i in industry_ids]
        return escape(text("list_separator", language).join(labels))

    def _links(self, links: Sequence[SourceLink], language: str, room: int) -> str:
        items: list[str] = []
        used = 0
        for link in links:
            url = safe_link(link.url)
            if url is None:  # not a link on any channel (outgoing.links): the page and iCal leave it out too
                continue
            label = escape(link.title or link.source_name, _MAX_TITLE)
            item = f'<a href="{_href(url)}">{label}</a>'
            if used + len(item) + 2 > room:
                break
            items.append(item)
            used += len(item) + 2
        return text("field_sources", language, value=" · ".join(items)) if items else ""

    def card(self, event: CalendarEvent, links: Sequence[SourceLink], language: str, *, room: int = MAX_MESSAGE) -> str:
        """Name, dates, venue and place, industries, calendar link, details command, then sources while they fit."""
        lines = [
            f"<b>{escape(display_names(event.name, tuple(event.aliases or ()), language)[0], _MAX_NAME)}</b>",
            text("field_dates", language, value=self.dates(event, language)),
        ]
        place = self.place(event, language)
        venue = escape(event.venue, _MAX_VENUE) if event.venue else ""
        where = " · ".join(part for part in (venue, place) if part)
        if where:
            lines.append(text("field_venue", language, value=where))
        if event.industries:
            lines.append(text("field_industries", language, value=self.industries(event.industries, language)))
        lines.append(text("add_to_calendar", language, url=_href(self.calendar_url(event))))
        lines.append(text("details_command", language, id=event.id))
        body = "\n".join(lines)
        sources = self._links(links, language, room - len(body) - 1)
        return f"{body}\n{sources}" if sources else body

    def change_summary(self, changes: dict[str, Any], language: str) -> str:
        """What changed, old → new, and the sentence of the report that changed it."""
        items = []
        for field_name, values in changes.items():
            if field_name == CHANGE_BECAUSE:
                continue
            label = text(f"change_{field_name}", language) if f"change_{field_name}" in _CHANGE_KEYS else field_name
            old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
            unknown = text("change_unknown_value", language)
            items.append(f"{escape(label)}: {escape(str(old or unknown), 60)} → {escape(str(new or unknown), 60)}")
        if not items:
            return ""
        summary = text("field_change", language, value=text("list_separator", language).join(items))
        because = changes.get(CHANGE_BECAUSE)
        if isinstance(because, str) and because:
            summary += "\n" + text("field_because", language, value=escape(because, _MAX_BECAUSE))
        return summary

    # --- whole messages

    def alert(self, item: Claimed, language: str, *, today: dt.date) -> str:
        """The message for one claimed delivery (a digest: all its events)."""
        if item.kind == DIGEST:
            return self.digest(item, language)
        event = item.events[0]
        links = item.links.get(event.id, [])
        if item.kind == CHANGED:
            cancelled = event.cancelled
            header = text("alert_cancelled" if cancelled else "alert_changed", language)
            summary = self.change_summary(item.changes.get(event.id, {}), language)
            header = f"{header}\n{summary}" if summary and not cancelled else header
        elif item.kind == REMINDER:
            days = (event.start_date - today).days if event.start_date else int(item.slot.rstrip("d") or 0)
            key = "alert_reminder_today" if days <= 0 else "alert_reminder_tomorrow" if days == 1 else "alert_reminder"
            header = text(key, language, days=days)
        else:
            header = text("alert_new", language)
        return _fit(f"{header}\n{self.card(event, links, language, room=MAX_MESSAGE - len(header) - 1)}")

    def digest(self, item: Claimed, language: str) -> str:
        header = text("digest_header", language, count=len(item.events))
        parts = [header]
        used = len(header)
        shown = 0
        for event in item.events:
            card = self.card(event, [], language)
            # Reserve room for the "and N more" line.
            if used + len(card) + 2 + 120 > MAX_MESSAGE:
                break
            parts.append(card)
            used += len(card) + 2
            shown += 1
        if shown < len(item.events):
            parts.append(text("digest_more", language, count=len(item.events) - shown))
        return _fit("\n\n".join(parts))

    def listing_item(self, number: int, event: CalendarEvent, language: str) -> str:
        place = self.place(event, language) or (escape(event.venue, 40) if event.venue else "")
        return text(
            "upcoming_item",
            language,
            number=number,
            name=escape(display_names(event.name, tuple(event.aliases or ()), language)[0], 120),
            dates=self.dates(event, language),
            place=place,
            id=event.id,
        )


_CHANGE_KEYS = frozenset(
    f"change_{name}"
    for name in (
        "start_date",
        "end_date",
        "venue",
        "city",
        "province",
        "district",
        "status",
        "date_precision",
        "partial_date",
    )
)


def _fit(message: str) -> str:
    """A last guard: the parts are sized to fit, but a message over the limit must never reach Telegram."""
    if len(message) <= MAX_MESSAGE:
        return message
    # Cut at a line boundary so no tag or entity is split, then close nothing: lines are self-contained.
    cut = message[: MAX_MESSAGE - 1].rsplit("\n", 1)[0]
    return cut + "\n…"
