"""The English names of places that English releases write, mapped onto the gazetteer the Chinese reader uses,
and where a text writes them.

Users filter and subscribe by the regions of `extract.regions` (广东, 广州, 海珠区 …), and an event stores its
place as the gazetteer's short Chinese names. So English places are mapped onto them, through three small
tables of the names English releases actually write (each a closed set, like `extract.placenames`):

* **Venues** (`VENUES_EN`): English names of the venues of `extract.venues` ("Canton Fair Complex" is
  广交会展馆, "Hong Kong Convention and Exhibition Centre" 香港会议展览中心, "Nangang Exhibition Center"
  台北南港展览馆). A known venue gives the event its venue (by its Chinese name, so the English and Chinese
  reports of one fair show one venue), city, province and district at once. Centre and Center, "and" and "&"
  are one spelling.
* **Cities and zones** (`CITIES_EN`): the pinyin names of the cities that host fairs (Guangzhou → 广州, Yiwu →
  金华's 义乌), the Hong Kong, Macao and Taiwan spellings (Taipei, Kaohsiung) and the zones a release names
  instead of a city (Pazhou, Boao, Zhongguancun). Pinyin names several cities share (Taizhou is 台州 and 泰州)
  are left out: a wrong city is worse than none.
* **Provinces**: the ascii ids of `extract.regions.PROVINCE_IDS` (guangdong, hong-kong …) in title case, and
  their other spellings (Macau, Xizang).

Countries (`COUNTRIES_EN`) put an event abroad. `venues_in`, `places_in` and `city_of` find these names in a
text; which of them is an event's place is decided by `extract.english_places`.
"""

from __future__ import annotations

import re
from functools import cache

from extract.regions import PROVINCE_IDS
from extract.venues import VENUES, Venue


def _words(spaced: str) -> list[str]:
    """A lexicon written as space-separated words, the way such lists are read and reviewed."""
    return spaced.split()


# English name -> the canonical Chinese name of a venue of `extract.venues.VENUES`.
VENUES_EN: dict[str, str] = {
    "Canton Fair Complex": "中国进出口商品交易会展馆",
    "China Import and Export Fair Complex": "中国进出口商品交易会展馆",
    "China Import and Export Fair Pazhou Complex": "中国进出口商品交易会展馆",
    "Pazhou Complex": "中国进出口商品交易会展馆",
    "Guangzhou International Convention and Exhibition Center": "中国进出口商品交易会展馆",
    "Poly World Trade Center Expo": "广州保利世贸博览馆",
    "Baiyun International Convention Center": "广州白云国际会议中心",
    "Shenzhen World Exhibition and Convention Center": "深圳国际会展中心",
    "Shenzhen World": "深圳国际会展中心",
    "Shenzhen International Convention and Exhibition Center": "深圳国际会展中心",
    "Shenzhen Convention and Exhibition Center": "深圳会展中心",
    "Guangdong Modern International Exhibition Center": "广东现代国际展览中心",
    "Tanzhou International Convention and Exhibition Center": "潭洲国际会展中心",
    "National Exhibition and Convention Center (Shanghai)": "国家会展中心(上海)",
    "National Exhibition and Convention Center in Shanghai": "国家会展中心(上海)",
    "NECC (Shanghai)": "国家会展中心(上海)",
    "Shanghai New International Expo Center": "上海新国际博览中心",
    "SNIEC": "上海新国际博览中心",
    "Shanghai World Expo Exhibition and Convention Center": "上海世博展览馆",
    "Shanghai World Expo Center": "上海世博中心",
    "Shanghai International Convention Center": "上海国际会议中心",
    "Shanghai Exhibition Center": "上海展览中心",
    "China National Convention Center": "国家会议中心",
    "China International Exhibition Center": "中国国际展览中心",
    "Beijing Exhibition Center": "北京展览馆",
    "Shougang Park": "首钢园",
    "National Exhibition and Convention Center (Tianjin)": "国家会展中心(天津)",
    "Meijiang Convention and Exhibition Center": "天津梅江会展中心",
    "Nanjing International Expo Center": "南京国际博览中心",
    "Suzhou International Expo Center": "苏州国际博览中心",
    "Hangzhou International Expo Center": "杭州国际博览中心",
    "Wuzhen Internet International Convention and Exhibition Center": "乌镇互联网国际会展中心",
    "Ningbo International Convention and Exhibition Center": "宁波国际会议展览中心",
    "Yiwu International Expo Center": "义乌国际博览中心",
    "Hefei Binhu International Convention and Exhibition Center": "合肥滨湖国际会展中心",
    "Xiamen International Conference and Exhibition Center": "厦门国际会展中心",
    "Straits International Conference and Exhibition Center": "海峡国际会展中心",
    "Qingdao International Convention Center": "青岛国际会展中心",
    "Qingdao International Expo Center": "红岛国际会议展览中心",
    "Zhengzhou International Convention and Exhibition Center": "郑州国际会展中心",
    "Wuhan International Expo Center": "武汉国际博览中心",
    "Changsha International Convention and Exhibition Center": "长沙国际会展中心",
    "Chongqing International Expo Center": "重庆国际博览中心",
    "Western China International Expo City": "中国西部国际博览城",
    "Xi'an International Convention and Exhibition Center": "西安国际会展中心",
    "Kunming Dianchi International Convention and Exhibition Center": "昆明滇池国际会展中心",
    "Nanning International Convention and Exhibition Center": "南宁国际会展中心",
    "Hainan International Convention and Exhibition Center": "海口国际会展中心",
    "Xinjiang International Convention and Exhibition Center": "新疆国际会展中心",
    "Hong Kong Convention and Exhibition Center": "香港会议展览中心",
    "HKCEC": "香港会议展览中心",
    "AsiaWorld-Expo": "亚洲国际博览馆",
    "Cotai Expo": "澳门威尼斯人金光会展中心",
    "Venetian Macao": "澳门威尼斯人金光会展中心",
    "Taipei Nangang Exhibition Center": "台北南港展览馆",
    "Nangang Exhibition Center": "台北南港展览馆",
    "Taipei World Trade Center": "台北世界贸易中心",
    "Taipei International Convention Center": "台北国际会议中心",
    "Kaohsiung Exhibition Center": "高雄展览馆",
}

# English name -> (city, district or None), short names of the gazetteer.
CITIES_EN: dict[str, tuple[str, str | None]] = {
    "Beijing": ("北京", None),
    "Shanghai": ("上海", None),
    "Tianjin": ("天津", None),
    "Chongqing": ("重庆", None),
    "Guangzhou": ("广州", None),
    "Canton": ("广州", None),
    "Shenzhen": ("深圳", None),
    "Dongguan": ("东莞", None),
    "Foshan": ("佛山", None),
    "Zhuhai": ("珠海", None),
    "Zhongshan": ("中山", None),
    "Huizhou": ("惠州", None),
    "Jiangmen": ("江门", None),
    "Shantou": ("汕头", None),
    "Zhanjiang": ("湛江", None),
    "Nanjing": ("南京", None),
    "Suzhou": ("苏州", None),
    "Wuxi": ("无锡", None),
    "Changzhou": ("常州", None),
    "Nantong": ("南通", None),
    "Xuzhou": ("徐州", None),
    "Yangzhou": ("扬州", None),
    "Kunshan": ("苏州", "昆山"),
    "Hangzhou": ("杭州", None),
    "Ningbo": ("宁波", None),
    "Wenzhou": ("温州", None),
    "Shaoxing": ("绍兴", None),
    "Jiaxing": ("嘉兴", None),
    "Jinhua": ("金华", None),
    "Yiwu": ("金华", "义乌"),
    "Hefei": ("合肥", None),
    "Wuhu": ("芜湖", None),
    "Fuzhou": ("福州", None),
    "Xiamen": ("厦门", None),
    "Quanzhou": ("泉州", None),
    "Jinan": ("济南", None),
    "Qingdao": ("青岛", None),
    "Yantai": ("烟台", None),
    "Weifang": ("潍坊", None),
    "Linyi": ("临沂", None),
    "Zhengzhou": ("郑州", None),
    "Luoyang": ("洛阳", None),
    "Wuhan": ("武汉", None),
    "Changsha": ("长沙", None),
    "Nanchang": ("南昌", None),
    "Chengdu": ("成都", None),
    "Xi'an": ("西安", None),
    "Xian": ("西安", None),
    "Kunming": ("昆明", None),
    "Guiyang": ("贵阳", None),
    "Nanning": ("南宁", None),
    "Haikou": ("海口", None),
    "Sanya": ("三亚", None),
    "Shijiazhuang": ("石家庄", None),
    "Taiyuan": ("太原", None),
    "Hohhot": ("呼和浩特", None),
    "Shenyang": ("沈阳", None),
    "Dalian": ("大连", None),
    "Changchun": ("长春", None),
    "Harbin": ("哈尔滨", None),
    "Lanzhou": ("兰州", None),
    "Xining": ("西宁", None),
    "Yinchuan": ("银川", None),
    "Urumqi": ("乌鲁木齐", None),
    "Lhasa": ("拉萨", None),
    "Hong Kong": ("香港", None),
    "Macao": ("澳门", None),
    "Macau": ("澳门", None),
    "Taipei": ("台北", None),
    "New Taipei": ("新北", None),
    "Taichung": ("台中", None),
    "Kaohsiung": ("高雄", None),
    "Tainan": ("台南", None),
    "Pazhou": ("广州", "海珠"),
    "Nansha": ("广州", "南沙"),
    "Qianhai": ("深圳", "南山"),
    "Hengqin": ("珠海", "香洲"),
    "Lujiazui": ("上海", "浦东新区"),
    "Pudong": ("上海", "浦东新区"),
    "Hongqiao": ("上海", None),
    "Zhongguancun": ("北京", "海淀"),
    "Boao": ("琼海", None),
    "Wuzhen": ("嘉兴", "桐乡"),
    "Xiong'an": ("保定", None),
}
_PROVINCE_SPELLINGS = {"Macau": "澳门", "Xizang": "西藏", "Inner Mongolia": "内蒙古", "Hong Kong SAR": "香港"}
# Countries (and the few regions abroad that releases name like one) that put an event abroad.
COUNTRIES_EN = frozenset(
    _words(
        """Germany France Italy Spain Portugal Netherlands Belgium Switzerland Austria Sweden Norway Denmark Finland
        Poland Czech Hungary Greece Turkey Russia Ukraine Kazakhstan Uzbekistan Mongolia Japan Korea Vietnam Laos
        Cambodia Thailand Myanmar Malaysia Singapore Indonesia Philippines India Pakistan Bangladesh Iran Iraq Israel
        Egypt Nigeria Kenya Ethiopia Morocco Canada Mexico Brazil Argentina Chile Peru Colombia Australia Zealand UAE
        Emirates Dubai Qatar Arabia Britain UK England U.S. USA America"""
    )
)


def _flexible(name: str) -> str:
    """A venue's name as a pattern that accepts Centre or Center, "and" or "&", and any spacing."""
    pattern = re.escape(name).replace(r"\ ", r"\s+")
    pattern = re.sub(r"Cent(?:er|re)", "Cent(?:er|re)", pattern)
    return re.sub(r"\band\b", "(?:and|&)", pattern)


@cache
def _venue_re() -> re.Pattern[str]:
    names = sorted(VENUES_EN, key=len, reverse=True)
    # The look-ahead on the names' first letters turns every other position away at once.
    firsts = "".join(sorted({n[0] for n in names}))
    alternation = "|".join(f"(?P<v{i}>{_flexible(n)})" for i, n in enumerate(names))
    return re.compile(rf"(?=[{firsts}])(?<![\w-])(?:{alternation})")


@cache
def _venue_names() -> tuple[tuple[str, ...], dict[str, Venue]]:
    by_name = {venue.name: venue for venue in VENUES}
    return tuple(sorted(VENUES_EN, key=len, reverse=True)), by_name


@cache
def _place_re() -> re.Pattern[str]:
    # As written, or in capitals as a dateline writes a city (GUANGZHOU); never in lower case, where "us" and
    # "canton" are other words.
    words = [*CITIES_EN, *_province_names(), *COUNTRIES_EN]
    words += [word.upper() for word in words]
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    firsts = "".join(sorted({w[0] for w in words}))
    return re.compile(rf"(?=[{re.escape(firsts)}])(?<![\w-])(?:{alternation})(?![\w-])")


@cache
def _province_names() -> dict[str, str]:
    names = {ascii_id.replace("-", " ").title(): short for short, ascii_id in PROVINCE_IDS.items()}
    return names | _PROVINCE_SPELLINGS


@cache
def _lookup() -> dict[str, tuple[str, str | None, str | None, bool]]:
    """Lower-cased English place -> (city, district, province, abroad)."""
    table: dict[str, tuple[str, str | None, str | None, bool]] = {}
    for country in COUNTRIES_EN:
        table[country.lower()] = ("", None, None, True)
    for name, short in _province_names().items():
        table[name.lower()] = ("", None, short, False)
    for name, (city, district) in CITIES_EN.items():
        table[name.lower()] = (city, district, None, False)
    return table


def venue_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where known venues are written in ``text[start:end]``."""
    return [(v_start, v_end) for v_start, v_end, _ in venues_in(text, start, end)]


def venues_in(text: str, start: int, end: int) -> list[tuple[int, int, Venue]]:
    """Where known venues are written in ``text[start:end]``, with the venue of `extract.venues` each names."""
    found = []
    names, by_name = _venue_names()
    for m in _venue_re().finditer(text, start, end):
        if m.lastgroup is not None:
            found.append((m.start(), m.end(), by_name[VENUES_EN[names[int(m.lastgroup[1:])]]]))
    return found


def places_in(text: str, start: int, end: int) -> list[tuple[int, int, str, str | None, str | None, bool]]:
    """English place names in ``text[start:end]``: (start, end, city, district, province, abroad); city is ""
    for a province or a country."""
    table = _lookup()
    return [(m.start(), m.end(), *table[m.group().lower()]) for m in _place_re().finditer(text, start, end)]


def city_of(word: str) -> str | None:
    """The gazetteer's city for an English city name in any case (a dateline's GUANGZHOU), or None."""
    entry = _lookup().get(word.strip().lower())
    return entry[0] or None if entry is not None and not entry[3] else None
