"""What a planner reading the calendar would notice, one scenario per kind of error issue #10 names.

Texts are written by us in the style of 新闻联播 stories, 7x24 flashes and local news (shared/corpus holds the real
ones); each case is named for the scenario it guards.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract import ExtractedEvent, Taxonomy, extract_events

_PUB = date(2024, 6, 12)


def _events(text: str, taxonomy: Taxonomy, published: date | None = _PUB) -> list[ExtractedEvent]:
    return extract_events(text, published=published, taxonomy=taxonomy)


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
    assert [e.name for e in _events(text, taxonomy)] == expected


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
    assert not [e.name for e in _events(text, taxonomy) if forbidden in e.name]


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
    assert [e.name for e in _events(text, taxonomy)] == [expected]


def test_a_conjunction_between_two_events_joins_two_events(taxonomy: Taxonomy) -> None:
    text = "第20届中国—东盟博览会和中国—东盟商务与投资峰会今天在南宁闭幕。"
    assert [e.name for e in _events(text, taxonomy)][:1] == ["第20届中国—东盟博览会"]


def test_a_short_name_and_the_full_name_are_one_event(taxonomy: Taxonomy) -> None:
    text = (
        "第十五届中国航展今天闭幕\n"
        "为期6天的第十五届中国国际航空航天博览会今天（11月17日）在珠海闭幕，各类贸易洽谈签约额超过2800亿元。"
    )
    events = _events(text, taxonomy, published=date(2024, 11, 17))
    assert len(events) == 1, events
    assert (events[0].start, events[0].end, events[0].city) == (date(2024, 11, 12), date(2024, 11, 17), "珠海")


def test_an_institution_is_not_an_occurrence(taxonomy: Taxonomy) -> None:
    text = "广交会、服贸会、进博会、消博会，一个个开放平台影响力不断扩大。作为首个以进口为主题的展会，进博会已成功举办6届。"
    assert _events(text, taxonomy) == []


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
    events = _events(text, taxonomy, published=published)
    assert len(events) == 1, events
    e = events[0]
    assert (e.start, e.end, e.status) == expected


def test_industries_come_from_what_the_event_shows(taxonomy: Taxonomy) -> None:
    text = "“AI&机器人融合创新大会”今天在深圳开幕，集中展示人工智能与机器人最新成果。"
    events = _events(text, taxonomy)
    assert len(events) == 1, events
    assert {"robotics", "ai"} <= set(events[0].industries)
    assert events[0].city == "深圳"


def test_a_general_fair_is_filed_under_trade(taxonomy: Taxonomy) -> None:
    events = _events("第七届中国—南亚博览会将于8月16日至20日在云南昆明举办。", taxonomy, published=date(2023, 7, 25))
    assert [(e.name, e.industries, e.kind) for e in events] == [("第七届中国—南亚博览会", ("trade",), "exhibition")]


def test_a_general_forum_is_not_filed_under_what_its_speakers_mentioned(taxonomy: Taxonomy) -> None:
    text = "中国经济发展论坛2025年会今天在京开幕，与会嘉宾围绕新能源汽车、集成电路和生物医药等话题发言。"
    (event,) = _events(text, taxonomy, published=date(2025, 3, 22))
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
    (event,) = _events(text, taxonomy, published=date(2025, 1, 10))
    assert industry in event.industries


def test_the_decision_keeps_its_reasons(taxonomy: Taxonomy) -> None:
    (event,) = _events("2024世界半导体大会将于6月5日在南京开幕。", taxonomy, published=date(2024, 5, 20))
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
    (event,) = _events(text, taxonomy)
    assert (event.city, event.province) == (city, province)


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
    events = _events(text, taxonomy, published=published)
    assert [e.status for e in events] == [status]


def test_a_headline_target_year_does_not_date_the_forum(taxonomy: Taxonomy) -> None:
    text = (
        "【董事长：2060年清洁能源发电占比将达到90%】某集团董事长6月10日在第十五届陆家嘴论坛指出，"
        "到2060年清洁能源发电占比将达到90%。"
    )
    (event,) = _events(text, taxonomy, published=date(2025, 6, 10))
    assert event.start is None or event.start.year == 2025
    assert event.status in ("held", "ongoing")


def test_without_a_publication_date_the_names_year_dates_the_event(taxonomy: Taxonomy) -> None:
    text = "10月15日-16日，以“未来，与你面对面”为主题的2012中国国际教育展将在北京国贸展厅拉开帷幕。"
    (event,) = _events(text, taxonomy, published=None)
    assert (event.start, event.end, event.partial_date) == (date(2012, 10, 15), date(2012, 10, 16), None)


def test_a_fairs_short_name_joins_the_edition_the_article_is_about(taxonomy: Taxonomy) -> None:
    text = (
        "今天（3月17日），第137届广交会首批进境展品顺利通关。本届广交会将于4月15日至5月5日分三期在广州举办，"
        "预计参展企业超3万家。"
    )
    events = _events(text, taxonomy, published=date(2025, 3, 17))
    assert [(e.name, e.start, e.end) for e in events] == [("第137届广交会", date(2025, 4, 15), date(2025, 5, 5))]


def test_an_aside_in_brackets_is_not_part_of_the_name(taxonomy: Taxonomy) -> None:
    text = "今天（30日）博鳌亚洲论坛举行2026年年会新闻发布会。博鳌亚洲论坛2026年年会将于3月24日至27日在海南博鳌举行。"
    names = [e.name for e in _events(text, taxonomy, published=date(2026, 1, 30))]
    assert names == ["博鳌亚洲论坛2026年年会"]


def test_a_name_keeps_its_latin_words_and_year(taxonomy: Taxonomy) -> None:
    text = "【某电池企业：4680电池年内量产】在近日举办的CIBF 2025展会上，该企业首发的全极耳电池正式亮相。"
    names = [e.name for e in _events(text, taxonomy, published=date(2025, 5, 20))]
    assert names == ["CIBF 2025展会"]


def test_attending_reaches_over_a_list_to_the_forum(taxonomy: Taxonomy) -> None:
    text = "两国领导人还将共同出席合作文件的签字仪式和中法经贸论坛暨企业家洽谈会。"
    events = _events(text, taxonomy, published=date(2025, 4, 2))
    assert [(e.name, e.status) for e in events] == [("中法经贸论坛暨企业家洽谈会", "upcoming")]


def test_a_fairs_program_items_are_not_events_of_their_own(taxonomy: Taxonomy) -> None:
    text = "首届上海国际碳中和博览会今天（6月11日）开幕。碳博会为期4天，将举办主题展览、系列论坛和贸易对接活动。"
    names = [e.name for e in _events(text, taxonomy, published=date(2025, 6, 11))]
    assert names == ["首届上海国际碳中和博览会"]


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
    events = _events(text, taxonomy, published=date(2026, 4, 28))
    assert [(e.start, e.end, e.change) for e in events] == [(date(2026, 9, 6), date(2026, 9, 8), "moved")]
