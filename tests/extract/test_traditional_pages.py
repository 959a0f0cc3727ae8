"""Pages the engine did not read before (issue #10, item 6): pages from Hong Kong and Taiwan, written in traditional
script and naming venues the mainland press rarely does. The pages are written by us in the style of a Hong Kong
paper and a Taiwan wire story; each test is named for what a user of the calendar would notice.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract import Taxonomy
from tests.extract.reading import by_name, read_events

_HONG_KONG_PAGE = """<html><head><meta charset="utf-8">
<title>香港國際醫療器材及用品展下月揭幕 逾300家展商參展｜香港經濟日報</title></head>
<body><div class="article">
<h1>香港國際醫療器材及用品展下月揭幕 逾300家展商參展</h1>
<div class="time">2025年04月10日 14:32</div>
<p>香港貿發局主辦的香港國際醫療器材及用品展將於2025年5月6日至8日在香港會議展覽中心舉行，預計吸引來自15個國家及\
地區逾300家展商參展，展出醫療器械、康復護理產品及智慧醫療方案。</p>
<p>貿發局表示，今屆展覽特設「創新醫療科技」展區，並設有買家配對服務，協助業界拓展大灣區及東盟市場。</p>
<p>（記者 陳家明）</p>
</div></body></html>
"""

_TAIWAN_PAGE = """<html><head><meta charset="utf-8"><title>台北國際電腦展5月登場 AI伺服器成焦點 - 中央社 CNA</title></head>
<body><div class="paragraph">
<h1>台北國際電腦展5月登場 AI伺服器成焦點</h1>
<div class="updatetime">2025/04/22 18:05</div>
<p>（中央社記者吳家豪台北22日電）外貿協會今天宣布，2025台北國際電腦展將於2025年5月20日至23日在南港展覽館舉行，\
主題為「AI Next」，預計有1400家廠商使用4800個攤位。</p>
<p>貿協指出，今年展覽聚焦人工智慧運算、先進通訊及未來移動三大主題，多家半導體大廠執行長將發表主題演講。</p>
</div></body></html>
"""


def test_hong_kong_page_in_traditional_script(taxonomy: Taxonomy) -> None:
    event = by_name(read_events(_HONG_KONG_PAGE, taxonomy, date(2025, 4, 10)), "香港国际医疗器材及用品展")
    assert (event.start, event.end, event.date_precision) == (date(2025, 5, 6), date(2025, 5, 8), "day")
    assert (event.venue, event.city, event.province, event.district) == ("香港会议展览中心", "香港", "香港", "湾仔")
    assert "biomedicine" in event.industries
    assert event.status == "upcoming"
    # The evidence is the page's own (traditional) sentence.
    assert event.evidence.sentence.startswith("香港貿發局主辦的香港國際醫療器材及用品展將於")


def test_taiwan_page_in_traditional_script(taxonomy: Taxonomy) -> None:
    event = by_name(read_events(_TAIWAN_PAGE, taxonomy, date(2025, 4, 22)), "2025台北国际电脑展")
    assert (event.start, event.end, event.date_precision) == (date(2025, 5, 20), date(2025, 5, 23), "day")
    assert (event.venue, event.city, event.province) == ("南港展览馆", "台北", "台湾")
    assert event.status == "upcoming"


@pytest.mark.parametrize(
    ("sentence", "name", "venue", "city", "province"),
    [
        pytest.param(
            "2025香港秋季國際電子產品展將於10月13日至16日在灣仔會展舉行。",
            "2025香港秋季国际电子产品展",
            "湾仔会展",
            "香港",
            "香港",
            id="wan-chai",
        ),
        pytest.param(
            "2025亞洲國際物流博覽會將於11月19日至21日在亞博館舉行。",
            "2025亚洲国际物流博览会",
            "亚博馆",
            "香港",
            "香港",
            id="asiaworld-expo",
        ),
        pytest.param(
            "2025台北國際食品展覽會將於6月25日至28日在臺北南港展覽館1館舉行。",
            "2025台北国际食品展览会",
            "台北南港展览馆",
            "台北",
            "台湾",
            id="nangang-hall-1",
        ),
        pytest.param(
            "第二十屆台北國際車用電子展將於10月16日至19日在台北世貿一館舉行。",
            "第二十届台北国际车用电子展",
            "台北世贸一馆",
            "台北",
            "台湾",
            id="taipei-world-trade-center",
        ),
        pytest.param(
            "2025高雄國際食品展將於6月19日至22日在高雄展覽館舉辦。",
            "2025高雄国际食品展",
            "高雄展览馆",
            "高雄",
            "台湾",
            id="kaohsiung",
        ),
    ],
)
def test_hong_kong_and_taiwan_venues_place_the_event(
    sentence: str, name: str, venue: str, city: str, province: str, taxonomy: Taxonomy
) -> None:
    event = by_name(read_events(sentence, taxonomy, date(2025, 4, 22)), name)
    assert (event.venue, event.city, event.province) == (venue, city, province)
    assert event.start is not None
    assert event.start.year == 2025


def test_hong_kong_schedule_table_in_traditional_script(taxonomy: Taxonomy) -> None:
    page = (
        "<h1>香港貿發局2025年下半年展覽會日程</h1><p>更新日期：2025年6月30日</p>"
        '<table class="event-list"><tr><th>展覽會名稱</th><th>日期</th><th>地點</th></tr>'
        "<tr><td>香港國際珠寶展</td><td>2025年9月16日至20日</td><td>亞洲國際博覽館</td></tr>"
        "<tr><td>香港國際葡萄酒及烈酒展覽會</td><td>2025年11月6日至8日</td><td>香港會議展覽中心</td></tr>"
        "<tr><td>2025亞洲國際物流博覽會</td><td>2025年11月19日至21日</td><td>亞洲國際博覽館</td></tr>"
        "</table>"
    )
    events = read_events(page, taxonomy, date(2025, 6, 30))
    expected = {
        "香港国际珠宝展": (date(2025, 9, 16), date(2025, 9, 20), "亚洲国际博览馆", "香港"),
        "香港国际葡萄酒及烈酒展览会": (date(2025, 11, 6), date(2025, 11, 8), "香港会议展览中心", "香港"),
        "2025亚洲国际物流博览会": (date(2025, 11, 19), date(2025, 11, 21), "亚洲国际博览馆", "香港"),
    }
    for name, row in expected.items():
        e = by_name(events, name)
        assert (e.start, e.end, e.venue, e.city) == row


def test_taiwan_fair_with_its_english_name_in_brackets(taxonomy: Taxonomy) -> None:
    text = "外貿協會今天宣布，2025台北國際電腦展（COMPUTEX 2025）將於2025年5月20日至23日在南港展覽館舉行。"
    event = by_name(read_events(text, taxonomy, date(2025, 4, 22)), "2025台北国际电脑展(COMPUTEX 2025)")
    assert (event.start, event.city) == (date(2025, 5, 20), "台北")


def test_taiwan_city_without_a_known_venue(taxonomy: Taxonomy) -> None:
    text = "2025台北國際自行車展覽會將於3月26日至29日在台北舉行，預計吸引逾千家廠商參展。"
    event = by_name(read_events(text, taxonomy, date(2025, 2, 20)), "2025台北国际自行车展览会")
    assert (event.city, event.province) == ("台北", "台湾")
