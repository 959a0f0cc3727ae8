"""The demo's articles: news we wrote ourselves about invented events, dated relative to the day they are served.

A fresh install must show a calendar with something coming, whenever it is installed. Fixed dates went stale (after
2027-04 the demo calendar was empty), so each article is written from a template: a yearly series (a fair every
March, a forum every December …) whose edition of a year has fixed days, announced on a fixed day before it
opens (or reported just after it closed). Served on a day, the demo carries the articles published in the year
up to that day: the announcement of every edition that is coming and the reports of the last ones.

Anchoring on the editions, not on "today + N days", is deliberate: an article's text, and so its dates, never
change once it is published. Were they shifted every day, each poll would re-extract every article and move every
demo event, and subscribers would get a change notice a day. The spread of the series (their announcement to
closing spans overlap around the year) keeps at least one upcoming event on any day. The text states each date,
as a real article would, so the extractor reads them from it like any other source's; and each edition's text
names its year, since two texts alike are one story to the poller, however far apart they were published.

Nothing here reads the clock: the day is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Publication time of every demo article, Beijing time (the hour a press office would publish).
PUBLISHED_AT = dt.time(10, 0)
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 to 99 in Chinese numerals, as an edition is written (第五届, 第十二届, 第二十届)."""
    if not 0 < number < 100:
        raise ValueError(f"an edition between 1 and 99, got {number}")
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[units] if units else ''}"


@dataclass(frozen=True, slots=True)
class Series:
    """A yearly event and the article written about each edition.

    The edition of year Y runs ``days`` days from ``month``/``day`` of Y; its article is published on
    ``published_on`` = (years from Y, month, day): ``(-1, 10, 15)`` announces it on 15 October of the year before,
    ``(0, 11, 16)`` reports it on 16 November. A fixed day of the year, not a number of days before the opening,
    so every year has exactly one article of each series, leap years too. ``title`` and ``body`` are formatted
    with :meth:`fields`.
    """

    slug: str
    month: int
    day: int
    days: int
    published_on: tuple[int, int, int]
    first_year: int
    title: str
    body: tuple[str, ...]

    def start(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)

    def end(self, year: int) -> dt.date:
        return self.start(year) + dt.timedelta(days=self.days - 1)

    def published(self, year: int) -> dt.date:
        years, month, day = self.published_on
        return dt.date(year + years, month, day)

    def fields(self, year: int) -> dict[str, object]:
        start, end = self.start(year), self.end(year)
        return {
            "year": year,
            "edition": chinese_number(year - self.first_year + 1),
            "start": f"{start.year}年{start.month}月{start.day}日",
            "sm": start.month,
            "sd": start.day,
            "until": f"{end.day}日" if end.month == start.month else f"{end.month}月{end.day}日",
        }


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    guid: str
    title: str
    paragraphs: tuple[str, ...]
    published: dt.datetime  # aware, Beijing time
    start: dt.date  # what the text says, for tests and the index page
    end: dt.date


SERIES: tuple[Series, ...] = (
    Series(
        slug="gba-biomedicine-expo",
        month=3, day=18, days=3, published_on=(-1, 10, 15), first_year=2019,
        title="{year}粤港澳大湾区生物医药产业博览会将于{sm}月在广州举办",
        body=(
            "记者从广东省工业和信息化厅获悉，{year}粤港澳大湾区生物医药产业博览会定于{start}至{until}在广州琶洲广交会展馆举办。",
            "本届博览会展览面积约5万平方米，设创新药、医疗器械、生物制品和中医药四大展区，预计吸引800余家企业参展。"
            "展会期间还将开展产业链供应链对接和投融资路演。",
        ),
    ),
    Series(
        slug="cd-ai-robotics",
        month=4, day=22, days=3, published_on=(-1, 11, 18), first_year=2023,
        title="第{edition}届中国（成都）人工智能与机器人大会明年{sm}月举行",
        body=(
            "据成都市经济和信息化局消息，第{edition}届中国（成都）人工智能与机器人大会拟于明年{sm}月{sd}日至{until}"
            "在成都世纪城新国际会展中心举行，大会将设人形机器人、具身智能和大模型应用三个专题论坛。",
        ),
    ),
    Series(
        slug="jjj-manufacturing-promotion",
        month=6, day=12, days=1, published_on=(0, 4, 10), first_year=2024,
        title="{year}京津冀先进制造业招商推介会6月在京举办",
        body=(
            "{year}京津冀先进制造业招商推介会将于{sm}月{sd}日在北京国家会议中心举办，重点推介高端装备、工业母机和"
            "航空航天产业项目，京津冀三地200余家企业将参会。",
        ),
    ),
    Series(
        slug="hz-digital-matchmaking",
        month=7, day=8, days=2, published_on=(0, 5, 20), first_year=2021,
        title="第{edition}届中国（杭州）数字经济产业对接会7月开幕",
        body=(
            "第{edition}届中国（杭州）数字经济产业对接会将于{start}至{until}在杭州国际博览中心举行，设工业互联网、"
            "数据要素和跨境电商三个对接专场，预计促成合作项目百余个。",
        ),
    ),
    Series(
        slug="wh-optoelectronics-expo",
        month=9, day=16, days=3, published_on=(0, 6, 30), first_year=2020,
        title="{year}中国（武汉）光电子信息产业博览会9月举办",
        body=(
            "{year}中国（武汉）光电子信息产业博览会定于{sm}月{sd}日至{until}在武汉国际博览中心举办，展会聚焦光通信、"
            "激光和新型显示产业，设展位1500个。",
        ),
    ),
    Series(
        slug="xm-new-materials-forum",
        month=10, day=20, days=2, published_on=(0, 8, 28), first_year=2022,
        title="{year}中国（厦门）新材料产业发展论坛10月召开",
        body=(
            "{year}中国（厦门）新材料产业发展论坛将于{sm}月{sd}日至{until}在厦门国际会议中心召开，论坛围绕石墨烯、"
            "稀土功能材料和先进复合材料开展交流，并发布新材料产业合作项目。",
        ),
    ),
    Series(
        slug="js-nev-matchmaking",
        month=11, day=13, days=1, published_on=(0, 11, 16), first_year=2020,
        title="{year}江苏省新能源汽车产业链供需对接会在南京成功举办",
        body=(
            "{sm}月{sd}日，{year}江苏省新能源汽车产业链供需对接会在南京国际博览中心成功举办。来自整车、动力电池和充电设施"
            "领域的120余家企业参加对接，现场达成合作意向46项。",
        ),
    ),
    Series(
        slug="yrd-ic-forum",
        month=12, day=9, days=1, published_on=(0, 11, 10), first_year=2019,
        title="长三角集成电路产业发展论坛下月在上海召开",
        body=(
            "“{year}长三角集成电路产业发展论坛”将于{sm}月{sd}日在上海国家会展中心召开。"
            "论坛以“芯链协同 共创未来”为主题，围绕芯片设计、晶圆制造和封装测试等环节开展交流，"
            "并发布长三角半导体产业合作倡议。",
        ),
    ),
    Series(
        slug="sd-storage-promotion",
        month=12, day=15, days=2, published_on=(0, 11, 20), first_year=2021,
        title="{year}山东省储能产业合作推介会将于12月在济南举办",
        body=(
            "{year}山东省储能产业合作推介会将于{sm}月{sd}日至{until}在济南山东国际会展中心举办，重点推介新型储能、锂电池材料"
            "和光伏储能一体化项目，欢迎有关企业报名参加。",
        ),
    ),
)  # fmt: skip


def article(series: Series, year: int) -> Article:
    fields = series.fields(year)
    published = dt.datetime.combine(series.published(year), PUBLISHED_AT, BEIJING)
    return Article(
        slug=f"{series.slug}-{year}",
        guid=f"demo-{year}-{series.slug}",
        title=series.title.format(**fields),
        paragraphs=tuple(paragraph.format(**fields) for paragraph in series.body),
        published=published,
        start=series.start(year),
        end=series.end(year),
    )


def articles_on(today: dt.date) -> list[Article]:
    """The articles published in the year up to ``today`` (Beijing; after the same day a year before), newest first:
    one of each series."""
    year_before = today.replace(year=today.year - 1, day=28) if (today.month, today.day) == (2, 29) else None
    year_before = year_before or today.replace(year=today.year - 1)
    found = [
        article(series, year)
        for series in SERIES
        for year in (today.year - 1, today.year, today.year + 1)
        if year_before < series.published(year) <= today and year >= series.first_year
    ]
    return sorted(found, key=lambda item: (item.published, item.slug), reverse=True)


def find(slug: str, today: dt.date) -> Article | None:
    """The article of ``slug`` (``<series>-<year>``) if it is published by ``today``; any year's, so old links work."""
    name, _, year = slug.rpartition("-")
    series = next((series for series in SERIES if series.slug == name), None)
    if series is None or not year.isdigit() or not 2000 <= int(year) <= today.year + 1:
        return None
    if series.published(int(year)) > today or int(year) - series.first_year + 1 < 1:
        return None
    return article(series, int(year))
