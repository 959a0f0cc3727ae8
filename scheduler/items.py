"""Fetched items (a feed entry or an article page), and what one may hold before it is stored.

Whatever a source sends, every item of every kind of source passes through :func:`admit_items` once, in the poller,
before anything else reads it. It repairs what the databases or the extractor would refuse, so that one odd item
never costs the rest of its feed:

- text: characters no text means (NUL and the other C0 controls but tab and line breaks, U+FFFE/U+FFFF) are
  removed; PostgreSQL refuses NUL in text. A lone surrogate (half of a character a JSON encoder split, ``\\ud83d``)
  is no character at all and cannot be encoded as UTF-8 for either database; it becomes U+FFFD, so a reader sees
  that something was there;
- a guid longer than its column is replaced by a digest of it (stable from poll to poll, unlike a cut, and two
  long guids sharing a beginning stay apart); a link longer than its column is left out (the item is stored
  without it: its guid still identifies it); a title longer than its column is shortened;
- a publication date a little after the fetch is taken as the fetch time; one far after it, or before 1990, is
  no publication date and becomes unknown (:func:`publication_date`);
- an item with nothing left to read (no text, no title) is dropped.

The column sizes are read from `db.models.sources`, which owns them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from db.models.base import string_length
from db.models.sources import Article

GUID_MAX = string_length(Article, "guid")
URL_MAX = string_length(Article, "url")
TITLE_MAX = string_length(Article, "title")
# An item cannot have been published after we fetched it. A stamp a little ahead is a server clock or a mislabelled
# time zone (Beijing time sent as GMT is eight hours ahead): the fetch time is then the nearest true moment, on the
# same or the next day. Further ahead it is no publication date (year 9999 is a placeholder), and no date is
# better than a wrong one: the publication date anchors every year-less and relative date of the text ("5月12日",
# "明天"), and the merger takes the report with the latest date for the newest, so a date in the far future would
# misplace the item's events and outrank every later report of them, for good.
FUTURE_SKEW = dt.timedelta(days=1)
# Before any Chinese news site: the Unix epoch (1 January 1970) and year 1 are what broken feeds send for no date.
EARLIEST_PUBLISHED = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class FeedItem:
    guid: str
    url: str | None
    title: str | None
    text: str
    published: dt.datetime | None  # aware, UTC


@dataclass
class Admitted:
    """The items to store, and what was wrong with the others: ``repaired`` (guid: what) were kept after a
    repair, ``dropped`` (guid: why) were left out."""

    items: list[FeedItem] = field(default_factory=list)
    repaired: dict[str, list[str]] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the log: how many, and the first few with what was wrong."""
        parts = []
        if self.repaired:
            shown = "; ".join(f"{guid[:80]}: {', '.join(what)}" for guid, what in list(self.repaired.items())[:3])
            parts.append(f"{len(self.repaired)} repaired ({shown})")
        if self.dropped:
            shown = "; ".join(f"{guid[:80]}: {why}" for guid, why in list(self.dropped.items())[:3])
            parts.append(f"{len(self.dropped)} dropped ({shown})")
        return ", ".join(parts)


def storable_text(value: str) -> str:
    """The text without characters the databases refuse or no text means (see the module docstring)."""
    return _SURROGATE.sub("\ufffd", _NOT_TEXT.sub("", value))


def content_guid(title: str | None, text: str) -> str:
    """A guid for an item that has none: the digest of what it says."""
    return "sha256:" + hashlib.sha256(f"{title}\n{text}".encode(errors="surrogatepass")).hexdigest()


def storable_guid(guid: str) -> str:
    """The guid an item is stored under; the listing of an HTML source looks its links up by it too."""
    guid = storable_text(guid).strip()
    if len(guid) <= GUID_MAX:
        return guid
    return "sha256:" + hashlib.sha256(guid.encode()).hexdigest()


def publication_date(published: dt.datetime | None, *, fetched_at: dt.datetime) -> dt.datetime | None:
    """The publication date to keep: the fetch time for one a little ahead of it, none for one far ahead or from
    before 1990 (see `FUTURE_SKEW` and `EARLIEST_PUBLISHED` for why)."""
    if published is None or published < EARLIEST_PUBLISHED or published > fetched_at + FUTURE_SKEW:
        return None
    return min(published, fetched_at)


def admit_items(items: Sequence[FeedItem], *, fetched_at: dt.datetime) -> Admitted:
    """The items made storable (see the module docstring), in their order, with what was repaired or dropped."""
    admitted = Admitted()
    for item in items:
        repairs: list[str] = []
        title, text, url = _field(item.title), storable_text(item.text), _field(item.url)
        if any(storable_text(value) != value for value in (item.guid, item.url, item.title, item.text) if value):
            repairs.append("characters that are not text replaced or removed")
        guid = storable_guid(item.guid) or content_guid(title, text)
        if not text.strip() and not title:
            # Nothing to read; and every such item would share one content hash.
            admitted.dropped[guid] = "no text"
            continue
        if len(item.guid) > GUID_MAX:
            repairs.append(f"guid over {GUID_MAX} characters replaced by its digest")
        if title is not None and len(title) > TITLE_MAX:
            title = title[: TITLE_MAX - 1] + "…"
            repairs.append(f"title over {TITLE_MAX} characters shortened")
        if url is not None and len(url) > URL_MAX:
            url = None
            repairs.append(f"link over {URL_MAX} characters left out")
        published = publication_date(item.published, fetched_at=fetched_at)
        if published != item.published and item.published is not None:
            taken = "unknown" if published is None else "the fetch time"
            repairs.append(f"publication date {item.published.isoformat()} taken as {taken}")
        if repairs:
            admitted.repaired[guid] = repairs
        admitted.items.append(replace(item, guid=guid, url=url, title=title, text=text, published=published))
    return admitted


def _field(value: str | None) -> str | None:
    return (storable_text(value).strip() or None) if value is not None else None
