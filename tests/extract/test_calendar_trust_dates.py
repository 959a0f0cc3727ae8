"""What a planner reading the calendar would notice (issue #10): an event's own dates and status, not the report's,
a headline's or a plan's that a postponement replaced.

Texts are written by us in the style of 新闻联播 stories, 7x24 flashes and local news (shared/corpus holds the real
ones); each case is named for the scenario it guards.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract import Taxonomy
from tests.extract.reading import read_events


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param(
            "今天（6月12日），记者从商务部获悉，第八届中国—亚欧博览会将于6月26日至30日在新疆乌鲁木齐举办。",
            date(2024, 6, 12),
            (date(2024, 6, 26), date(2024, 6, 30), "upcoming"),
            id="report-day-is-not-the-event-day",
        ),
        pytest.param(
            "国务院新闻办今天（7月25日）举行新闻发布会，商务部有关负责人介绍，第八届中国—南亚博览会将于8月16日至20日"
            "在云南昆明举办。",
            date(2024, 7, 25),
            (date(2024, 8, 16), date(2024, 8, 20), "upcoming"),
            id="range-after-a-press-conference",
        ),
        pytest.param(
            "今天（6月29日），第二十届中国西部国际博览会在四川成都开幕。本届西博会会期五天，吸引了3500多家企业参展。",
            date(2024, 6, 29),
            (date(2024, 6, 29), date(2024, 7, 3), "ongoing"),
            id="session-length-in-the-next-sentence",
        ),
        pytest.param(
            "美港电讯23日讯，在今日的第二届5G确定性网络产业峰会上，多家运营商联合发布了产业白皮书。",
            date(2024, 2, 23),
            (date(2024, 2, 23), date(2024, 2, 23), "ongoing"),
            id="the-gathering-of-today",
        ),
        pytest.param(
            "第四届中国—中东欧国家博览会5月16日—20日举行记者今天（5月5日）从国务院新闻办获悉，"
            "第四届中国—中东欧国家博览会将于5月16日—20日在浙江省宁波市举行。",
            date(2024, 5, 5),
            (date(2024, 5, 16), date(2024, 5, 20), "upcoming"),
            id="a-headlines-bare-held-is-not-last-year",
        ),
        pytest.param(
            "今天（11月17日），第十六届中国国际航空航天博览会在广东珠海闭幕。为期六天的航展总参观人数达到近60万。",
            date(2026, 11, 17),
            (date(2026, 11, 12), date(2026, 11, 17), "ongoing"),
            id="duration-of-the-event-just-named",
        ),
        pytest.param(
            "今天（4月15日）起至5月5日，第133届广交会在广州分三期举办。",
            date(2023, 4, 15),
            (date(2023, 4, 15), date(2023, 5, 5), "ongoing"),
            id="range-around-a-bracket",
        ),
        pytest.param(
            "为期三天的第十五届夏季达沃斯论坛今天（6月27日）在大连闭幕。",
            date(2024, 6, 27),
            (date(2024, 6, 25), date(2024, 6, 27), "ongoing"),
            id="closing-day-and-duration",
        ),
        pytest.param(
            "16日，为期3天的第16届世界未来能源峰会在阿联酋阿布扎比开始举行。",
            date(2024, 4, 17),
            (date(2024, 4, 16), date(2024, 4, 18), "ongoing"),
            id="opening-day-and-duration",
        ),
        pytest.param(
            "第五届中国国际茶叶博览会今天（5月20日）在杭州开幕。展会将持续至5月24日。",
            date(2023, 5, 20),
            (date(2023, 5, 20), date(2023, 5, 24), "ongoing"),
            id="lasts-until",
        ),
        pytest.param(
            "第二十届中国国际中小企业博览会今天进入第二天，现场签约活跃。",
            date(2024, 6, 12),
            (date(2024, 6, 11), None, "ongoing"),
            id="second-day-means-it-opened-yesterday",
        ),
        pytest.param(
            "第十九届中国西部国际博览会今天（6月11日）在成都开幕。",
            date(2024, 6, 11),
            (date(2024, 6, 11), None, "ongoing"),
            id="opening-day-alone-leaves-the-end-open",
        ),
    ],
)
def test_event_dates_are_the_events_own(
    text: str, published: date, expected: tuple[date | None, date | None, str], taxonomy: Taxonomy
) -> None:
    events = read_events(text, taxonomy, published=published)
    assert len(events) == 1, events
    e = events[0]
    assert (e.start, e.end, e.status) == expected


@pytest.mark.parametrize(
    ("text", "published", "status"),
    [
        pytest.param(
            "【王总：明年智能座舱将全面普及】在2025中国汽车产业论坛上，某公司总经理王总表示，明年智能座舱将全面普及。",
            date(2025, 6, 19),
            "held",
            id="what-a-speaker-said-at-the-forum",
        ),
        pytest.param(
            "某协会会长4日在参加第九届国际能源经济论坛时表示，他不认为即将在日内瓦举行的谈判会有突破。",
            date(2025, 6, 5),
            "held",
            id="clause-tense-over-another-clauses-future",
        ),
        pytest.param(
            "正在重庆举行的第五届西部投资贸易洽谈会上集中签约重大项目102个。",
            date(2025, 5, 22),
            "held",
            id="results-of-a-running-fair",
        ),
        pytest.param("2026年成都国际园艺博览会已正式开园。", date(2026, 5, 5), "held", id="already-opened"),
    ],
)
def test_undated_event_status_from_its_own_clause(text: str, published: date, status: str, taxonomy: Taxonomy) -> None:
    events = read_events(text, taxonomy, published=published)
    assert [e.status for e in events] == [status]


def test_a_headline_target_year_does_not_date_the_forum(taxonomy: Taxonomy) -> None:
    text = (
        "【董事长：2060年清洁能源发电占比将达到90%】某集团董事长6月10日在第十五届陆家嘴论坛指出，"
        "到2060年清洁能源发电占比将达到90%。"
    )
    (event,) = read_events(text, taxonomy, published=date(2025, 6, 10))
    assert event.start is None or event.start.year == 2025
    assert event.status in ("held", "ongoing")


def test_without_a_publication_date_the_names_year_dates_the_event(taxonomy: Taxonomy) -> None:
    text = "10月15日-16日，以“未来，与你面对面”为主题的2012中国国际教育展将在北京国贸展厅拉开帷幕。"
    (event,) = read_events(text, taxonomy, published=None)
    assert (event.start, event.end, event.partial_date) == (date(2012, 10, 15), date(2012, 10, 16), None)


@pytest.mark.parametrize(
    "text",
    [
        "原定5月10日至12日举办的2026中国（成都）国际汽车零部件博览会延期至9月6日至8日举办。",
        "2026中国（成都）国际汽车零部件博览会原计划于5月10日至12日举办，现调整至9月6日至8日。",
        "受台风影响，2026中国（成都）国际汽车零部件博览会将推迟至9月6日至8日举办，原定于5月10日开幕。",
    ],
    ids=["original-first", "plan-then-change", "change-then-plan"],
)
def test_a_postponement_gives_the_new_dates_not_the_plan_it_replaces(text: str, taxonomy: Taxonomy) -> None:
    events = read_events(text, taxonomy, published=date(2026, 4, 28))
    assert [(e.start, e.end, e.change) for e in events] == [(date(2026, 9, 6), date(2026, 9, 8), "moved")]
