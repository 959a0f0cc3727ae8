"""Major exhibition and conference venues of China, curated by us, and how to spot them in a sentence.

A venue fixes the city even when the sentence names none (将于6月在琶洲举办 is in 广州), and it is what a
business-development reader wants to see. Each entry lists the names the press actually uses; districts are
given only where we are sure of them. Add venues here as the held-out articles show them.

`find_venues` reports the text as written (广州琶洲会展中心), not the canonical name, so the event shows what the
article said; a city name written directly before a venue of that city is part of what was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Venue:
    """A venue: its canonical `name`, other names the press uses, and where it is (short forms)."""

    name: str
    aliases: tuple[str, ...]
    city: str
    province: str
    district: str | None = None


@dataclass(frozen=True, slots=True)
class VenueMention:
    venue: Venue
    surface: str
    start: int
    end: int


VENUES: tuple[Venue, ...] = (
    # Guangdong
    Venue(
        "中国进出口商品交易会展馆",
        ("广交会展馆", "琶洲展馆", "琶洲会展中心", "广州国际会展中心", "琶洲国际会展中心"),
        "广州",
        "广东",
        "海珠",
    ),
    Venue("广州国际医药港", (), "广州", "广东"),
    Venue("广州保利世贸博览馆", ("保利世贸博览馆",), "广州", "广东", "海珠"),
    Venue("广州白云国际会议中心", ("白云国际会议中心",), "广州", "广东", "白云"),
    Venue("广州南丰国际会展中心", ("南丰国际会展中心",), "广州", "广东", "海珠"),
    Venue("深圳国际会展中心", ("深圳国际会展中心(宝安新馆)", "深圳会展中心(宝安)"), "深圳", "广东", "宝安"),
    Venue("深圳会展中心", ("深圳会展中心(福田)",), "深圳", "广东", "福田"),
    Venue("广东现代国际展览中心", ("厚街会展中心",), "东莞", "广东"),
    Venue("潭洲国际会展中心", ("佛山潭洲国际会展中心",), "佛山", "广东", "顺德"),
    Venue("珠海国际会展中心", (), "珠海", "广东", "香洲"),
    # Shanghai
    Venue(
        "国家会展中心(上海)",
        ("国家会展中心（上海）", "上海国家会展中心", "国家会展中心上海", "虹桥国家会展中心"),
        "上海",
        "上海",
        "青浦",
    ),
    Venue("上海新国际博览中心", (), "上海", "上海", "浦东新区"),
    Venue("上海世博展览馆", (), "上海", "上海", "浦东新区"),
    Venue("上海世博中心", (), "上海", "上海", "浦东新区"),
    Venue("上海国际会议中心", (), "上海", "上海", "浦东新区"),
    Venue("上海展览中心", (), "上海", "上海", "静安"),
    Venue("上海跨国采购会展中心", (), "上海", "上海", "普陀"),
    # Beijing and Tianjin
    Venue("国家会议中心", (), "北京", "北京", "朝阳"),
    Venue("中国国际展览中心", ("中国国际展览中心(新馆)", "中国国际展览中心(顺义馆)", "国展中心"), "北京", "北京"),
    Venue("北京展览馆", (), "北京", "北京", "西城"),
    Venue("全国农业展览馆", ("北京全国农业展览馆", "中国农业展览馆"), "北京", "北京", "朝阳"),
    Venue("首钢园", ("首钢园区",), "北京", "北京", "石景山"),
    Venue("国家会展中心(天津)", ("国家会展中心（天津）", "天津国家会展中心"), "天津", "天津", "津南"),
    Venue("天津梅江会展中心", ("梅江会展中心",), "天津", "天津", "西青"),
    # East China
    Venue("南京国际博览中心", (), "南京", "江苏", "建邺"),
    Venue("苏州国际博览中心", (), "苏州", "江苏"),
    Venue("杭州国际博览中心", (), "杭州", "浙江", "萧山"),
    Venue("乌镇互联网国际会展中心", ("乌镇互联网国际会议中心",), "嘉兴", "浙江", "桐乡"),
    Venue("宁波国际会议展览中心", ("宁波国际会展中心",), "宁波", "浙江", "鄞州"),
    Venue("义乌国际博览中心", (), "金华", "浙江", "义乌"),
    Venue("合肥滨湖国际会展中心", ("滨湖国际会展中心",), "合肥", "安徽", "包河"),
    Venue("厦门国际会展中心", (), "厦门", "福建", "思明"),
    Venue("海峡国际会展中心", ("福州海峡国际会展中心",), "福州", "福建", "仓山"),
    Venue("青岛国际会展中心", (), "青岛", "山东", "崂山"),
    Venue("红岛国际会议展览中心", ("青岛国际博览中心",), "青岛", "山东", "城阳"),
    Venue("山东国际会展中心", (), "济南", "山东"),
    Venue("南昌绿地国际博览中心", ("绿地国际博览中心",), "南昌", "江西", "红谷滩"),
    # Central, west, north-east
    Venue("郑州国际会展中心", (), "郑州", "河南"),
    Venue("武汉国际博览中心", (), "武汉", "湖北", "汉阳"),
    Venue("武汉国际会展中心", (), "武汉", "湖北", "江汉"),
    Venue("长沙国际会展中心", (), "长沙", "湖南"),
    Venue("重庆国际博览中心", ("重庆悦来国际博览中心",), "重庆", "重庆", "渝北"),
    Venue("悦来国际会议中心", (), "重庆", "重庆", "渝北"),
    Venue("中国西部国际博览城", ("西部国际博览城",), "成都", "四川"),
    Venue("成都世纪城新国际会展中心", ("世纪城新国际会展中心",), "成都", "四川"),
    Venue("西安国际会展中心", (), "西安", "陕西"),
    Venue("昆明滇池国际会展中心", ("滇池国际会展中心",), "昆明", "云南", "官渡"),
    Venue("贵阳国际会议展览中心", (), "贵阳", "贵州", "观山湖"),
    Venue("南宁国际会展中心", (), "南宁", "广西", "青秀"),
    Venue("海口国际会展中心", (), "海口", "海南"),
    Venue("新疆国际会展中心", (), "乌鲁木齐", "新疆"),
    Venue("哈尔滨国际会展体育中心", ("哈尔滨国际会展中心",), "哈尔滨", "黑龙江", "南岗"),
    Venue("沈阳国际展览中心", (), "沈阳", "辽宁"),
    Venue("长春国际会展中心", (), "长春", "吉林"),
    Venue("大连世界博览广场", (), "大连", "辽宁"),
    Venue("石家庄国际会展中心", (), "石家庄", "河北"),
    # Hong Kong and Macao (pages in traditional script are simplified first: 香港會議展覽中心 is read as below)
    Venue("香港会议展览中心", ("香港会展中心", "湾仔会展中心", "湾仔会展"), "香港", "香港", "湾仔"),
    Venue("亚洲国际博览馆", ("香港亚洲国际博览馆", "亚博馆"), "香港", "香港"),
    Venue("澳门威尼斯人金光会展中心", ("威尼斯人金光会展中心",), "澳门", "澳门"),
    # Taiwan. A hall written after the name (南港展览馆1馆) needs no entry; one written inside it (南港展览二馆) does.
    Venue("台北南港展览馆", ("南港展览馆", "南港展览一馆", "南港展览二馆"), "台北", "台湾", "南港"),
    # 世贸中心 alone is in many cities; 世贸一馆 is Taipei's (台北世贸一馆 is matched with its city in front).
    Venue("台北世界贸易中心", ("台北世贸中心", "世贸一馆"), "台北", "台湾", "信义"),
    Venue("台北国际会议中心", (), "台北", "台湾", "信义"),
    Venue("高雄展览馆", (), "高雄", "台湾", "前镇"),
)

# Neighbourhoods that, named alone, place an event in a city (在琶洲举办).
LANDMARKS: dict[str, tuple[str, str, str | None]] = {
    "琶洲": ("广州", "广东", "海珠"),
}


@cache
def _index() -> tuple[dict[str, Venue], dict[str, tuple[int, ...]]]:
    by_name: dict[str, Venue] = {}
    for venue in VENUES:
        for name in (venue.name, *venue.aliases):
            by_name[name] = venue
    lengths: dict[str, set[int]] = {}
    for name in by_name:
        lengths.setdefault(name[0], set()).add(len(name))
    return by_name, {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}


def find_venues(text: str, start: int = 0, end: int | None = None) -> list[VenueMention]:
    """Known venues in ``text[start:end]``, leftmost-longest; a directly preceding name of the venue's own city
    (广州 in 广州琶洲会展中心) is included in the surface."""
    by_name, lengths = _index()
    stop = len(text) if end is None else end
    found: list[VenueMention] = []
    i = start
    while i < stop:
        matched = 0
        for length in lengths.get(text[i], ()):
            piece = text[i : i + length]
            if i + length <= stop and piece in by_name:
                venue = by_name[piece]
                left = i
                for prefix in (venue.city + "市", venue.city):
                    if i - len(prefix) >= start and text.startswith(prefix, i - len(prefix)):
                        left = i - len(prefix)
                        break
                found.append(VenueMention(venue, text[left : i + length], left, i + length))
                matched = length
                break
        i += matched or 1
    return found
