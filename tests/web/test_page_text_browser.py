"""Scraped text on the calendar page in a real browser (Debian's chromium, headless, driven by Playwright): it is
shown as text, never run as script, and bidi overrides and control characters never reorder what the reader sees.
"""

from __future__ import annotations

from playwright.sync_api import Page
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.web.calendar_page import ARTIFACTS, QUOTE_URL, SCRIPT_NAME, listed, seed
from tests.web.conftest import add_event, link_article


def test_scraped_text_is_shown_as_text_never_run(engine: Engine, base_url: str, page: Page) -> None:
    ids = seed(engine)
    page.goto(f"{base_url}/")
    assert page.evaluate("window.__pwned") is None
    assert SCRIPT_NAME in listed(page)
    page.goto(f"{base_url}/events/{ids['hostile']}")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("h1").inner_text() == SCRIPT_NAME
    source = page.locator(".sources a")
    assert source.get_attribute("href") == QUOTE_URL
    assert source.inner_text() == 'Title with "quotes" & <b>tags</b>'
    page.goto(f"{base_url}/events/{ids['expo']}")
    assert page.locator("#event-dates").inner_text() == "2025年3月20日–22日"
    assert page.locator("#add-to-calendar").get_attribute("href") == f"/events/{ids['expo']}.ics"
    page.screenshot(path=str(ARTIFACTS / "event-desktop.png"), full_page=True)


def test_bidi_overrides_and_controls_never_reorder_what_the_reader_sees(
    engine: Engine, base_url: str, page: Page
) -> None:
    # U+202E shows what follows it right to left (会览博 reads as 博览会), our own text after it too.
    with Session(engine) as session, session.begin():
        event = add_event(
            session,
            name="湾区医疗器械展\u202e会览博\u202c（广州）\u2066\x1b[0m\u2028第二期",
            venue="琶洲\u2067展馆\u2069\ufeffA区",
            province="广东",
            city="广州",
            industries=["biomedicine"],
        )
        link_article(session, event, "tg://resolve?domain=evil_bot", "在电报中打开")
        link_article(session, event, "https://news.example/a/9.html", "医疗器械展\u202e开幕\u202c报道")
        public_id = event.public_id
    page.goto(f"{base_url}/")
    assert "湾区医疗器械展会览博（广州）[0m 第二期" in listed(page)
    page.goto(f"{base_url}/events/{public_id}")
    assert page.locator("h1").inner_text() == "湾区医疗器械展会览博（广州）[0m 第二期"
    assert page.title().startswith("湾区医疗器械展会览博（广州）[0m")
    assert "琶洲展馆A区" in page.locator("dl").inner_text()
    links = page.locator(".sources a")
    assert links.count() == 1
    assert links.get_attribute("href") == "https://news.example/a/9.html"
    assert links.inner_text() == "医疗器械展开幕报道"
    markup = page.content()
    assert not any(c in markup for c in "\u202e\u202c\u2066\u2067\u2069\x1b\u2028\ufeff")
