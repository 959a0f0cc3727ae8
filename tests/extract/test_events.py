"""Event detection, merging, dates and status: table-driven over short texts written in the style of real news."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_events

_PUB = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "由市商务局主办的“2024中国(广州)国际机器人展览会”在广州开幕。",
            ["2024中国(广州)国际机器人展览会"],
            id="quoted-name-outer-quotes-dropped",
        ),
        pytest.param(
            "3月2日,“2024‘大手拉小手’产业链对接活动”在广州举办。",
            ["2024“大手拉小手”产业链对接活动"],
            id="inner-single-quotes-become-double",
        ),
        pytest.param(
            "企业代表参加了《2024世界智能产业博览会》。", ["2024世界智能产业博览会"], id="title-marks-dropped"
        ),
        pytest.param(
            "近日,我市举办了2024数字经济发展论坛,吸引200余家企业参加。",
            ["2024数字经济发展论坛"],
            id="noun-phrase-after-holding-verb",
        ),
        pytest.param(
            "近日,佛山市科技成果对接会(新能源领域)在顺德举办。",
            ["佛山市科技成果对接会(新能源领域)"],
            id="parenthetical-field-is-part-of-name",
        ),
        pytest.param(
            "第三十三届中国哈尔滨国际经济贸易洽谈会于6月15日开幕。本届哈洽会吸引了40多个国家的客商。",
            ["第三十三届中国哈尔滨国际经济贸易洽谈会"],
            id="abbreviation-merges-with-full-name",
        ),
        pytest.param(
            "2024中国(广州)国际医药博览会将于5月开幕。药博会期间还将举办多场论坛。",
            ["2024中国(广州)国际医药博览会"],
            id="yaobohui-merges-with-full-name",
        ),
        pytest.param(
            "第135届中国进出口商品交易会4月15日开幕,本届广交会线下展览面积155万平方米。",
            ["第135届中国进出口商品交易会"],
            id="known-abbreviation-guangjiaohui",
        ),
        pytest.param("第134届广交会将于10月15日在广州开幕。", ["第134届广交会"], id="abbreviation-alone-is-an-event"),
        pytest.param(
            "2024中国国际智能装备博览会(以下简称“智博会”)将于9月举办。智博会设五大展区。",
            ["2024中国国际智能装备博览会"],
            id="jiancheng-alias-merges",
        ),
        pytest.param(
            "近日,江门市“邑科汇”科技成果对接会在开平举办。本次“邑科汇”科技成果对接会征集成果100项。",
            ["江门市“邑科汇”科技成果对接会"],
            id="back-reference-merges-with-full-name",
        ),
        pytest.param(
            "“新能源产业高质量发展”主题座谈会召开\n日前,“新能源产业高质量发展”主题座谈活动在杭州召开。",
            ["“新能源产业高质量发展”主题座谈会"],
            id="zuotanhui-and-zuotan-huodong-are-one-event",
        ),
        pytest.param(
            "上午举行产业链对接活动(生物医药专场),下午举行产业链对接活动(新能源专场)。",
            ["产业链对接活动(生物医药专场)", "产业链对接活动(新能源专场)"],
            id="different-parentheticals-are-different-events",
        ),
        pytest.param(
            "近日,2024中国自由贸易试验区发展论坛在海口举办。",
            ["2024中国自由贸易试验区发展论坛"],
            id="ziyou-is-not-a-boundary-you",
        ),
        pytest.param(
            "近日,2024中国在线教育博览会在北京举办。", ["2024中国在线教育博览会"], id="zaixian-is-not-a-boundary-zai"
        ),
        pytest.param(
            "6月18日,黄河流域共同富裕与养老服务融合创新发展研讨会在聊城召开。",
            ["黄河流域共同富裕与养老服务融合创新发展研讨会"],
            id="yu-inside-a-name",
        ),
        pytest.param(
            "第六届中国国际进口博览会虹桥国际经济论坛将于11月5日在上海举行。",
            ["第六届中国国际进口博览会虹桥国际经济论坛"],
            id="nested-name-keeps-the-longest",
        ),
        pytest.param(
            "12月20日全省新材料产业高质量发展推进会在我市召开。",
            ["全省新材料产业高质量发展推进会"],
            id="date-glued-to-name-is-not-part-of-it",
        ),
        pytest.param(
            "将于6月在深圳举办智能家居创新展,设立家电展区。", ["智能家居创新展"], id="bare-zhan-after-holding-verb"
        ),
        pytest.param("6月16日,新能源汽车零部件项目签约仪式在广州举行。", [], id="signing-ceremony-not-event"),
        pytest.param("6月16日,先进装备智造港项目开工仪式在章丘区举行。", [], id="groundbreaking-not-event"),
        pytest.param(
            "6月19日,山东省政府新闻办召开新闻发布会,介绍全省禁毒工作情况。", [], id="press-conference-not-event"
        ),
        pytest.param("《条例》自2024年1月1日起施行。", [], id="policy-effective-date-not-event"),
        pytest.param("1-5月,全市规模以上工业增加值同比增长6.2%。", [], id="statistics-not-event"),
        pytest.param("广州国际医药展贸中心正式开业,已有超千家企业进驻。", [], id="building-opens-not-event"),
        pytest.param("推动生物医药产业高质量发展,加快发展。", [], id="fazhan-is-not-an-exhibition"),
        pytest.param("设立生物医药、新能源汽车等展区。", [], id="zhanqu-is-not-an-exhibition"),
        pytest.param("活动在会展中心举办。", [], id="huizhan-zhongxin-is-not-an-exhibition"),
        pytest.param(
            "领导出席了活动。争取更多像这样一样高水平活动,本次活动取得成功。", [], id="generic-activity-not-event"
        ),
        pytest.param("本次对接活动共征集成果100项。", [], id="back-reference-alone-not-event"),
        pytest.param("倡议提出持续开展产业链供应链对接活动。", [], id="recurring-programme-not-event"),
        pytest.param("颁奖仪式在人民大会堂举行。", [], id="renmin-dahuitang-is-a-hall"),
        pytest.param("2023年会展经济持续回暖。", [], id="year-before-huizhan-is-not-nianhui"),
        pytest.param("市第十五届人民代表大会第三次会议开幕。", [], id="political-congress-not-event"),
        pytest.param("公司将召开2023年度股东大会。", [], id="shareholders-meeting-not-event"),
        pytest.param("政府工作会议在市行政中心召开。", [], id="huiyi-is-not-an-event-word"),
    ],
)
def test_event_names(text: str, expected: list[str]) -> None:
    assert [e.name for e in extract_events(text, published=_PUB)] == expected


_ARTICLE = (
    "3月1日,2024长三角生物医药产业对接会在苏州国际博览中心开幕,来自沪苏浙皖的300余家企业参加。"
    "会上发布了产业合作清单,多家企业现场签约。主办方表示,下一步将持续推动区域协同发展。\n"
)


def test_repeated_article_is_one_event() -> None:
    events = extract_events(_ARTICLE + _ARTICLE, published=date(2024, 3, 1))
    assert [e.name for e in events] == ["2024长三角生物医药产业对接会"]


def test_events_in_related_news_list_are_not_read() -> None:
    text = _ARTICLE + "相关新闻\n4月8日,2024中国新能源汽车产业发展论坛在长沙举办\n"
    assert [e.name for e in extract_events(text, published=date(2024, 3, 1))] == ["2024长三角生物医药产业对接会"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param(
            "据悉,将于6月27-30日在广州举办融通创新展,设立多个展区。",
            date(2023, 2, 18),
            (date(2023, 6, 27), date(2023, 6, 30), None, "day", "upcoming"),
            id="future-range-upcoming",
        ),
        pytest.param(
            "2024中国国际医疗器械博览会4月11日至14日在上海举行。",
            date(2024, 4, 12),
            (date(2024, 4, 11), date(2024, 4, 14), None, "day", "ongoing"),
            id="publication-inside-range-ongoing",
        ),
        pytest.param(
            "2024中国国际医疗器械博览会4月11日至14日在上海举行。",
            date(2024, 4, 20),
            (date(2024, 4, 11), date(2024, 4, 14), None, "day", "held"),
            id="range-before-publication-held",
        ),
        pytest.param(
            "近日,鲁中生物医药产业协作大会在济南召开。",
            date(2023, 6, 19),
            (None, None, None, "vague", "held"),
            id="jinri-is-vague-and-held",
        ),
        pytest.param(
            "12月20日,全省生物医药产业推进会在我市召开。",
            None,
            (None, None, "12-20", "day", "held"),
            id="no-year-no-publication-gives-partial-date",
        ),
        pytest.param(
            "第二十届中国国际中小企业博览会即将开幕。",
            date(2024, 3, 1),
            (None, None, None, "vague", "upcoming"),
            id="undated-future-tense-upcoming",
        ),
        pytest.param(
            "市民可参观2024世界智能产业博览会。",
            date(2024, 3, 1),
            (None, None, None, "vague", "unknown"),
            id="nothing-tells-unknown",
        ),
        pytest.param(
            "2023年世界互联网大会乌镇峰会将于11月8日开幕。",
            date(2023, 10, 1),
            # only the opening day is said: the end is unknown, not the opening day (corpus spec, "Dates")
            (date(2023, 11, 8), None, None, "day", "upcoming"),
            id="year-inside-name-is-not-the-date",
        ),
        pytest.param(
            "将于12月30日至1月2日在南京国际博览中心举办2024南京年货博览会。",
            date(2023, 12, 20),
            (date(2023, 12, 30), date(2024, 1, 2), None, "day", "upcoming"),
            id="range-crossing-new-year",
        ),
        pytest.param(
            "人民网杭州10月18日电 日前,数字经济产业座谈会在杭州召开。",
            None,
            (None, None, None, "vague", "held"),
            id="dateline-is-not-the-event-date",
        ),
    ],
)
def test_event_dates_and_status(
    text: str, published: date | None, expected: tuple[date | None, date | None, str | None, str, str]
) -> None:
    events = extract_events(text, published=published)
    assert len(events) == 1, events
    e = events[0]
    assert (e.start, e.end, e.partial_date, e.date_precision, e.status) == expected


def test_confidence_rises_with_what_is_known() -> None:
    bare = extract_events("市民可参观2024世界智能产业博览会。", published=_PUB)[0]
    full = extract_events("将于5月10日在深圳国际会展中心举办2024世界智能产业博览会。", published=_PUB)[0]
    assert 0.0 < bare.confidence < full.confidence <= 0.99


def test_evidence_is_the_original_sentence() -> None:
    text = "<p>近日，鲁中生物醫藥產業協作大會在濟南召開。</p>"
    event = extract_events(text, published=_PUB)[0]
    assert event.name == "鲁中生物医药产业协作大会"
    assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence
    assert "協作大會" in event.evidence.sentence


def test_to_dict_is_json_ready() -> None:
    event = extract_events("将于6月27日在广州举办2024储能产业博览会。", published=_PUB)[0]
    d = event.to_dict()
    assert d["start"] == "2024-06-27"
    assert isinstance(d["industries"], list)
    assert d["kind"] == "exhibition"
    assert d["evidence"] == {
        "sentence": event.evidence.sentence,
        "start": event.evidence.start,
        "end": event.evidence.end,
        "reasons": ["博览会: an exhibition or trade fair", "date: held (6月27日)"],
    }
