"""Place names that the administrative gazetteer (`extract.gazetteer`) does not hold, and how news uses them.

Three kinds, each a small lexicon because each is a closed, slowly changing set that reporters use far more
often than the official names:

* **Zones and landmarks inside a city** (`LANDMARKS`): events are named after and held in 陆家嘴, 中关村, 博鳌,
  乌镇, 琶洲, 前海 rather than their districts, so "2024中关村论坛年会" or "在海南博鳌开幕" say the city only
  through the zone. Each maps to its city, province and district.
* **Home cities of standing series** (`SERIES_HOMES`): 广交会 is in 广州 and 进博会 in 上海 every year, so a
  report that names only the fair ("第二十届文博会开幕在即") still says where it is. Only series that never move
  are listed (糖酒会 and 中博会 rotate and are not).
* **City nicknames** (`NICKNAMES`): 在京举行, 在沪召开, 在穗举办, 鹏城 … A one-character abbreviation is a city
  only where it fills the place slot of 在X举办 on its own; elsewhere 京 and 沪 are parts of other words.
* **Places abroad** (`COUNTRIES`, `CITIES_ABROAD`): the corpus spec files an event abroad under its city as written
  with no province. News writes "在厄瓜多尔海滨城市瓜亚基尔举行", "在阿联酋阿布扎比举行": a country name followed by
  the city, so a country lexicon finds cities no list could hold (`city_abroad`); the cities that host trade fairs
  and forums are also listed so that a name (圣彼得堡国际经济论坛) or a phrase without the country finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

LANDMARKS: dict[str, tuple[str, str, str | None]] = {
    "琶洲": ("广州", "广东", "海珠"),
    "南沙": ("广州", "广东", "南沙"),
    "前海": ("深圳", "广东", "南山"),
    "横琴": ("珠海", "广东", "香洲"),
    "陆家嘴": ("上海", "上海", "浦东新区"),
    "张江": ("上海", "上海", "浦东新区"),
    "临港": ("上海", "上海", "浦东新区"),
    "虹桥": ("上海", "上海", None),
    "外滩": ("上海", "上海", "黄浦"),
    "中关村": ("北京", "北京", "海淀"),
    "亦庄": ("北京", "北京", "大兴"),
    "博鳌": ("琼海", "海南", None),
    "乌镇": ("嘉兴", "浙江", "桐乡"),
    "雄安": ("保定", "河北", None),
    "光谷": ("武汉", "湖北", None),
    "鼓浪屿": ("厦门", "福建", "思明"),
}

SERIES_HOMES: dict[str, str] = {
    "广交会": "广州",
    "中国进出口商品交易会": "广州",
    "进博会": "上海",
    "中国国际进口博览会": "上海",
    "文博会": "深圳",
    "文化产业博览交易会": "深圳",
    "高交会": "深圳",
    "高新技术成果交易会": "深圳",
    "服贸会": "北京",
    "服务贸易交易会": "北京",
    "消博会": "海口",
    "消费品博览会": "海口",
    "东博会": "南宁",
    "中国—东盟博览会": "南宁",
    "中国-东盟博览会": "南宁",
    "投洽会": "厦门",
    "厦洽会": "厦门",
    "投资贸易洽谈会": "厦门",
    "西博会": "成都",
    "西部国际博览会": "成都",
    "链博会": "北京",
    "供应链促进博览会": "北京",
    "数博会": "贵阳",
    "大数据产业博览会": "贵阳",
    "中国航展": "珠海",
    "航空航天博览会": "珠海",
    "世界人工智能大会": "上海",
    "数字中国建设峰会": "福州",
    "世界制造业大会": "合肥",
    "世界智能大会": "天津",
    "工博会": "上海",
    "华交会": "上海",
    "哈洽会": "哈尔滨",
    "南亚博览会": "昆明",
    "中国—南亚博览会": "昆明",
}

NICKNAMES: dict[str, str] = {
    "京": "北京",
    "沪": "上海",
    "申城": "上海",
    "津": "天津",
    "津门": "天津",
    "渝": "重庆",
    "山城": "重庆",
    "穗": "广州",
    "羊城": "广州",
    "花城": "广州",
    "鹏城": "深圳",
    "深": "深圳",
    "蓉": "成都",
    "蓉城": "成都",
    "榕": "福州",
    "榕城": "福州",
    "甬": "宁波",
    "杭": "杭州",
    "汉": "武汉",
    "江城": "武汉",
    "邕": "南宁",
    "筑": "贵阳",
    "昆": "昆明",
    "春城": "昆明",
    "星城": "长沙",
    "泉城": "济南",
    "冰城": "哈尔滨",
    "鹭岛": "厦门",
    "厦": "厦门",
    "金陵": "南京",
    "宁": "南京",
    "琴岛": "青岛",
    "岛城": "青岛",
}


def _words(text: str) -> frozenset[str]:
    """A lexicon written as space-separated words, the way such lists are read and reviewed."""
    return frozenset(text.split())


COUNTRIES: frozenset[str] = _words(
    """美国 英国 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 卢森堡 瑞士 奥地利 瑞典 挪威 丹麦 芬兰 冰岛 爱尔兰
    波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 塞尔维亚 克罗地亚 斯洛文尼亚 希腊 土耳其 俄罗斯 乌克兰 白俄罗斯
    格鲁吉亚 亚美尼亚 阿塞拜疆 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 蒙古 日本 韩国 朝鲜
    越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱 东帝汶 印度 巴基斯坦 孟加拉国 斯里兰卡
    尼泊尔 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 约旦 黎巴嫩 以色列 沙特阿拉伯 沙特 阿联酋 阿拉伯联合酋长国 卡塔尔
    科威特 巴林 阿曼 也门 埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 埃塞俄比亚 肯尼亚 坦桑尼亚 乌干达 卢旺达
    尼日利亚 加纳 科特迪瓦 塞内加尔 喀麦隆 刚果 安哥拉 赞比亚 津巴布韦 莫桑比克 纳米比亚 博茨瓦纳 南非 马达加斯加
    毛里求斯 加拿大 墨西哥 古巴 巴拿马 哥斯达黎加 哥伦比亚 委内瑞拉 厄瓜多尔 秘鲁 玻利维亚 巴西 智利 阿根廷 乌拉圭
    巴拉圭 澳大利亚 新西兰 斐济 巴布亚新几内亚"""
)

CITIES_ABROAD: frozenset[str] = _words(
    """纽约 华盛顿 洛杉矶 旧金山 芝加哥 拉斯维加斯 休斯敦 西雅图 波士顿 亚特兰大 底特律 奥兰多 迈阿密 伦敦 曼彻斯特
    伯明翰 爱丁堡 巴黎 里昂 戛纳 柏林 汉诺威 法兰克福 慕尼黑 科隆 杜塞尔多夫 纽伦堡 斯图加特 汉堡 埃森 莱比锡 米兰
    罗马 博洛尼亚 都灵 巴塞罗那 马德里 瓦伦西亚 里斯本 阿姆斯特丹 鹿特丹 布鲁塞尔 日内瓦 苏黎世 达沃斯 巴塞尔
    维也纳 布拉格 华沙 布达佩斯 贝尔格莱德 雅典 伊斯坦布尔 安卡拉 莫斯科 圣彼得堡 喀山 索契 符拉迪沃斯托克 海参崴
    叶卡捷琳堡 新西伯利亚 基辅 明斯克 斯德哥尔摩 哥本哈根 奥斯陆 赫尔辛基 都柏林 东京 大阪 横滨 名古屋 福冈 首尔
    釜山 仁川 吉隆坡 曼谷 雅加达 巴厘岛 河内 胡志明市 马尼拉 金边 万象 仰光 新德里 孟买 班加罗尔 迪拜 阿布扎比 多哈
    利雅得 吉达 德黑兰 开罗 约翰内斯堡 开普敦 比勒陀利亚 内罗毕 拉各斯 亚的斯亚贝巴 悉尼 墨尔本 布里斯班 奥克兰
    多伦多 温哥华 蒙特利尔 墨西哥城 圣保罗 里约热内卢 布宜诺斯艾利斯 圣地亚哥 利马 波哥大 阿斯塔纳 阿拉木图 塔什干
    撒马尔罕 比什凯克 杜尚别 阿什哈巴德 乌兰巴托 伊斯兰堡 卡拉奇 拉合尔 达卡 科伦坡 加德满都 巴库 第比利斯
    埃里温"""
)

# Words between a country and its city: 厄瓜多尔海滨城市瓜亚基尔, 俄罗斯首都莫斯科, 美国加州旧金山.
_CITY_DESCRIPTOR_RE = re.compile(r"^(?:[东南西北中部]{0,2}(?:海滨|港口|沿海|边境|历史文化)?(?:城市|名城|首都|首府|市))")


@dataclass(frozen=True, slots=True)
class Abroad:
    """A place abroad: its country when written, and its city as written (None when only the country is)."""

    country: str | None
    city: str | None


@cache
def _lengths(words: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(w) for w in words}, reverse=True))


def _prefix(text: str, words: frozenset[str]) -> str | None:
    for length in _lengths(words):
        if text[:length] in words:
            return text[:length]
    return None


def city_abroad(phrase: str) -> Abroad | None:
    """The place abroad that a place phrase (the X of 在X举办) names, or None when it names none.

    A phrase that starts with a country is abroad: the rest, after a descriptor (首都, 海滨城市), is the city as
    written. A phrase that starts with a listed foreign city is that city.
    """
    country = _prefix(phrase, COUNTRIES)
    if country is not None:
        rest = phrase[len(country) :]
        rest = rest[m.end() :] if (m := _CITY_DESCRIPTOR_RE.match(rest)) else rest
        city = _prefix(rest, CITIES_ABROAD) or (rest if 2 <= len(rest) <= 6 else None)
        return Abroad(country, city)
    city = _prefix(phrase, CITIES_ABROAD)
    return Abroad(None, city) if city is not None else None


def city_abroad_in(text: str) -> str | None:
    """A listed foreign city that `text` (an event's name) starts with: 圣彼得堡国际经济论坛."""
    return _prefix(text, CITIES_ABROAD)


def city_abroad_before(text: str) -> str | None:
    """A listed foreign city that `text` (what precedes an event's name) ends with: 约翰内斯堡金砖国家工商论坛."""
    for length in _lengths(CITIES_ABROAD):
        if len(text) >= length and text[-length:] in CITIES_ABROAD:
            return text[-length:]
    return None


def landmark_in(text: str) -> tuple[str, tuple[str, str, str | None]] | None:
    """The first zone or landmark named in `text`, with its (city, province, district)."""
    best: tuple[int, str] | None = None
    for name in LANDMARKS:
        i = text.find(name)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, name)
    return (best[1], LANDMARKS[best[1]]) if best else None


def series_home(name: str) -> str | None:
    """The city a standing series is always held in, when `name` names one (第134届广交会 -> 广州)."""
    for series, city in SERIES_HOMES.items():
        if series in name:
            return city
    return None


def nickname_city(phrase: str) -> str | None:
    """The city a place phrase names by its nickname alone (在京, 在沪, 在鹏城)."""
    return NICKNAMES.get(phrase)
