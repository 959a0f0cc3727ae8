"""The calendar as a spreadsheet: the filtered events as CSV or XLSX bytes, for planning in Excel or WPS.

It lives in ``web/`` beside `web.calendar` (which renders the same events as iCal) rather than as a pure package like
``ical/``: a row is the page's view of an event (industry labels from the configured taxonomy through
`web.filters.Vocabulary`, the event's link on the page, sources through `outgoing.links.safe_link`, text through
`outgoing.text.clean_text`), and both users of it, the page's download routes and ``eventradar events export``,
already hold a vocabulary and a list of `db.calendar.CalendarEvent`. Nothing here reads the database or the clock.

Columns: name, start, end, city, province, venue, industries, status, sources, link. A date known to the day is a
date (an Excel date in XLSX); to the month, ``2027-05``; otherwise what is known, said in words.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and a tab or carriage return
can hide such a start): a scraped name like ``=HYPERLINK(...)`` must stay text. In CSV such a cell is prefixed with
an apostrophe (what Excel itself shows for text); in XLSX every text cell is written as a string, never a formula,
and gets the same prefix so that copying it on to a CSV stays safe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Literal

import xlsxwriter

from db.calendar import CalendarEvent
from outgoing.links import safe_link
from outgoing.text import clean_text
from web.filters import Vocabulary

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
MEDIA_TYPES: dict[Format, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Cell = str | dt.date

HEADERS: dict[str, tuple[str, ...]] = {
    "zh": ("名称", "开始", "结束", "城市", "省份", "场馆", "行业", "状态", "来源", "链接"),
    "en": ("Name", "Start", "End", "City", "Province", "Venue", "Industries", "Status", "Sources", "Link"),
}
# Characters per column in XLSX: a name or a venue is long, a date short; links are long but rarely read.
_WIDTHS = (40, 12, 12, 10, 10, 28, 24, 12, 50, 45)
_STATUS: dict[str, dict[str, str]] = {
    "zh": {"upcoming": "即将举行", "ongoing": "进行中", "held": "已举行", "unknown": "未知", "cancelled": "已取消"},
    "en": {
        "upcoming": "upcoming",
        "ongoing": "ongoing",
        "held": "held",
        "unknown": "unknown",
        "cancelled": "cancelled",
    },
}
_WORDS = {
    "zh": {"tba": "日期待定", "year_unknown": "（年份未知）", "unconfirmed": "（待确认）"},
    "en": {"tba": "date TBA", "year_unknown": " (year unknown)", "unconfirmed": " (unconfirmed)"},
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as written: a leading formula character gets an apostrophe before it."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class Exporter:
    """Rows of the calendar in a language, and those rows as CSV or XLSX."""

    def __init__(self, vocabulary: Vocabulary, public_url: str) -> None:
        self.vocabulary = vocabulary
        self.public_url = public_url.rstrip("/")

    def render(self, events: Sequence[CalendarEvent], language: str, format: Format) -> bytes:
        return self.csv(events, language) if format == "csv" else self.xlsx(events, language)

    def rows(self, events: Sequence[CalendarEvent], language: str) -> list[tuple[Cell, ...]]:
        """One row an event, the header not included; text cells cleaned and neutralised."""
        return [self._row(event, language) for event in events]

    def _row(self, event: CalendarEvent, language: str) -> tuple[Cell, ...]:
        start, end = _dates(event, language)
        status = _STATUS[language].get("cancelled" if event.cancelled else event.status, event.status)
        if event.unconfirmed:
            status += _WORDS[language]["unconfirmed"]
        industries = ("、" if language == "zh" else ", ").join(
            self.vocabulary.industry_label(industry, language) for industry in event.industries
        )
        sources = " ".join(link for source in event.sources if (link := safe_link(source.url)))
        link = f"{self.public_url}/events/{event.public_id}" + ("?lang=en" if language == "en" else "")
        texts = (event.name, event.city, event.province, event.venue, industries, status, sources, link)
        name, city, province, venue, industries, status, sources, link = (_text(t) for t in texts)
        return (name, start, end, city, province, venue, industries, status, sources, link)

    def csv(self, events: Sequence[CalendarEvent], language: str) -> bytes:
        """UTF-8 with a byte order mark: without it Excel reads the file in the system's code page and garbles
        Chinese. Dates as YYYY-MM-DD, which Excel and WPS read as dates."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS[language])
        for row in self.rows(events, language):
            writer.writerow([cell.isoformat() if isinstance(cell, dt.date) else cell for cell in row])
        return out.getvalue().encode("utf-8-sig")

    def xlsx(self, events: Sequence[CalendarEvent], language: str) -> bytes:
        """One sheet: a bold header row, frozen; dates as Excel dates; column widths set for what they hold."""
        out = io.BytesIO()
        # In memory: no temporary files. Strings are never read as numbers, formulas or links (write_string only).
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet("活动" if language == "zh" else "Events")
        bold = book.add_format({"bold": True})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        for column, (header, width) in enumerate(zip(HEADERS[language], _WIDTHS, strict=True)):
            sheet.write_string(0, column, header, bold)
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
        for index, row in enumerate(self.rows(events, language), start=1):
            for column, cell in enumerate(row):
                if isinstance(cell, dt.date):
                    sheet.write_datetime(index, column, dt.datetime.combine(cell, dt.time()), day)
                else:
                    sheet.write_string(index, column, cell)
        if events:
            sheet.autofilter(0, 0, len(events), len(HEADERS[language]) - 1)
        book.close()
        return out.getvalue()


def _text(value: str | None) -> str:
    return neutralised(clean_text(value)) if value else ""


def _dates(event: CalendarEvent, language: str) -> tuple[Cell, Cell]:
    """Start and end as precisely as they are known, and no more precisely (the CLI's and the page's rule)."""
    start, end = event.start_date, event.last_day
    words = _WORDS[language]
    if start is None or end is None:
        if event.partial_date:
            return event.partial_date + words["year_unknown"], ""
        return words["tba"], ""
    if event.date_precision == "day":
        return start, end
    # Known to the month (or vaguely, to a span of months): the months, not a first-to-last-day range.
    return f"{start:%Y-%m}", f"{end:%Y-%m}"
