"""A feed of hundreds of items, each an event on its own day in its own city, polled on SQLite and PostgreSQL.

The merger looks up the stored events near every reported date and city of a poll at once; that lookup must
hold however many there are (SQLite refuses an expression nested over 1,000 deep).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db.models.events import Event, EventArticle
from extract.gazetteer import default_gazetteer
from scheduler.poller import Poller
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import source_row

PollerFactory = Callable[..., Poller]
AddSource = Callable[..., int]
ITEMS = 500
FIRST_DAY = dt.date(2027, 1, 4)
INDUSTRIES = ("新能源汽车", "生物医药", "人工智能", "集成电路", "新材料")


def _fairs() -> list[tuple[str, str, dt.date]]:
    """(name, city, day) of ITEMS fairs: a week and a day apart (no two near one another), the cities in turn."""
    # Full names (三明市, 兴安盟): some short ones are ordinary words too (朝阳, 海南), not read as the city.
    cities = sorted({place.name for place in default_gazetteer().places if place.level == "city"})
    fairs = []
    for n in range(ITEMS):
        city, industry, day = (
            cities[n % len(cities)],
            INDUSTRIES[n % len(INDUSTRIES)],
            FIRST_DAY + dt.timedelta(days=8 * n),
        )
        fairs.append((f"{day.year}{city}{industry}产业博览会", city, day))
    return fairs


def _feed(prefix: str, say: Callable[[str, str, dt.date], str]) -> Route:
    items = "".join(
        f"<item><title>{name}</title><guid>{prefix}-{n}</guid><pubDate>Mon, 02 Nov 2026 02:00:00 GMT</pubDate>"
        f"<description>{say(name, city, day)}</description></item>"
        for n, (name, city, day) in enumerate(_fairs())
    )
    return Route(
        body=(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>展会排期</title>'
            f"<link>http://example.invalid/</link><description>示例</description>{items}</channel></rss>"
        ).encode()
    )


def _announced(name: str, city: str, day: dt.date) -> str:
    return f"{name}将于{day.year}年{day.month}月{day.day}日在{city}国际会展中心举办，预计吸引300家企业参展。"


def _reported(name: str, city: str, day: dt.date) -> str:
    return f"记者获悉，{name}定于{day.year}年{day.month}月{day.day}日在{city}开幕，欢迎相关企业报名参展。"


async def test_five_hundred_fairs_on_distinct_days_in_distinct_cities(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    announcing = add_source("announcing", server.route("/announcing.xml", _feed("a", _announced)))
    reporting = add_source("reporting", server.route("/reporting.xml", _feed("r", _reported)))
    poller = make_poller()
    first = await poller.poll(announcing)
    assert first.ok, first.error
    assert (first.articles_new, first.events_new) == (ITEMS, ITEMS)
    # Another outlet reports the same fairs in its own words: the stored events are found, none is made twice.
    second = await poller.poll(reporting)
    assert second.ok, second.error
    assert (second.articles_new, second.events_new, second.events_changed) == (ITEMS, 0, 0)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == ITEMS
        assert session.scalar(select(func.count()).select_from(EventArticle)) == 2 * ITEMS
        days = {name: day for name, day in session.execute(select(Event.name, Event.start_date))}
    assert days == {name: day for name, _, day in _fairs()}
    assert source_row(engine, reporting).consecutive_failures == 0
