"""What a planner reading the calendar would notice (issue #10): an event is filed under the industries it shows and
placed in its own city, and the decision keeps its reasons.

Texts are written by us in the style of 新闻联播 stories, 7x24 flashes and local news (shared/corpus holds the real
ones); each case is named for the scenario it guards.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract import Taxonomy
from tests.extract.reading import read_events


def test_industries_come_from_what_the_event_shows(taxonomy: Taxonomy) -> None:
    text = "“AI&机器人融合创新大会”今天在深圳开幕，集中展示人工智能与机器人最新成果。"
    events = read_events(text, taxonomy)
    assert len(events) == 1, events
    assert {"robotics", "ai"} <= set(events[0].industries)
    assert events[0].city == "深圳"


def test_a_general_fair_is_filed_under_trade(taxonomy: Taxonomy) -> None:
    events = read_events(
        "第七届中国—南亚博览会将于8月16日至20日在云南昆明举办。", taxonomy, published=date(2023, 7, 25)
    )
    assert [(e.name, e.industries, e.kind) for e in events] == [("第七届中国—南亚博览会", ("trade",), "exhibition")]


def test_a_general_forum_is_not_filed_under_what_its_speakers_mentioned(taxonomy: Taxonomy) -> None:
    text = "中国经济发展论坛2025年会今天在京开幕，与会嘉宾围绕新能源汽车、集成电路和生物医药等话题发言。"
    (event,) = read_events(text, taxonomy, published=date(2025, 3, 22))
    assert event.industries == ("trade",)


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        pytest.param("第十五届中国航展将于11月12日至17日在珠海举行。", "advanced-manufacturing", id="air-show"),
        pytest.param("第三十五届香港书展将于7月16日至22日举行。", "culture-tourism", id="book-fair"),
        pytest.param("2025全球6G技术大会将于3月25日在南京开幕。", "electronics", id="6g-conference"),
        pytest.param("第二十一届国际核能大会将于5月在上海召开。", "new-energy", id="nuclear-energy"),
        pytest.param("第112届全国糖酒商品交易会将于3月26日至28日在成都举办。", "agriculture-food", id="food-and-drink"),
    ],
)
def test_industry_named_by_the_fairs_trade_word(text: str, industry: str, taxonomy: Taxonomy) -> None:
    (event,) = read_events(text, taxonomy, published=date(2025, 1, 10))
    assert industry in event.industries


def test_the_decision_keeps_its_reasons(taxonomy: Taxonomy) -> None:
    (event,) = read_events("2024世界半导体大会将于6月5日在南京开幕。", taxonomy, published=date(2024, 5, 20))
    assert event.kind == "conference"
    assert any("半导体" in r or "semiconductors" in r for r in event.evidence.reasons), event.evidence.reasons
    assert any(r.startswith("date: start") for r in event.evidence.reasons), event.evidence.reasons


@pytest.mark.parametrize(
    ("text", "city", "province"),
    [
        pytest.param(
            "首届中国康养产业投资论坛在京举行，来自全国的300多家机构参加。", "北京", "北京", id="city-by-nickname"
        ),
        pytest.param(
            "2025长三角数字经济论坛今天在沪开幕，论坛为期两天。", "上海", "上海", id="city-by-one-character-nickname"
        ),
        pytest.param(
            "为期3天的第12届国际能源转型峰会今天在阿联酋迪拜开始举行，各国能源企业代表参会。",
            "迪拜",
            None,
            id="abroad-country-then-city",
        ),
        pytest.param(
            "第九届中国-中东欧企业家峰会14日在塞尔维亚海滨城市诺维萨德举行，双方签署多项合作协议。",
            "诺维萨德",
            None,
            id="abroad-city-not-in-any-list",
        ),
        pytest.param(
            "俄罗斯总统4日在参加圣彼得堡国际经济论坛时表示，他不期待即将在瑞士日内瓦举行的会晤有任何突破。",
            "圣彼得堡",
            None,
            id="abroad-city-in-the-name-beats-another-clause",
        ),
        pytest.param("2025中关村论坛年会今天发布20项重大科技成果并落下帷幕。", "北京", "北京", id="zone-in-the-name"),
        pytest.param(
            "为期4天的博鳌亚洲论坛2025年年会今天下午在海南博鳌落下帷幕。", "琼海", "海南", id="zone-after-province"
        ),
        pytest.param(
            "第136届广交会开幕在即，目前各项筹备工作已基本就绪。", "广州", "广东", id="standing-series-home-city"
        ),
        pytest.param(
            "国新办今天举行新闻发布会，介绍第八届数字经济建设峰会筹备情况。峰会将于今年5月20日至21日在福建省福州市召开。",
            "福州",
            "福建",
            id="place-in-the-follow-up-sentence",
        ),
        pytest.param(
            "2025国际氢能大会组委会今天在京举行新闻发布会，宣布大会将于9月在广东佛山举办。",
            "佛山",
            "广东",
            id="press-conference-place-is-not-the-events",
        ),
    ],
)
def test_event_is_placed_in_its_own_city(text: str, city: str, province: str | None, taxonomy: Taxonomy) -> None:
    (event,) = read_events(text, taxonomy)
    assert (event.city, event.province) == (city, province)
