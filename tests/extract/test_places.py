"""Places: the gazetteer's matching rules, curated venues, and where events are located."""

from __future__ import annotations

from datetime import date

import pytest

from extract import SourceHints, extract_events
from extract.gazetteer import default_gazetteer


def _found(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.surface, m.place.city, m.place.province) for m in default_gazetteer().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("坚持走共同富裕道路", [], id="gongtongfuyu-not-fuyu-county"),
        pytest.param("大会在济南召开", [("济南", "济南", "山东")], id="jinan-zhaokai-not-nanzhao-county"),
        pytest.param("本次活动成功举办", [], id="chenggong-juban-not-a-place"),
        pytest.param(
            "黑龙江省富裕县",
            [("黑龙江省", None, "黑龙江"), ("富裕县", "齐齐哈尔", "黑龙江")],
            id="fuyu-county-full-name-counts",
        ),
        pytest.param("论坛在开平举办", [], id="county-short-name-alone-does-not-count"),
        pytest.param(
            "江门开平翠山湖", [("江门", "江门", "广东"), ("开平", "江门", "广东")], id="county-short-after-its-city"
        ),
        pytest.param(
            "开平市政府主办,活动在开平举办",
            [("开平市", "江门", "广东"), ("开平", "江门", "广东")],
            id="county-short-counts-when-full-name-in-text",
        ),
        pytest.param(
            "唐山市开平区", [("唐山市", "唐山", "河北"), ("开平区", "唐山", "河北")], id="kaiping-district-of-tangshan"
        ),
        pytest.param(
            "开平市科工商务局表示,开平区位优势突出",
            [("开平市", "江门", "广东"), ("开平", "江门", "广东")],
            id="quwei-is-not-a-district-suffix",
        ),
        pytest.param("广州市场监管局", [("广州", "广州", "广东")], id="shichang-is-not-a-city-suffix"),
        pytest.param("中山大学药学院", [], id="zhongshan-university-is-not-zhongshan-city"),
        pytest.param("论坛在中山举办", [("中山", "中山", "广东")], id="zhongshan-city-short-name"),
        pytest.param("各位来宾", [], id="laibin-guests-not-city"),
        pytest.param(
            "来宾市副市长表示,来宾将",
            [("来宾市", "来宾", "广西"), ("来宾", "来宾", "广西")],
            id="laibin-with-full-name",
        ),
        pytest.param("发展朝阳产业", [], id="chaoyang-sunrise-industry-not-a-place"),
        pytest.param("宁德时代发布新品", [], id="ningde-shidai-is-a-company"),
        pytest.param("北京路步行街", [], id="beijing-road-is-a-street"),
        pytest.param("城区人口增加", [], id="chengqu-is-a-word-not-a-district"),
        pytest.param("延边州", [("延边州", "延边", "吉林")], id="autonomous-prefecture-zhou-form"),
        pytest.param(
            "广西和内蒙古", [("广西", None, "广西"), ("内蒙古", None, "内蒙古")], id="autonomous-region-short-forms"
        ),
        pytest.param(
            "上海市浦东新区", [("上海市", "上海", "上海"), ("浦东新区", "上海", "上海")], id="municipality-district"
        ),
        pytest.param("香港特别行政区", [("香港特别行政区", "香港", "香港")], id="hong-kong-full-name"),
        pytest.param("仙桃市", [("仙桃市", "仙桃", "湖北")], id="province-administered-county-city-is-its-own-city"),
        pytest.param("开平市", [("开平市", "江门", "广东")], id="county-level-city-resolves-to-prefecture"),
    ],
)
def test_gazetteer_matching(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert _found(text) == expected


def test_gazetteer_covers_every_province_level_region() -> None:
    provinces = {p.short for p in default_gazetteer().places if p.level == "province"}
    assert len(provinces) == 34
    assert {"广东", "上海", "香港", "澳门", "台湾", "新疆", "广西"} <= provinces


_PUB = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "hints", "expected"),
    [
        pytest.param(
            "6月5日,2024中国国际医疗器械博览会在国家会展中心(上海)开幕。",
            None,
            ("国家会展中心(上海)", "上海", "上海", "青浦"),
            id="curated-venue-gives-city-and-district",
        ),
        pytest.param(
            "将于4月15日在琶洲举办第135届广交会。",
            None,
            ("琶洲", "广州", "广东", "海珠"),
            id="pazhou-landmark-is-guangzhou",
        ),
        pytest.param(
            "将于6月27日至30日在广州琶洲会展中心举办智能家居创新展。",
            None,
            ("广州琶洲会展中心", "广州", "广东", "海珠"),
            id="city-name-before-venue-is-part-of-venue",
        ),
        pytest.param(
            "近日,鲁中生物医药产业协作大会在济南召开。", None, (None, "济南", "山东", None), id="city-only-no-venue"
        ),
        pytest.param(
            "日前,数字经济发展座谈会在杭州市拱墅区招商蛇口运河网谷召开。",
            None,
            ("招商蛇口运河网谷", "杭州", "浙江", "拱墅"),
            id="full-admin-names-are-stripped-from-venue",
        ),
        pytest.param(
            "近日,开平市科工商务局在开平翠山湖管委会举办了新材料产业对接会。",
            None,
            ("开平翠山湖管委会", "江门", "广东", "开平"),
            id="short-county-name-stays-in-venue",
        ),
        pytest.param(
            "12月20日,全省新材料产业推进会在我市召开。\n焦作网免责声明",
            None,
            (None, "焦作", "河南", None),
            id="woshi-from-site-name",
        ),
        pytest.param(
            "12月1日,家电产业链对接会在我市召开。",
            SourceHints(province="广东", city="佛山"),
            (None, "佛山", "广东", None),
            id="woshi-from-hints",
        ),
        pytest.param(
            "洛阳市工信局介绍,洛阳装备制造业增长较快。12月1日,全省装备制造业推进会在我市召开。",
            None,
            (None, "洛阳", "河南", None),
            id="woshi-most-mentioned-city",
        ),
        pytest.param(
            "近日,智能制造产业对接会成功举办。",
            SourceHints(province="江苏", city="苏州"),
            (None, "苏州", "江苏", None),
            id="hints-when-text-names-no-place",
        ),
        pytest.param(
            "新华社武汉5月10日电 日前,光谷人工智能产业对接会召开。",
            None,
            (None, "武汉", "湖北", None),
            id="dateline-city",
        ),
        pytest.param(
            "近日,江门市“邑科汇”科技成果对接会成功举办。", None, (None, "江门", "广东", None), id="city-from-event-name"
        ),
        pytest.param(
            "由广州市、深圳市联合主办的大湾区机器人产业论坛近日举办。",
            None,
            (None, None, "广东", None),
            id="organisers-in-two-cities-give-province-only",
        ),
        pytest.param("近日,黄河流域新能源产业论坛在山东召开。", None, (None, None, "山东", None), id="province-only"),
        pytest.param(
            "将于5月在深圳国际会展中心举办电子信息博览会。",
            None,
            ("深圳国际会展中心", "深圳", "广东", "宝安"),
            id="shenzhen-world-venue",
        ),
        pytest.param(
            "近日,外贸企业对接会在济南召开,淄博、泰安企业参加。",
            SourceHints(province="广东", city="广州"),
            (None, "济南", "山东", None),
            id="text-place-beats-hints",
        ),
    ],
)
def test_event_location(
    text: str, hints: SourceHints | None, expected: tuple[str | None, str | None, str | None, str | None]
) -> None:
    events = extract_events(text, published=_PUB, hints=hints)
    assert len(events) == 1, events
    event = events[0]
    assert (event.venue, event.city, event.province, event.district) == expected
