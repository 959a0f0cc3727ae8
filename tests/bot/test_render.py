"""Messages and choices without a network: escaping, the 4096 limit, dates with weekdays, parsing what users write."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from bot.choices import Choices
from bot.render import MAX_MESSAGE, Renderer
from db.calendar import CalendarEvent, calendar_event
from db.outbox import Claimed, Recipient, SourceLink
from tests.bot import conftest

TODAY = dt.date(2026, 6, 1)


def make_event(**overrides: Any) -> CalendarEvent:
    """An event as the renderer is given it: a frozen value, as the outbox and the bot's actions hand over."""
    return calendar_event(conftest.make_event(**overrides))


def _claimed(kind: str, events: list[CalendarEvent], links: dict | None = None, slot: str = "") -> Claimed:  # type: ignore[type-arg]
    numbered = tuple(
        dataclasses.replace(event, id=n + 1, public_id=f"pub{n}", version=1) for n, event in enumerate(events)
    )
    recipient = Recipient(subscriber_id=1, chat_id=1, chat_type="private", thread_id=None, language="zh")
    return Claimed(ids=(1,), kind=kind, slot=slot, recipient=recipient, events=numbered, links=links or {})


def test_scraped_text_is_escaped_and_messages_never_pass_the_limit(renderer: Renderer) -> None:
    event = make_event(name="<script>&" * 200, venue="<b>" * 300, city="<i>", province=None, district=None)
    links = [SourceLink(f'https://example.org/{"x" * 1990}?a=1&b="2"', "<title>" * 30, "src") for _ in range(40)]
    message = renderer.alert(_claimed("new", [event], {1: links}), "zh", today=TODAY)
    assert len(message) <= MAX_MESSAGE
    assert "<script>" not in message
    assert "&lt;script&gt;&amp;" in message
    assert "&lt;i&gt;" in message
    assert "&amp;b=&quot;2&quot;" in message  # inside href, quotes escaped too


def test_a_digest_lists_what_fits_and_counts_the_rest(renderer: Renderer) -> None:
    events = [make_event(name=f"第{n}届" + "很长的活动名称" * 40, merge_key=str(n)) for n in range(60)]
    message = renderer.alert(_claimed("digest", events), "zh", today=TODAY)
    assert len(message) <= MAX_MESSAGE
    assert "今日活动汇总</b>（60 项）" in message
    assert "另有" in message


def test_dates_have_weekdays_and_say_what_is_unknown(renderer: Renderer) -> None:
    one_day = make_event(start_date=dt.date(2026, 6, 20), end_date=None)
    assert renderer.dates(one_day, "zh") == "2026年6月20日（周六）"
    across = make_event(start_date=dt.date(2026, 6, 30), end_date=dt.date(2026, 7, 2))
    assert renderer.dates(across, "zh") == "2026年6月30日（周二）至2026年7月2日（周四）"
    assert renderer.dates(across, "en") == "Tue 30 Jun 2026 – Thu 2 Jul 2026"
    month = make_event(date_precision="month", start_date=dt.date(2026, 9, 1), end_date=None)
    assert renderer.dates(month, "zh") == "2026年9月（具体日期待定）"
    no_year = make_event(date_precision="vague", start_date=None, end_date=None, partial_date="10-15")
    assert renderer.dates(no_year, "en") == "15 Oct (year to be confirmed)"
    assert renderer.dates(make_event(date_precision="vague", start_date=None, end_date=None), "zh") == "日期待定"


def test_reminders_changes_and_cancellations_say_so(renderer: Renderer) -> None:
    event = make_event()
    reminder = renderer.alert(_claimed("reminder", [event], slot="1d"), "zh", today=dt.date(2026, 6, 19))
    assert reminder.startswith("⏰ <b>明天开幕</b>")
    changed = _claimed("changed", [make_event()])
    changed.changes[1] = {"venue": ["旧馆", "新馆 <A>"]}
    assert "地点: 旧馆 → 新馆 &lt;A&gt;" in renderer.alert(changed, "zh", today=TODAY)
    moved = _claimed("changed", [make_event()])
    moved.changes[1] = {
        "start_date": ["2026-06-20", "2026-08-20"],
        "because": "受场馆改造影响，博览会延期至8月20日至22日举办。",
    }
    message = renderer.alert(moved, "zh", today=TODAY)
    assert "开始日期: 2026-06-20 → 2026-08-20" in message
    assert "依据：受场馆改造影响，博览会延期至8月20日至22日举办。" in message
    assert "because" not in message
    cancelled = renderer.alert(_claimed("changed", [make_event(status="cancelled")]), "en", today=TODAY)
    assert cancelled.startswith("❌ <b>Event cancelled</b>")


def test_words_resolve_to_industries_and_regions(choices: Choices) -> None:
    parsed = choices.parse(
        ["生物医药", "semiconductors", "Artificial intelligence", "广东省", "广州市", "shanghai", "4403"]
    )
    assert parsed.industries == ["biomedicine", "semiconductors"]
    parsed = choices.parse(["医疗器械", "海珠区", "全国", "吉林"])
    assert parsed.industries == ["biomedicine"]  # a keyword of the taxonomy
    assert parsed.regions == ["海珠区", "吉林"]  # canonical names: 吉林 is the province, the city is 吉林市
    assert choices.parse(["深训"]).unknown == [("深训", ["深圳"])]
    # Four cities have a 鼓楼区: the user is offered them, not given one of them.
    assert choices.parse(["鼓楼区"]).unknown == [("鼓楼区", ["南京鼓楼区", "徐州鼓楼区", "福州鼓楼区", "开封鼓楼区"])]


def test_deep_links(choices: Choices) -> None:
    parsed = choices.parse_deep_link("sub-new-energy-vehicles-inner-mongolia")
    assert parsed is not None
    assert (parsed.industries, parsed.regions) == (["new-energy-vehicles"], ["内蒙古"])
    parsed = choices.parse_deep_link("sub-all-4401")
    assert parsed is not None
    assert (parsed.industries, parsed.regions) == ([], ["广州"])
    assert choices.deep_link(["biomedicine"], ["广东"]) == "sub-biomedicine-guangdong"
    # Several of each (the page's "get alerts in Telegram" link), ids with a - inside read whole.
    link = choices.deep_link(["new-energy-vehicles", "ai"], ["内蒙古", "广州", "粤港澳大湾区"])
    assert link == "sub-new-energy-vehicles-ai-inner-mongolia-4401-greater-bay-area"
    parsed = choices.parse_deep_link(link)
    assert parsed is not None
    assert (parsed.industries, parsed.regions) == (["new-energy-vehicles", "ai"], ["内蒙古", "广州", "粤港澳大湾区"])
    assert choices.deep_link([], []) == "sub-all-all"
    assert choices.deep_link(["biomedicine"], ["广东", "广西", "海南", "福建", "江西", "湖南", "贵州", "云南"]) is None
    parsed = choices.parse_deep_link("sub-biomedicine-guangdong-atlantis")
    assert parsed is not None
    assert (parsed.regions, [word for word, _ in parsed.unknown]) == (["广东"], ["atlantis"])
    assert choices.parse_deep_link("hello") is None
    assert choices.featured_provinces[0].name == "广东"


def test_english_speakers_see_an_event_under_its_english_name(renderer: Renderer) -> None:
    names = {"name": "第137届中国进出口商品交易会", "aliases": ["137th China Import and Export Fair"]}
    english = renderer.alert(_claimed("new", [make_event(**names)]), "en", today=TODAY)
    assert "<b>137th China Import and Export Fair</b>" in english
    chinese = renderer.alert(_claimed("new", [make_event(**names)]), "zh", today=TODAY)
    assert "<b>第137届中国进出口商品交易会</b>" in chinese
    assert "137th China Import and Export Fair" in renderer.listing_item(1, make_event(**names), "en")
