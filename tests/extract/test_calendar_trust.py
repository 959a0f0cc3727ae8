"""What a planner reading the calendar would notice, one scenario per kind of error issue #10 names: here, what is
an industry event at all and what it is called (its dates are in test_calendar_trust_dates.py, its industries and
place in test_calendar_trust_industries_and_places.py).

Texts are written by us in the style of 新闻联播 stories, 7x24 flashes and local news (shared/corpus holds the real
ones); each case is named for the scenario it guards.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract import Taxonomy
from tests.extract.reading import read_events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "二十国集团领导人第十九次峰会今天在里约热内卢开幕，国家主席习近平出席并发表讲话。",
            [],
            id="summit-of-states",
        ),
        pytest.param(
            "首届中国—中亚峰会将于5月18日至19日在西安举行，中亚五国元首将出席。", [], id="summit-of-named-states"
        ),
        pytest.param("全球妇女峰会今天在纽约举行，与会代表围绕妇女发展议题交流。", [], id="womens-summit"),
        pytest.param("庆祝中华人民共和国成立75周年大会今天上午在北京隆重举行。", [], id="celebration-congress"),
        pytest.param(
            "全国科技大会今天在北京召开，会议表彰了国家科学技术奖获得者。", [], id="national-government-congress"
        ),
        pytest.param("市委召开党外人士座谈会，通报上半年经济运行情况。", [], id="officials-forum"),
        # the press conference is not an event; the fair it is about is
        pytest.param(
            "国务院新闻办公室今天举行新闻发布会，介绍第135届广交会筹备情况。", ["第135届广交会"], id="press-conference"
        ),
        pytest.param("公司将于7月5日召开2024年第一次股东特别大会，审议相关议案。", [], id="shareholders-meeting"),
        pytest.param("公司将于6月20日举行2023年度业绩说明会，与投资者互动交流。", [], id="earnings-call"),
        pytest.param("《新时代的乡村》新书推介会今天在国家图书馆举行。", [], id="book-launch"),
        pytest.param("中国历代书画精品展今天在国家博物馆开幕，展出文物200余件。", [], id="cultural-show"),
        pytest.param("第三届“天宫画展”在中国空间站正式开展。", [], id="painting-show"),
        pytest.param("红色娘子军主题陈列展今天在琼海开展。", [], id="memorial-display"),
        pytest.param(
            "第二十届中国—东盟博览会期间将举办数十场专业论坛。", ["第二十届中国—东盟博览会"], id="count-of-forums"
        ),
        pytest.param("各类展会、国家级展会相继恢复线下举办。", [], id="generic-fairs"),
        pytest.param("今年以来，我市企业积极参加海外展会，拓展国际市场。", [], id="overseas-fairs-in-general"),
        pytest.param("《中关村论坛创新报告2025》今天发布。", [], id="forum-name-inside-a-report-title"),
        pytest.param("企业廉洁合规建设座谈会今天在京召开，与会企业交流合规经验。", [], id="anti-corruption-meeting"),
        pytest.param("“故宫与卢浮宫”展今天在首都博物馆开幕，展出珍贵文物120件。", [], id="titled-museum-show"),
        pytest.param("市公安局今天举办警营开放日活动，邀请市民走进警营。", [], id="open-day-activity"),
        pytest.param("第十届青年影展今天在西宁开幕，展映影片60部。", [], id="film-festival"),
        pytest.param(
            "深化国有企业改革地方现场会今天在济南召开，交流国企改革经验。", [], id="government-reform-meeting"
        ),
    ],
)
def test_not_industry_events_stay_out_of_the_calendar(text: str, expected: list[str], taxonomy: Taxonomy) -> None:
    assert [e.name for e in read_events(text, taxonomy)] == expected


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        pytest.param("如有进一步进展会及时公告。", "进展会", id="progress-will"),
        pytest.param("天舟七号与空间站完成快速交会对接。", "交会", id="rendezvous-in-space"),
        pytest.param("专家预计今年上半年会有更多企业回流。", "年会", id="first-half-will"),
        pytest.param("记者从大会组委会获悉，报名人数已超过一万。", "大会", id="reporter-from-the-congress"),
        pytest.param("按照展会要求，参展商须提前报备。", "展会", id="according-to-the-fair"),
        pytest.param("丰收时节，希望的田野铺展美丽画卷。", "铺展", id="spread-out"),
        pytest.param("贸易投资对接会邀请近4000家展客商参加洽谈对接。", "家展", id="exhibitors-and-buyers"),
        pytest.param("首批进境展品今天顺利入境通关，运往展会现场。", "运往", id="shipped-to-the-fair"),
        pytest.param("本届高交会展会总面积达到50万平方米。", "高交会展会", id="the-fairs-show-area"),
        pytest.param("19岁的中国选手潘展乐以47秒53的成绩夺得冠军。", "潘展", id="a-persons-name"),
        pytest.param("36家企业代表还与消博会组委会举行了集中签约。", "与消博会", id="a-joiner-in-front"),
        pytest.param("在二期展会上，绿色低碳产品展出约23万件。", "二期展会", id="a-phase-alone"),
        pytest.param(
            "应世界经济论坛主席邀请，总理将出席世界经济论坛2024年年会。", "应世界经济论坛", id="at-the-invitation-of"
        ),
    ],
)
def test_fragments_are_not_read_as_names(text: str, forbidden: str, taxonomy: Taxonomy) -> None:
    assert not [e.name for e in read_events(text, taxonomy) if forbidden in e.name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "国家主席习近平向2025世界智能产业博览会致贺信。",
            "2025世界智能产业博览会",
            id="head-of-state-clause-in-front",
        ),
        pytest.param("阿拉布表示全球数字经济峰会将于7月在北京举行。", "全球数字经济峰会", id="speaker-clause-in-front"),
        pytest.param(
            "借中博会平台，中部六省签约项目超过百个。第十四届中博会今天在太原开幕。",
            "第十四届中博会",
            id="verb-glued-to-a-fair-short-name",
        ),
        pytest.param("今年3月份上海地板展将在新国际博览中心举办。", "上海地板展", id="relative-time-before-the-name"),
        pytest.param(
            "丁薛祥出席第二十一届中国—东盟博览会暨中国—东盟商务与投资峰会开幕式。",
            "第二十一届中国—东盟博览会暨中国—东盟商务与投资峰会",
            id="a-joint-name-stays-whole",
        ),
        pytest.param(
            "国际人士积极评价第六届中国国际进口博览会取得的丰硕成果。",
            "第六届中国国际进口博览会",
            id="a-verb-of-judging-in-front",
        ),
        pytest.param(
            "论坛期间还将举办第十五届国际交通技术和设备展览会。",
            "第十五届国际交通技术和设备展览会",
            id="a-conjunction-inside-a-name-that-opens-with-its-edition",
        ),
        pytest.param(
            "2023世界物联网博览会今天在无锡开幕。",
            "2023世界物联网博览会",
            id="never-cut-inside-an-industry-word",
        ),
    ],
)
def test_names_start_after_the_clause_that_introduces_them(text: str, expected: str, taxonomy: Taxonomy) -> None:
    assert [e.name for e in read_events(text, taxonomy)] == [expected]


def test_a_conjunction_between_two_events_joins_two_events(taxonomy: Taxonomy) -> None:
    text = "第20届中国—东盟博览会和中国—东盟商务与投资峰会今天在南宁闭幕。"
    assert [e.name for e in read_events(text, taxonomy)][:1] == ["第20届中国—东盟博览会"]


def test_a_short_name_and_the_full_name_are_one_event(taxonomy: Taxonomy) -> None:
    text = (
        "第十五届中国航展今天闭幕\n"
        "为期6天的第十五届中国国际航空航天博览会今天（11月17日）在珠海闭幕，各类贸易洽谈签约额超过2800亿元。"
    )
    events = read_events(text, taxonomy, published=date(2024, 11, 17))
    assert len(events) == 1, events
    assert (events[0].start, events[0].end, events[0].city) == (date(2024, 11, 12), date(2024, 11, 17), "珠海")


def test_an_institution_is_not_an_occurrence(taxonomy: Taxonomy) -> None:
    text = "广交会、服贸会、进博会、消博会，一个个开放平台影响力不断扩大。作为首个以进口为主题的展会，进博会已成功举办6届。"
    assert read_events(text, taxonomy) == []


def test_a_fairs_short_name_joins_the_edition_the_article_is_about(taxonomy: Taxonomy) -> None:
    text = (
        "今天（3月17日），第137届广交会首批进境展品顺利通关。本届广交会将于4月15日至5月5日分三期在广州举办，"
        "预计参展企业超3万家。"
    )
    events = read_events(text, taxonomy, published=date(2025, 3, 17))
    assert [(e.name, e.start, e.end) for e in events] == [("第137届广交会", date(2025, 4, 15), date(2025, 5, 5))]


def test_an_aside_in_brackets_is_not_part_of_the_name(taxonomy: Taxonomy) -> None:
    text = "今天（30日）博鳌亚洲论坛举行2026年年会新闻发布会。博鳌亚洲论坛2026年年会将于3月24日至27日在海南博鳌举行。"
    names = [e.name for e in read_events(text, taxonomy, published=date(2026, 1, 30))]
    assert names == ["博鳌亚洲论坛2026年年会"]


def test_a_name_keeps_its_latin_words_and_year(taxonomy: Taxonomy) -> None:
    text = "【某电池企业：4680电池年内量产】在近日举办的CIBF 2025展会上，该企业首发的全极耳电池正式亮相。"
    names = [e.name for e in read_events(text, taxonomy, published=date(2025, 5, 20))]
    assert names == ["CIBF 2025展会"]


def test_attending_reaches_over_a_list_to_the_forum(taxonomy: Taxonomy) -> None:
    text = "两国领导人还将共同出席合作文件的签字仪式和中法经贸论坛暨企业家洽谈会。"
    events = read_events(text, taxonomy, published=date(2025, 4, 2))
    assert [(e.name, e.status) for e in events] == [("中法经贸论坛暨企业家洽谈会", "upcoming")]


def test_a_fairs_program_items_are_not_events_of_their_own(taxonomy: Taxonomy) -> None:
    text = "首届上海国际碳中和博览会今天（6月11日）开幕。碳博会为期4天，将举办主题展览、系列论坛和贸易对接活动。"
    names = [e.name for e in read_events(text, taxonomy, published=date(2025, 6, 11))]
    assert names == ["首届上海国际碳中和博览会"]
