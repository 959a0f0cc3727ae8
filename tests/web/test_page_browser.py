"""The calendar page in a real browser: Debian's chromium, headless, driven by Playwright (never its own download).

Filters change the list, the subscribe links carry the filters, regions typed as words (groups, zones, names we
cannot read or that several places share) keep the form, search and past events. Screenshots go to test-artifacts/
for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.web.calendar_page import ARTIFACTS, SCRIPT_NAME, listed, seed
from tests.web.conftest import add_event


def test_filters_change_the_list_and_subscribe_links_carry_them(engine: Engine, base_url: str, page: Page) -> None:
    seed(engine)
    page.goto(f"{base_url}/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    everything = listed(page)
    assert len(everything) == 7
    assert page.get_by_text("日期待定", exact=True).count() >= 1
    assert page.locator(".cancelled .badge").inner_text() == "已取消"

    page.locator("label.chip", has_text="生物医药").click()
    page.locator("label.chip", has_text="广东").click()
    page.locator("#apply").click()
    page.wait_for_load_state()
    assert sorted(listed(page)) == sorted(["第九届湾区生物医药创新博览会", "中医药健康产业大会", SCRIPT_NAME])
    # The empty free-text region field is left out of the address.
    assert urlsplit(page.url).query == "industry=biomedicine&region=%E5%B9%BF%E4%B8%9C"

    webcal = page.locator("#subscribe-webcal").get_attribute("href") or ""
    https = page.locator("#subscribe-feed").get_attribute("href") or ""
    assert webcal.startswith("webcal://radar.example/calendar.ics?")
    assert https.startswith("https://radar.example/calendar.ics?")
    for link in (webcal, https):
        assert parse_qs(urlsplit(link).query) == {"industry": ["biomedicine"], "region": ["广东"]}

    # A region typed in the free field (a city not among the featured provinces).
    page.goto(f"{base_url}/")
    page.locator("input[name=region][type=text]").fill("苏州")
    page.locator("#apply").click()
    page.wait_for_load_state()
    assert listed(page) == ["长三角集成电路产业对接会"]

    page.goto(f"{base_url}/?industry=ai&region=广东")
    assert listed(page) == []
    assert page.locator("#no-events").is_visible()


def test_english_switch_keeps_the_filters(engine: Engine, base_url: str, page: Page) -> None:
    seed(engine)
    page.goto(f"{base_url}/?industry=semiconductors")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert parse_qs(urlsplit(page.url).query) == {"industry": ["semiconductors"], "lang": ["en"]}
    assert page.locator("h1").inner_text().startswith("Upcoming expos")
    assert page.locator(".event .when").all_inner_texts() == ["Apr 8"]
    assert page.locator("label.chip input:checked + span").all_inner_texts() == ["Semiconductors"]
    page.screenshot(path=str(ARTIFACTS / "calendar-en.png"), full_page=True)


def search_region(page: Page, base_url: str, word: str, *, chips: tuple[str, ...] = ()) -> None:
    page.goto(f"{base_url}/")
    for chip in chips:
        page.locator("label.chip", has_text=chip).click()
    page.locator("input[name=region][type=text]").fill(word)
    page.locator("#apply").click()
    page.wait_for_load_state()


def test_region_groups_and_zones_typed_as_a_region(engine: Engine, base_url: str, page: Page) -> None:
    """大湾区, 粤港澳大湾区, 长三角 and 琶洲 used to give an English-only 400 page that lost the filters (issue #14)."""
    seed(engine)
    for word in ("大湾区", "粤港澳大湾区"):
        search_region(page, base_url, word, chips=("生物医药",))
        assert sorted(listed(page)) == sorted(["第九届湾区生物医药创新博览会", "中医药健康产业大会", SCRIPT_NAME]), word
        assert page.locator("label.chip input:checked + span").all_inner_texts() == ["生物医药", "粤港澳大湾区"]
    search_region(page, base_url, "长三角")
    assert listed(page) == ["长三角集成电路产业对接会", "人工智能与机器人应用论坛", "数字经济峰会"]
    search_region(page, base_url, "琶洲")  # a zone of 广州 海珠区, where the expo's venue is
    assert listed(page) == ["第九届湾区生物医药创新博览会"]
    assert page.locator("label.chip input:checked + span").all_inner_texts() == ["海珠区"]


def test_a_region_we_cannot_read_keeps_the_form_the_filters_and_the_language(
    engine: Engine, base_url: str, page: Page
) -> None:
    seed(engine)
    statuses: list[int] = []  # of the filtered pages the browser loads
    page.on("response", lambda answer: statuses.append(answer.status) if "/?" in answer.url else None)
    search_region(page, base_url, "亚特兰蒂斯", chips=("生物医药",))
    assert statuses[-1] == 400
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    problem = page.locator("#filter-problems")
    assert problem.is_visible()
    assert "没有找到地区“亚特兰蒂斯”" in problem.inner_text()
    assert page.locator("label.chip input:checked + span").all_inner_texts() == ["生物医药"]
    assert page.locator("input[name=region][type=text]").input_value() == "亚特兰蒂斯"
    # Correcting the word in the same form keeps the industry.
    page.locator("input[name=region][type=text]").fill("大湾区")
    page.locator("#apply").click()
    page.wait_for_load_state()
    assert statuses[-1] == 200
    assert sorted(listed(page)) == sorted(["第九届湾区生物医药创新博览会", "中医药健康产业大会", SCRIPT_NAME])

    # A name four districts share: one link for each, the filters kept.
    search_region(page, base_url, "鼓楼区", chips=("半导体与集成电路",))
    assert statuses[-1] == 400
    assert "“鼓楼区”不止一个地方" in page.locator("#filter-problems").inner_text()
    page.locator("#filter-problems a", has_text="南京鼓楼区").click()
    page.wait_for_load_state()
    assert statuses[-1] == 200
    assert parse_qs(urlsplit(page.url).query) == {"industry": ["semiconductors"], "region": ["南京鼓楼区"]}

    page.goto(f"{base_url}/?industry=ai&region=亚特兰蒂斯&lang=en")
    assert statuses[-1] == 400
    assert page.locator("html").get_attribute("lang") == "en"
    assert "No region “亚特兰蒂斯” found" in page.locator("#filter-problems").inner_text()
    assert page.locator("label.chip input:checked + span").all_inner_texts() == ["Artificial intelligence"]
    page.screenshot(path=str(ARTIFACTS / "calendar-bad-region-en.png"), full_page=True)


def test_search_box_and_past_events(engine: Engine, base_url: str, page: Page) -> None:
    """Users could neither search nor look back (issue #14): ?q= over names and venues, and the last 90 days."""
    seed(engine)
    with Session(engine) as session, session.begin():
        add_event(
            session,
            name="第137届中国进出口商品交易会",
            aliases=["137th Canton Fair"],
            venue="广交会展馆",
            start_date=dt.date(2025, 4, 15),
            end_date=dt.date(2025, 5, 5),
            industries=["trade"],
        )
        add_event(session, name="湾区医疗器械采购对接会", start_date=dt.date(2025, 3, 8), end_date=dt.date(2025, 3, 9))
        add_event(
            session, name="春季生物医药招商推介会", start_date=dt.date(2025, 2, 10), end_date=dt.date(2025, 2, 12)
        )
        add_event(
            session,
            name="上海新材料论坛",
            start_date=dt.date(2025, 1, 20),
            end_date=dt.date(2025, 1, 20),
            province="上海",
            city="上海",
            industries=["new-materials"],
        )
        add_event(session, name="去年秋季医药博览会", start_date=dt.date(2024, 11, 1), end_date=dt.date(2024, 11, 3))
    page.goto(f"{base_url}/?region=广东")
    page.locator("#search").fill("canton")  # the English name, in another case
    page.locator("#apply").click()
    page.wait_for_load_state()
    assert listed(page) == ["第137届中国进出口商品交易会"]
    assert parse_qs(urlsplit(page.url).query) == {"region": ["广东"], "q": ["canton"]}
    feed = page.locator("#subscribe-feed").get_attribute("href") or ""
    assert parse_qs(urlsplit(feed).query) == {"region": ["广东"], "q": ["canton"]}
    for words, expected in (
        ("廣交會", ["第137届中国进出口商品交易会"]),  # the venue, written in traditional script
        ("琶洲会展中心", ["第九届湾区生物医药创新博览会"]),  # the seeded expo's venue is 琶洲会展中心A区
        ("湾区 博览会", ["第九届湾区生物医药创新博览会"]),  # every word
        ("火星", []),
    ):
        page.locator("#search").fill(words)
        page.locator("#apply").click()
        page.wait_for_load_state()
        assert listed(page) == expected, words
    assert page.locator("#no-events").is_visible()

    page.goto(f"{base_url}/?industry=biomedicine")
    page.locator("#view-past").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query) == {"industry": ["biomedicine"], "when": ["past"]}
    assert page.locator(".view-heading").inner_text() == "近 90 天的往期活动"
    # The most recent first; 2024-11 is more than 90 days back; 上海新材料论坛 is of another industry.
    assert listed(page) == ["湾区医疗器械采购对接会", "春季生物医药招商推介会"]
    assert page.locator(".month").all_inner_texts() == ["2025年3月", "2025年2月"]
    # Filtering from the past view stays in it.
    page.locator("label.chip", has_text="上海").click()
    page.locator("label.chip", has_text="生物医药").click()
    page.locator("#apply").click()
    page.wait_for_load_state()
    assert listed(page) == ["上海新材料论坛"]
    page.screenshot(path=str(ARTIFACTS / "calendar-past.png"), full_page=True)
    page.locator("#view-upcoming").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query) == {"region": ["上海"]}
    assert listed(page) == ["人工智能与机器人应用论坛"]
