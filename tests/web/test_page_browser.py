"""The calendar page in a real browser: Debian's chromium, headless, driven by Playwright (never its own download).

Filters change the list, the subscribe links carry the filters, the phone layout does not scroll sideways, scraped
text cannot run as script, and screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.conftest import REPO
from tests.web.conftest import add_event, link_article

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCRIPT_NAME = "<script>window.__pwned = 1</script>国际医疗器械展"
QUOTE_URL = 'https://news.example/a?title="expo"&id=7'


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
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def seed(engine: Engine) -> dict[str, str]:
    with Session(engine) as session, session.begin():
        expo = add_event(
            session,
            name="第九届湾区生物医药创新博览会",
            start_date=dt.date(2025, 3, 20),
            end_date=dt.date(2025, 3, 22),
            venue="琶洲会展中心A区",
            district="海珠",
            industries=["biomedicine", "trade"],
        )
        link_article(session, expo, "https://news.example/a/1.html", "博览会三月开幕，展位已满")
        add_event(
            session,
            name="长三角集成电路产业对接会",
            start_date=dt.date(2025, 4, 8),
            end_date=dt.date(2025, 4, 8),
            province="江苏",
            city="苏州",
            venue="苏州国际博览中心",
            industries=["semiconductors"],
        )
        add_event(
            session,
            name="人工智能与机器人应用论坛",
            start_date=dt.date(2025, 5, 16),
            end_date=dt.date(2025, 5, 17),
            province="上海",
            city="上海",
            district="浦东",
            industries=["ai", "robotics"],
        )
        add_event(
            session,
            name="新能源汽车供应链大会（已延期）",
            start_date=dt.date(2025, 4, 20),
            end_date=dt.date(2025, 4, 21),
            province="广东",
            city="深圳",
            industries=["new-energy-vehicles"],
            cancelled_at=dt.datetime(2025, 3, 8, tzinfo=dt.UTC),
        )
        add_event(
            session,
            name="数字经济峰会",
            start_date=dt.date(2025, 6, 1),
            end_date=dt.date(2025, 6, 30),
            date_precision="month",
            province="浙江",
            city="杭州",
            industries=["digital-economy"],
        )
        add_event(
            session,
            name="中医药健康产业大会",
            start_date=None,
            end_date=None,
            date_precision="vague",
            province="广东",
            city="广州",
        )
        hostile = add_event(session, name=SCRIPT_NAME, province="广东", city="广州", industries=["biomedicine"])
        link_article(session, hostile, QUOTE_URL, 'Title with "quotes" & <b>tags</b>')
        return {"expo": expo.public_id, "hostile": hostile.public_id}


def listed(page: Page) -> list[str]:
    return page.locator(".event .name").all_inner_texts()


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
