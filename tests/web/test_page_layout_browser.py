"""The calendar page's layout in a real browser (Debian's chromium, headless, driven by Playwright): the phone layout
does not scroll sideways, a date range never breaks inside, and on a phone the first event is on the first screen.
Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.web.calendar_page import ARTIFACTS, listed, seed
from tests.web.conftest import add_event


def test_phone_layout_has_no_sideways_scroll(engine: Engine, base_url: str, browser: Browser) -> None:
    ids = seed(engine)
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        for path, shot in (("/?region=广东", "calendar-phone.png"), (f"/events/{ids['expo']}", "event-phone.png")):
            page.goto(base_url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    finally:
        context.close()


# How many lines each event's date takes on the page (distinct tops of its text's line boxes).
DATE_LINES = """[...document.querySelectorAll('.event .when')].map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return [el.innerText, new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size];
})"""


def test_a_date_range_never_breaks_inside(engine: Engine, base_url: str, browser: Browser) -> None:
    """12月15日–16日 used to end one line with 12月15日–16 and start the next with 日 (issue #14)."""
    with Session(engine) as session, session.begin():
        add_event(session, name="湾区年终采购对接会", start_date=dt.date(2025, 12, 15), end_date=dt.date(2025, 12, 16))
        add_event(session, name="跨年供应链展", start_date=dt.date(2025, 12, 28), end_date=dt.date(2026, 1, 3))
        add_event(session, name="十一月新材料展", start_date=dt.date(2025, 11, 28), end_date=dt.date(2025, 12, 2))
    for width, mobile in ((390, True), (600, False), (1100, False)):
        context = browser.new_context(
            viewport={"width": width, "height": 844}, is_mobile=mobile, has_touch=mobile, locale="zh-CN"
        )
        try:
            page = context.new_page()
            for path in ("/", "/?lang=en"):
                page.goto(base_url + path)
                lines = page.evaluate(DATE_LINES)
                assert len(lines) == 3
                assert all(count == 1 for _, count in lines), (width, path, lines)
            page.goto(base_url + "/")
            assert [text for text, _ in page.evaluate(DATE_LINES)] == [
                "11月28日–12月2日",
                "12月15日–16日",
                "12月28日–1月3日",
            ]
        finally:
            context.close()


FIRST_EVENT_TOP = "document.querySelector('.event').getBoundingClientRect().top"


def test_on_a_phone_the_first_event_is_on_the_first_screen(engine: Engine, base_url: str, browser: Browser) -> None:
    """The filters took about 1,040 px of a phone's 844 before the first event (issue #14): they fold away."""
    seed(engine)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    try:
        page = context.new_page()
        for path in ("/", "/?industry=biomedicine&region=广东", "/?lang=en", "/?when=past"):
            page.goto(base_url + path)
            if path == "/?when=past":
                assert page.locator("#no-events").bounding_box()["y"] < 844  # type: ignore[index]
                continue
            top = page.evaluate(FIRST_EVENT_TOP)
            assert top < 844, f"{path}: the first event starts {top:.0f}px down"
        page.goto(base_url + "/?industry=biomedicine&region=广东")
        page.screenshot(path=str(ARTIFACTS / "calendar-phone-first-screen.png"))
        # Folded, the filters still say what is chosen, and open with one tap.
        summary = page.locator("#filter-panel summary")
        assert "生物医药" in summary.inner_text()
        assert "广东" in summary.inner_text()
        assert not page.locator("label.chip", has_text="人工智能").is_visible()
        summary.click()
        page.locator("label.chip", has_text="人工智能").click()
        page.locator("#apply").click()
        page.wait_for_load_state()
        assert parse_qs(urlsplit(page.url).query) == {"industry": ["biomedicine", "ai"], "region": ["广东"]}
        # The search box stays in sight.
        assert page.locator("#search").is_visible()
        page.locator("#search").fill("博览会")
        page.locator("#search").press("Enter")
        page.wait_for_load_state()
        assert listed(page) == ["第九届湾区生物医药创新博览会"]
    finally:
        context.close()
    # On a desk the filters are open.
    wide = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    try:
        page = wide.new_page()
        page.goto(base_url + "/")
        assert page.locator("label.chip", has_text="人工智能").is_visible()
        assert page.locator("#subscribe-webcal").is_visible()
    finally:
        wide.close()
