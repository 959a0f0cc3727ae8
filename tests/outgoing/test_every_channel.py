"""What one hostile event looks like on every channel: Telegram (an alert through the dispatcher, and /event), the
page and the iCal feed (over HTTP, read back by ical.js), on SQLite and PostgreSQL. Each channel must show the same
links, the ones ``outgoing.links`` allows, and the same text, made safe by ``outgoing.text``."""

from __future__ import annotations

import html
import re

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.models.events import Event
from tests.bot.conftest import NOW, publish_event
from tests.ical.icaljs import parse_with_icaljs
from tests.outgoing.conftest import Channels
from tests.web.conftest import link_article

GOOD = [
    ("https://news.example/a/1.html", "博览会六月开幕"),
    ('https://news.example/a?title="expo"&id=7', "展位已满"),
]
# More refused links than Telegram's five places for sources, and reported first: they must not crowd out the rest.
BAD = [
    ("javascript:alert(document.cookie)", "坏链接一"),
    ("tg://resolve?domain=evil_bot", "坏链接二"),
    ("data:text/html,<script>alert(1)</script>", "坏链接三"),
    ("https://bank.example@evil.example/login", "坏链接四"),
    ("http://[::1/x", "坏链接五"),
    ("https://news.example/\u202egpj.exe", "坏链接六"),
]


def _publish(engine: Engine) -> tuple[int, str]:
    event_id = publish_event(engine, NOW)
    with Session(engine) as session, session.begin():
        event = session.get(Event, event_id)
        assert event is not None
        for url, title in BAD + GOOD:
            link_article(session, event, url, title)
        return event_id, event.public_id


def _hrefs(markup: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]*)"', markup)]


async def test_every_channel_links_only_to_what_the_one_rule_allows(engine: Engine, channels: Channels) -> None:
    await channels.chat.send(1, "/subscribe 生物医药")
    event_id, public_id = _publish(engine)
    good = [url for url, _ in GOOD]

    assert await channels.dispatcher.send_due() == 1
    alert = channels.telegram.last_to(1).text
    details = (await channels.chat.send(1, f"/event {event_id}")).text
    for message in (alert, details):
        scraped = [href for href in _hrefs(message) if not href.startswith("https://radar.example.org/")]
        assert scraped == good
        assert not any(title in message for _, title in BAD)
    assert channels.chat.errors == []

    page = channels.web.get(f"/events/{public_id}").text
    sources = page.split('<ul class="sources">', 1)[1].split("</ul>", 1)[0]
    assert _hrefs(sources) == good
    assert not any(title in page for _, title in BAD)

    feed = parse_with_icaljs(channels.web.get("/calendar.ics").content)
    description = feed["events"][0]["description"]
    assert description.split("来源:\n", 1)[1].splitlines() == [f"{title} {url}" for url, title in GOOD]
    assert not any(title in description or url in description for url, title in BAD)


# Bidi overrides, isolates and marks, NUL and other C0/C1 controls, a BOM, LINE and PARAGRAPH SEPARATOR.
HOSTILE_NAME = "2026中国（广州）国际生物医药博览会\u202e【免费报名】\u2066\x1b[31m\x00"
HOSTILE_VENUE = "中国进出口商品交易会展馆\u2028A区\u2029B区\x85C区"
HOSTILE_TITLE = "湾区日报\u200f：\ufeff博览会六月开幕\x7f\x9b"
FORBIDDEN = "\u202e\u2066\x1b\x00\u2028\u2029\x85\u200f\ufeff\x7f\x9b"
NAME = "2026中国（广州）国际生物医药博览会【免费报名】[31m"
TITLE = "湾区日报：博览会六月开幕"


def _clean(channel: str, text: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN})
    assert not found, f"{channel} shows {found}"


async def test_every_channel_shows_text_without_bidi_overrides_or_controls(engine: Engine, channels: Channels) -> None:
    await channels.chat.send(1, "/subscribe 生物医药")
    # PostgreSQL refuses NUL in text columns (keeping it out of storage is the poller's part); SQLite stores it.
    name = HOSTILE_NAME if engine.dialect.name == "sqlite" else HOSTILE_NAME.replace("\x00", "")
    event_id = publish_event(engine, NOW, name=name, venue=HOSTILE_VENUE)
    with Session(engine) as session, session.begin():
        event = session.get(Event, event_id)
        assert event is not None
        link_article(session, event, "https://news.example/a/1.html", HOSTILE_TITLE)
        public_id = event.public_id

    assert await channels.dispatcher.send_due() == 1
    alert = channels.telegram.last_to(1).text
    details = (await channels.chat.send(1, f"/event {event_id}")).text
    listing = (await channels.chat.send(1, "/upcoming")).text
    for channel, message in (("the alert", alert), ("/event", details), ("/upcoming", listing)):
        _clean(channel, message)
        assert f"<b>{NAME}</b>" in message or NAME in message
    assert "中国进出口商品交易会展馆\nA区\nB区\nC区" in alert
    assert f">{TITLE}</a>" in alert
    assert channels.chat.errors == []

    for path in ("/", f"/events/{public_id}"):
        page = channels.web.get(path).text
        _clean(path, page)
        assert NAME in page
    assert TITLE in channels.web.get(f"/events/{public_id}").text

    body = channels.web.get("/calendar.ics").content
    _clean("the feed", body.decode("utf-8"))
    event_read = parse_with_icaljs(body)["events"][0]
    assert event_read["summary"] == NAME
    assert event_read["location"].startswith("中国进出口商品交易会展馆\nA区\nB区\nC区, ")
    assert f"{TITLE} https://news.example/a/1.html" in event_read["description"]
