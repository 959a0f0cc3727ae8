"""The "report a problem" form in a real browser (Debian's chromium, headless, driven by Playwright): a reader picks a
reason, writes a comment and is thanked; a flood from one address is refused with a message and the form kept; an
unconfirmed event is marked. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.models.corrections import EventReport
from tests.web.conftest import add_event
from tests.web.test_page_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed at /usr/bin/chromium: run `make setup` (it installs it with apt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def _seed(engine: Engine) -> tuple[str, str]:
    with Session(engine) as session, session.begin():
        fair = add_event(
            session,
            name="第九届湾区生物医药创新博览会",
            start_date=dt.date(2025, 3, 20),
            end_date=dt.date(2025, 3, 22),
            venue="琶洲会展中心A区",
        )
        held = add_event(session, name="长三角集成电路产业对接会", start_date=dt.date(2025, 4, 8), review="held")
        return fair.public_id, held.public_id


def _send(page: Page, reason: str, comment: str = "") -> int:
    """Pick ``reason``, write ``comment``, send; returns the HTTP status of the page that answers."""
    page.get_by_label(reason, exact=True).check()
    page.locator("#report-comment").fill(comment)
    with page.expect_navigation() as answered:
        page.locator("#report-send").click()
    response = answered.value
    assert response is not None
    return response.status


def test_a_reader_reports_a_problem_and_a_flood_is_refused(engine: Engine, base_url: str, page: Page) -> None:
    fair, _ = _seed(engine)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{base_url}/events/{fair}")
    assert page.locator("#report-title").inner_text() == "报告问题"
    page.screenshot(path=str(ARTIFACTS / "report-form.png"), full_page=True)

    assert _send(page, "日期有误", "官网写的是3月21日开幕") == 200
    assert page.locator("#report-thanks").inner_text() == "谢谢！您的报告已收到，管理员会尽快核实。"
    assert page.locator("#report-form").count() == 0
    with Session(engine) as session:
        [report] = session.scalars(select(EventReport)).all()
        assert (report.reason, report.comment) == ("wrong_dates", "官网写的是3月21日开幕")

    for reason in ("不是产业活动", "地点有误", "与其他活动重复", "已取消"):  # five an hour from one address
        page.goto(f"{base_url}/events/{fair}")
        assert _send(page, reason) == 200
    page.goto(f"{base_url}/events/{fair}")
    assert _send(page, "已延期", "改到了下个月") == 429
    assert page.locator("#report-problem").inner_text() == "您提交的报告太多了，请稍后再试。"
    assert page.get_by_label("已延期", exact=True).is_checked()
    assert page.locator("#report-comment").input_value() == "改到了下个月"
    page.screenshot(path=str(ARTIFACTS / "report-refused.png"), full_page=True)
    with Session(engine) as session:
        assert len(session.scalars(select(EventReport)).all()) == 5


def test_the_form_says_what_is_missing_and_unconfirmed_events_are_marked(
    engine: Engine, base_url: str, page: Page
) -> None:
    fair, held = _seed(engine)
    page.goto(f"{base_url}/")
    marked = page.locator(".event", has=page.locator(".badge.unconfirmed"))
    assert marked.locator(".name").all_inner_texts() == ["长三角集成电路产业对接会"]
    assert marked.locator(".badge.unconfirmed").inner_text() == "待确认"
    page.goto(f"{base_url}/events/{held}?lang=en")
    assert page.locator("#event-unconfirmed").inner_text() == "Unconfirmed"
    assert page.locator("#report-title").inner_text() == "Report a problem"

    # The browser itself asks for a reason before sending (the radio buttons are required).
    page.goto(f"{base_url}/events/{fair}")
    page.locator("#report-comment").fill("没有选原因")
    page.locator("#report-send").click()
    assert page.evaluate("document.querySelector('input[name=reason]').validity.valueMissing")
    assert page.url == f"{base_url}/events/{fair}"
