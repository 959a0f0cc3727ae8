"""Reading RSS, Atom and JSON Feed documents, from bytes we fetched, into plain items."""

from __future__ import annotations

import calendar
import datetime as dt
import email.message
import json
import logging
import re
import time
import xml.sax
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from scheduler.decode import DecodeError, decode_feed, mojibake, utf8_xml
from scheduler.items import FeedItem, content_guid, storable_text

log = logging.getLogger(__name__)

# Elements after which text continues on a new line, so paragraphs stay paragraphs for the extractor.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article"}
    | {"blockquote", "pre", "header", "footer"}
)
# Line breaks inside HTML text are just spaces; only block elements end a line.
_WHITESPACE = re.compile(r"\s+")
_DROP_TAGS = ("script", "style", "iframe", "noscript", "template")


class FeedError(Exception):
    """The document is not a feed we can read; the message says what is wrong with it."""


def parse_feed(
    kind: str, body: bytes, *, content_type: str | None = None, encoding: str | None = None
) -> list[FeedItem]:
    """The items of a feed; ``encoding`` is the source's configured override of what the feed declares."""
    items = _parse_json_feed(body) if kind == "jsonfeed" else _parse_xml_feed(body, content_type, encoding)
    return _readable(items)


def _readable(items: list[FeedItem]) -> list[FeedItem]:
    """Leave out items whose text is mojibake (one item's garbage must not cost the others); a feed of nothing
    else is refused, so its garbage is never stored in silence."""
    kept = []
    for item in items:
        garbage = mojibake(item.text)
        if garbage is None:
            kept.append(item)
        else:
            log.warning("feed item %s left out: garbled text (mojibake) %r", item.guid, garbage)
    if items and not kept:
        raise FeedError(f"garbled text (mojibake) in every item, e.g. {mojibake(items[0].text)!r}")
    return kept


def _parse_xml_feed(body: bytes, content_type: str | None, encoding: str | None) -> list[FeedItem]:
    try:
        text = decode_feed(body, http_charset=_charset(content_type), override=encoding)
    except DecodeError as exc:
        raise FeedError(str(exc)) from None
    # feedparser gets text we decoded, as UTF-8 that says so: left to itself, it guesses on a broken declaration.
    parsed = feedparser.parse(utf8_xml(text), response_headers={"content-type": "application/xml; charset=utf-8"})
    problem = parsed.get("bozo_exception")
    # feedparser would salvage items from a broken document (a truncated one gives half an item); a feed that is
    # not well-formed XML is refused instead. A mislabelled encoding it recovered from is fine.
    if parsed.bozo and (isinstance(problem, xml.sax.SAXException) or not parsed.entries):
        raise FeedError(f"not a readable RSS/Atom feed: {problem or 'no entries'}")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not an RSS or Atom feed (no channel or feed element)")
    items = []
    for entry in parsed.entries:
        title = _clean(entry.get("title"))
        summary = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary")
        text = html_to_text(summary) if summary else ""
        link = entry.get("link") or None
        published = _struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        guid = entry.get("id") or link or content_guid(title, text)
        items.append(FeedItem(guid=guid, url=link, title=title, text=_join(title, text), published=published))
    return items


def _parse_json_feed(body: bytes) -> list[FeedItem]:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith("https://jsonfeed.org/"):
        raise FeedError("not a JSON Feed (no https://jsonfeed.org/ version)")
    raw_items = document.get("items")
    if not isinstance(raw_items, list):
        raise FeedError("JSON Feed without an items list")
    items = []
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            raise FeedError(f"items[{index}] is not an object")
        title = _clean(_str(raw, "title"))
        text = _str(raw, "content_text") or html_to_text(_str(raw, "content_html") or "") or _str(raw, "summary") or ""
        url = _str(raw, "url")
        published = _rfc3339(_str(raw, "date_published") or _str(raw, "date_modified"))
        guid = _str(raw, "id") or url or content_guid(title, text)
        items.append(FeedItem(guid=guid, url=url, title=title, text=_join(title, text), published=published))
    return items


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one line per block element."""
    # lxml refuses these characters, and silently drops the rest of the text after a lone surrogate.
    fragment = storable_text(fragment)
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for element in root.iter(*_DROP_TAGS):
        element.drop_tree()
    lines: list[str] = []
    current: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                lines.append("".join(current))
                current = []
            if element.text:
                current.append(_WHITESPACE.sub(" ", element.text))
        else:
            if tag in _BLOCK_TAGS:
                lines.append("".join(current))
                current = []
            if element.tail and element is not root:
                current.append(_WHITESPACE.sub(" ", element.tail))
    lines.append("".join(current))
    return "\n".join(line.strip() for line in lines if line.strip())


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    message = email.message.Message()
    message["content-type"] = content_type
    charset = message.get_content_charset()
    return charset if isinstance(charset, str) else None


def _join(title: str | None, text: str) -> str:
    # Newswire items often carry the whole story in the title; never say it twice.
    if not title:
        return text
    if not text or text.startswith(title) or title in text[: len(title) + 20]:
        return text or title
    return f"{title}\n{text}"


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = html_to_text(value) if "<" in value else value.strip()
    return value or None


def _str(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _rfc3339(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        # 9999-12-31T23:00-05:00 is past the last moment a datetime holds once in UTC.
        return parsed.astimezone(dt.UTC) if parsed.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


def _struct_time(value: time.struct_time | None) -> dt.datetime | None:
    # feedparser normalises feed dates to UTC struct_time; timegm keeps them in UTC.
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None
