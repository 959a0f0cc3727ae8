"""tense_of(): future / past / unknown from the words of one sentence."""

from __future__ import annotations

import pytest

from extract.tense import Tense, tense_of


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("据悉,将于6月27-30日在广州琶洲会展中心举办融通创新展", "future", id="future-jiang-yu"),
        pytest.param("第五届博览会定于10月在杭州举行", "future", id="future-ding-yu"),
        pytest.param("论坛拟于明年3月召开", "future", id="future-ni-yu"),
        pytest.param("届时,500家企业参展", "future", id="future-jie-shi"),
        pytest.param("展会即将开幕", "future", id="future-ji-jiang"),
        pytest.param("12月20日,全省生物医药产业高质量发展推进会在我市召开", "past", id="past-bare-verb-held"),
        pytest.param("2月16日下午,对接活动在广州国际医药港成功举办", "past", id="past-cheng-gong-ju-ban"),
        pytest.param("为期三天的博览会昨日落下帷幕", "past", id="past-curtain-falls"),
        pytest.param("近日,省会经济圈生物医药产业协作大会在濟南召開", "past", id="past-traditional-script"),
        pytest.param("日前,记者从组委会获悉,第五届博览会将于10月举行", "future", id="future-news-about-upcoming"),
        pytest.param("第一届成功举办,第二届将于明年举办", "future", id="mixed-last-marker-wins"),
        pytest.param("原定于3月举办的展会已于近日闭幕", "past", id="mixed-past-after-plan"),
        pytest.param("大会将于6月30日举行闭幕式", "future", id="future-closing-ceremony-noun"),
        pytest.param("展会明天将闭幕", "future", id="future-closing-still-ahead"),
        pytest.param("2022年,全省医药工业营业收入3495.9亿元", None, id="no-tense-statistics"),
        pytest.param("大会召开期间,嘉宾深入交流", None, id="no-tense-during-meeting"),
    ],
)
def test_tense_of(sentence: str, expected: Tense | None) -> None:
    assert tense_of(sentence) == expected
