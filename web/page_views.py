"""What the calendar's pages share: the one Jinja2 environment they are rendered by, how they write days and months
in Chinese or English, and a form's choice.

Every ``{{ value }}`` of the templates is autoescaped, and made safe to show first (``outgoing.text.clean_text``, in
the environment's finalize): the page's one gate for text we did not write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from db.calendar import CalendarEvent
from outgoing.text import clean_text
from web.page_texts import TEXTS

TEMPLATES = Path(__file__).with_name("templates")


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` of the templates passes here before autoescape: the page's one gate for text we did not
    write, made safe to show (``outgoing.text.clean_text``: no bidi overrides, controls or odd line separators)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean_text(value)
    return value


_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, context: dict[str, Any]) -> str:
    """The template (``templates/<template>``) filled with ``context``."""
    return _ENV.get_template(template).render(context)


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    checked: bool


def format_day(day: dt.date, language: str) -> str:
    return f"{_MONTHS_EN[day.month - 1]} {day.day}" if language == "en" else f"{day.month}月{day.day}日"


def format_month(year: int, month: int, language: str) -> str:
    return f"{_MONTHS_EN[month - 1]} {year}" if language == "en" else f"{year}年{month}月"


def format_when(event: CalendarEvent, language: str, *, with_year: bool = False) -> str:
    return " · ".join(when_parts(event, language, with_year=with_year))


def when_parts(event: CalendarEvent, language: str, *, with_year: bool = False) -> tuple[str, ...]:
    """An event's dates as the pieces a line may break between, never inside (12月15日–16日 is one piece)."""
    texts = TEXTS[language]
    start, end = event.start_date, event.last_day
    if start is None or end is None or event.date_precision == "vague":
        return (texts["date_tba"],)
    if event.date_precision == "month":
        return (format_month(start.year, start.month, language), texts["month_tba"])
    return (format_range(start, end, language, with_year=with_year),)


def format_range(start: dt.date, end: dt.date, language: str, *, with_year: bool = False) -> str:
    """Days as users read them: 4月15日–5月5日, 4月23日–27日, April 23–27."""
    first = format_day(start, language)
    if with_year:
        first = f"{start.year}年{first}" if language == "zh" else f"{first}, {start.year}"
    if end == start:
        return first
    if end.month == start.month and end.year == start.year:
        last = str(end.day) + ("日" if language == "zh" else "")
    else:
        last = format_day(end, language)
    return f"{first}–{last}"


def phase_days(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """A phase's days as the page shows them: 4月23日–27日, 5月1日起 when only its opening is known."""
    if start is None and end is None:
        return TEXTS[language]["date_tba"]
    if start is None or end is None:
        known = start or end
        assert known is not None
        word = ("起" if start else "止") if language == "zh" else (" onward" if start else " (last day)")
        return format_day(known, language) + word
    return format_range(start, end, language)
