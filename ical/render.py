"""RFC 5545 calendars from :mod:`ical.model` values, byte for byte the same for the same input.

Why the content lines are written here rather than by ``icalendar``'s component tree: building and serialising
10,000 events through it takes about 5 s on our machines, against a budget of 200 ms for a full feed (see
BENCHMARKS.md). The format rules we need are few and each is tested (CRLF line ends, folding at 75 octets without
splitting a UTF-8 character or a backslash escape, TEXT escaping, UTC stamps, ``VALUE=DATE``), and the tests read
every feed back with both ``icalendar`` and Mozilla's ical.js. ``icalendar`` still does the part that is easy to
get wrong by hand: the Asia/Shanghai VTIMEZONE, generated from the tz database.

Stability: nothing here reads the clock. DTSTAMP and LAST-MODIFIED are the event's own update time, so a feed
whose events did not change is the same bytes, and ETags stay valid across fetches and restarts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache, lru_cache

from ical.model import FeedEvent, FeedInfo
from ical.window import CHINA
from outgoing.links import safe_link
from outgoing.text import clean_text

PRODID = "-//Event Radar//Industry events calendar 1.0//ZH"
TZID = "Asia/Shanghai"
# UIDs must be globally unique and never change; the public id is 128 random bits and fixed for the event's life.
# The domain part is a constant, not the configured address, so moving the server does not duplicate events.
UID_DOMAIN = "eventradar"
MAX_OCTETS = 75

_CRLF = b"\r\n"
_FOLD = b"\r\n "

_LABELS = {
    "zh": {
        "when": "日期",
        "venue": "场馆",
        "place": "地点",
        "industries": "行业",
        "sources": "来源",
        "details": "详情",
        "phases": "分期",
        "cancelled": "【已取消】",
    },
    "en": {
        "when": "Dates",
        "venue": "Venue",
        "place": "Place",
        "industries": "Industries",
        "sources": "Sources",
        "details": "Details",
        "phases": "Phases",
        "cancelled": "[Cancelled]",
    },
}


def escape_text(value: str) -> str:
    """A TEXT value, the one gate of every text in a feed: made safe to show (``outgoing.text.clean_text``: control
    characters, which RFC 5545 refuses, bidi overrides and odd line separators go; line breaks become ``\\n``),
    then backslash, semicolon, comma and newlines escaped."""
    value = clean_text(value)
    # Chained str.replace: several times faster than str.translate on non-ASCII text, which is most of ours.
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: bytes) -> bytes:
    """Fold a content line so no physical line exceeds 75 octets (the leading space counts).

    A fold never falls inside a UTF-8 sequence (a Chinese character is three octets) nor between a backslash and
    the character it escapes: RFC 5545 allows both, but several clients mangle them.
    """
    if len(line) <= MAX_OCTETS:
        return line
    parts: list[bytes] = []
    start, limit = 0, MAX_OCTETS
    while len(line) - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # a continuation octet: step back to the character's first octet
            cut -= 1
        backslashes = 0
        while cut - backslashes - 1 >= start and line[cut - backslashes - 1] == 0x5C:
            backslashes += 1
        if backslashes % 2:  # the last backslash opens an escape: keep it with what it escapes
            cut -= 1
        parts.append(line[start:cut])
        start, limit = cut, MAX_OCTETS - 1
    parts.append(line[start:])
    return _FOLD.join(parts)


def _utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the calendar renderer; pass an aware datetime")
    v = value.astimezone(dt.UTC)
    return f"{v.year:04d}{v.month:02d}{v.day:02d}T{v.hour:02d}{v.minute:02d}{v.second:02d}Z"


def _date(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _local(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the calendar renderer; pass an aware datetime")
    return value.astimezone(CHINA).strftime("%Y%m%dT%H%M%S")


def _duration(value: dt.timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds <= 0:
        raise ValueError("refresh interval must be positive")
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT"
    text += f"{hours}H" if hours else ""
    text += f"{minutes}M" if minutes else ""
    text += f"{seconds}S" if seconds else ""
    return text


def _uri(value: str) -> str:
    # A URI value is not TEXT-escaped; characters that cannot appear in a URI are percent-encoded instead.
    return re.sub(r"[\x00-\x20\"<>\\^`{|}\x7f]", lambda m: f"%{ord(m.group()):02X}", value)


@cache
def vtimezone() -> bytes:
    """The Asia/Shanghai VTIMEZONE, from the tz database through icalendar (China has kept +08:00 since 1991)."""
    import icalendar

    component = icalendar.Timezone.from_tzid(TZID, first_date=dt.date(2000, 1, 1), last_date=dt.date(2100, 1, 1))
    lines = component.to_ical().replace(b"\r\n ", b"").split(b"\r\n")
    # icalendar notes the range it computed in a COMMENT; calendar apps have no use for it.
    return b"".join(fold(line) + _CRLF for line in lines if line and not line.startswith(b"COMMENT:"))


def _line(name: str, value: str) -> bytes:
    return fold(f"{name}:{value}".encode()) + _CRLF


def describe(event: FeedEvent, language: str = "zh") -> str:
    """The DESCRIPTION text: dates, the phases of a fair held in phases, venue, place, industries, then each source
    whose address may be a link (``outgoing.links``) on its own line."""
    labels = _LABELS.get(language, _LABELS["zh"])
    when = event.start.isoformat() if event.start == event.end else f"{event.start.isoformat()} – {event.end}"
    lines = [labels["cancelled"]] if event.cancelled else []
    lines.append(f"{labels['when']}: {when}")
    if event.phases:
        # One line per phase under the fair's dates: 第二期: 2025-04-23 – 2025-04-27.
        lines.append(f"{labels['phases']}:")
        lines.extend(f"{phase.label}: {_days(phase.start, phase.end)}" for phase in event.phases)
    if event.venue:
        lines.append(f"{labels['venue']}: {event.venue}")
    if event.place:
        lines.append(f"{labels['place']}: {event.place}")
    if event.categories:
        lines.append(f"{labels['industries']}: {'、'.join(event.categories)}")
    if event.url:
        lines.append(f"{labels['details']}: {event.url}")
    # Calendar apps turn an address in a description into a link: only those the page and Telegram link to.
    sources = [(source.title, url) for source in event.sources if (url := safe_link(source.url)) is not None]
    if sources:
        lines.append(f"{labels['sources']}:")
        lines.extend(f"{title} {url}" if title else url for title, url in sources)
    return "\n".join(lines)


def _days(start: dt.date | None, end: dt.date | None) -> str:
    if start is not None and end is not None and end != start:
        return f"{start.isoformat()} – {end.isoformat()}"
    if start is not None:
        return start.isoformat() + (" –" if end is None else "")
    return f"– {end.isoformat()}" if end is not None else "?"


def render_event(event: FeedEvent, language: str = "zh") -> bytes:
    """One VEVENT, CRLF-terminated."""
    stamp = _utc(event.updated_at)
    out = [
        b"BEGIN:VEVENT\r\n",
        _line("UID", f"{escape_text(event.uid)}@{UID_DOMAIN}"),
        _line("DTSTAMP", stamp),
        _line("LAST-MODIFIED", stamp),
        # SEQUENCE starts at 0 (RFC 5545) and grows with every change users are told about.
        _line("SEQUENCE", str(max(event.version - 1, 0))),
    ]
    if event.starts_at is not None:
        ends_at = event.ends_at or event.starts_at
        out.append(_line(f"DTSTART;TZID={TZID}", _local(event.starts_at)))
        out.append(_line(f"DTEND;TZID={TZID}", _local(ends_at)))
    else:
        # iCal's DTEND is exclusive: an event on the 1st to the 3rd ends on the 4th.
        out.append(_line("DTSTART;VALUE=DATE", _date(event.start)))
        out.append(_line("DTEND;VALUE=DATE", _date(event.end + dt.timedelta(days=1))))
        # Multi-day expos should not show the whole week as busy.
        out.append(b"TRANSP:TRANSPARENT\r\n")
    out.append(_line("SUMMARY", escape_text(event.name)))
    location = ", ".join(part for part in (event.venue, event.place) if part)
    if location:
        out.append(_line("LOCATION", escape_text(location)))
    if event.categories:
        out.append(_line("CATEGORIES", ",".join(escape_text(c) for c in event.categories)))
    if event.url:
        out.append(_line("URL", _uri(event.url)))
    out.append(_line("DESCRIPTION", escape_text(describe(event, language))))
    out.append(_line("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED"))
    out.append(b"END:VEVENT\r\n")
    return b"".join(out)


# Events change rarely and every feed that holds one renders it the same way: keeping the rendered bytes makes a
# re-render (a new day, another filter, one changed event) cost little more than hashing the inputs. Bounded, so
# about 25 MB at most.
_render_event_cached = lru_cache(maxsize=32768)(render_event)


def render_calendar(info: FeedInfo, events: Iterable[FeedEvent]) -> bytes:
    """A whole VCALENDAR in UTF-8 (no BOM) with CRLF line ends; VTIMEZONE only when some event is timed."""
    events = list(events)
    refresh = _duration(info.refresh)
    out = [
        b"BEGIN:VCALENDAR\r\n",
        b"VERSION:2.0\r\n",
        _line("PRODID", PRODID),
        b"CALSCALE:GREGORIAN\r\n",
        b"METHOD:PUBLISH\r\n",
        _line("NAME", escape_text(info.name)),
        _line("X-WR-CALNAME", escape_text(info.name)),
        _line("X-WR-TIMEZONE", TZID),
    ]
    if info.description:
        out.append(_line("DESCRIPTION", escape_text(info.description)))
        out.append(_line("X-WR-CALDESC", escape_text(info.description)))
    if info.url:
        out.append(_line("URL", _uri(info.url)))
    out.append(_line("REFRESH-INTERVAL;VALUE=DURATION", refresh))
    out.append(_line("X-PUBLISHED-TTL", refresh))
    if any(event.timed for event in events):
        out.append(vtimezone())
    out.extend(_render_event_cached(event, info.language) for event in events)
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)
