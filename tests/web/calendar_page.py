"""The calendar the browser tests look at: the events they seed (one with a name that is a script), the names the
page lists, and the folder their screenshots go to for a person to look at."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.conftest import REPO
from tests.web.conftest import add_event, link_article

ARTIFACTS = REPO / "test-artifacts"
SCRIPT_NAME = "<script>window.__pwned = 1</script>国际医疗器械展"
QUOTE_URL = 'https://news.example/a?title="expo"&id=7'


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
