"""Event words, and which mentions of events are one event: in one article and across reports.

An event name ends in an event word (博览会, 交易会, 论坛, 对接会, 推进会, 峰会, 展 …, `SUFFIX_RE`) or a fair's
short name (广交会); the segmenter learns them all (`extract.segment`), so a name is never cut inside one. Where
a name begins is `extract.event_names`' rule, which mentions of a text are events `extract.event_mentions`'.

Two mentions are one event when their keys agree: the key drops quotes, a leading year or edition (2023, 第五届),
determiners, and treats X会 and X活动 as the same (座谈会 = 座谈活动); a key that ends another key of at least four
characters is the same event named with less qualification (“邑科汇”科技成果对接会 in 江门市“邑科汇”科技成果对接会).
Abbreviations (哈洽会, 药博会) join the full name whose characters they pick in order, or the one a curated table
knows (广交会 = 中国进出口商品交易会), or the one the text defines with 简称. Across reports, `series_key` is the one
rule of which names are one event (`db.merge_identity`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extract.cn_numerals import parse_cn_int
from extract.english_names import english_series
from extract.segment import add_words

CJK = "\u3400-\u4dbf\u4e00-\u9fff"

# Compound 活动: only a business activity is an event.
_ACTIVITY_WORDS = "对接|招商|推介|洽谈|交流|座谈|展示|展销|采购|路演|经贸|撮合|开放日|系列"
SUFFIXES = (
    "博览会|展览会|展销会|展示会|交易会|洽谈会|对接会|推介会|推进会|座谈会|研讨会|交流会|招商会|发布会|说明会"
    "|恳谈会|采购会|订货会|现场会|年会|大会|峰会|论坛|展会"
)
_ABBREVIATION_TAILS = "洽会|博会|交会|贸会"
ABBREVIATIONS = frozenset(_ABBREVIATION_TAILS.split("|"))

# The most event mentions read of one article, in either language (`extract.event_mentions`, `extract.english`):
# a news article has a few dozen, and the bound keeps a pathological page (a megabyte of 大会大会…) linear.
MAX_MENTIONS = 300

# What a name's key drops at its start: a determiner (本次, 该) and an edition or year (2023, 第五届, 二期).
DETERMINERS_RE = re.compile(r"^(?:本次|此次|本届|这次|上述|这场|一场|首场|该|此|这)")
EDITION_RE = re.compile(
    r"^(?:(?:19|20)\d\d(?:年度?|年)?|[〇零一二三四五六七八九]{4}年|第[0-9〇零一二三四五六七八九十百]+[届次期]"
    r"|[一二三四五六七八九十]期)"  # 二期展会: a phase with its number only
)

# Abbreviations the press uses for national fairs whose full names share too few characters with them.
KNOWN_ABBREVIATIONS: dict[str, str] = {
    "广交会": "中国进出口商品交易会",
    "进博会": "中国国际进口博览会",
    "服贸会": "中国国际服务贸易交易会",
    "消博会": "中国国际消费品博览会",
    "高交会": "中国国际高新技术成果交易会",
    "投洽会": "中国国际投资贸易洽谈会",
    "厦洽会": "中国国际投资贸易洽谈会",
    "东博会": "中国—东盟博览会",
    "链博会": "中国国际供应链促进博览会",
    "数博会": "中国国际大数据产业博览会",
    "西博会": "中国西部国际博览会",
    "文博会": "中国(深圳)国际文化产业博览交易会",
    "中博会": "中国中部投资贸易博览会",
    "中国航展": "中国国际航空航天博览会",
    "世园会": "世界园艺博览会",
    "糖酒会": "全国糖酒商品交易会",
    "世博会": "世界博览会",
}

# Whole short names of fairs (世园会, 中国航展) are event words of their own.
_KNOWN_SHORT = "|".join(sorted((k for k in KNOWN_ABBREVIATIONS if k[-2:] not in ABBREVIATIONS), key=len, reverse=True))
# The look-ahead on the words' first characters lets the regex engine skip every other position at once.
_FIRSTS = "".join(
    sorted({w[0] for w in f"{_KNOWN_SHORT}|{_ACTIVITY_WORDS}|{SUFFIXES}|{_ABBREVIATION_TAILS}|展".split("|")})
)
SUFFIX_RE = re.compile(
    rf"(?=[{_FIRSTS}])(?:{_KNOWN_SHORT}|(?:{_ACTIVITY_WORDS})活动|{SUFFIXES}|{_ABBREVIATION_TAILS}|展)"
)
# The segmenter must never cut inside an event word or a known abbreviation (see `extract.segment`).
add_words([*SUFFIXES.split("|"), *KNOWN_ABBREVIATIONS])
_EVENT_WORD_HEADS = tuple({word[:n] for word in SUFFIXES.split("|") for n in range(1, len(word))})
_learned: set[tuple[str, ...]] = set()


def learn_compounds(words: tuple[str, ...]) -> None:
    """Make an industry taxonomy's compounds words of the segmenter, once per list: a name must never be cut
    inside its industry (2023世界物联网博览会: jieba alone reads 物 + 联网, and the name would start at 联网). A
    compound that ends in the head of an event word is left out (招商推介 would swallow 推介会's 推介 and leave
    招商推介 + 会): event words come first."""
    if words in _learned:
        return
    _learned.add(words)
    add_words(word for word in words if not word.endswith(_EVENT_WORD_HEADS))


_ANNUAL_RE = re.compile(r"(?:(?:19|20)\d\d年?)?年会")
_ACTIVITY_SUFFIX_RE = re.compile(rf"(?:{_ACTIVITY_WORDS})活动$")
_STEMMED_HUI_RE = re.compile(
    r"(对接|洽谈|座谈|推介|研讨|交流|招商|推进|发布|说明|恳谈|采购|订货|展示|展销)(?:会|活动)$"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an event in the normalised text.

    `start`/`end` span the name as written (quotes included when the name is a quoted phrase);
    `name` is the cleaned display name and `key` the form used to decide two mentions are one event.
    """

    name: str
    key: str
    paren: str
    start: int
    end: int
    suffix: str
    abbreviation: bool
    quoted: bool
    alias: str | None = None


def name_key(name: str) -> tuple[str, str]:
    """(key, parenthetical) of a display name."""
    paren = ""
    match = re.search(r"\(([^()]*)\)$", name)
    if match:
        paren = match.group(1)
        name = name[: match.start()]
    name = re.sub(r"[“”‘’《》「」\"'·\s]", "", name)
    # 第五届进博会虹桥国际经济论坛 is 第五届中国国际进口博览会虹桥国际经济论坛: a fair's short name inside a longer
    # name is read as the full name, so both spellings get one key.
    for short, full in KNOWN_ABBREVIATIONS.items():
        if short in name and name != short:
            name = name.replace(short, full)
    name = DETERMINERS_RE.sub("", name)
    while True:
        stripped = EDITION_RE.sub("", name)
        if stripped == name:
            break
        name = stripped
    name = _STEMMED_HUI_RE.sub(r"\1", name)
    return name, paren


def same_event(a: Mention, b: Mention) -> bool:
    """Whether two mentions name the same event (see the module docstring)."""
    if a.paren and b.paren and a.paren != b.paren:
        return False
    if a.abbreviation or b.abbreviation:
        short, full = (a, b) if a.abbreviation else (b, a)
        if full.abbreviation:
            # 广交会 and 第135届广交会 are both short names; the edition's key is already the full name's.
            return _expanded(short.key) == _expanded(full.key)
        return _abbreviates(short, full)
    if (a.alias and a.alias in b.name) or (b.alias and b.alias in a.name):
        return True
    if a.key == b.key:
        return True
    for short, full in ((a, b), (b, a)):
        known = KNOWN_ABBREVIATIONS.get(short.key)
        if known is not None and name_key(known)[0] in full.key:
            return True
    # 第十五届中国国际航空航天博览会(中国航展) and 中国航展: the bracket gives the short name.
    if (a.paren and name_key(a.paren)[0] == b.key) or (b.paren and name_key(b.paren)[0] == a.key):
        return True
    shorter, longer = sorted((a.key, b.key), key=len)
    if len(shorter) < 4:
        return False
    # 中国—东盟博览会暨中国—东盟商务与投资峰会 is reported as either of its parts.
    if any(part == shorter or (part.endswith(shorter)) for part in longer.split("暨")):
        return True
    # 博鳌亚洲论坛 and 博鳌亚洲论坛2023年年会: the series named for its annual meeting.
    if longer.startswith(shorter) and _ANNUAL_RE.fullmatch(longer, len(shorter)):
        return True
    return longer.endswith(shorter)


def _expanded(key: str) -> str:
    """A key with a known short name (广交会) read as its full name's key."""
    known = KNOWN_ABBREVIATIONS.get(key)
    return name_key(known)[0] if known is not None else key


_PHASE_RE = re.compile(r"[(（]?第[0-9一二三四五六七八九十]{1,2}期[)）]?(?:展会|展览|展)?$")
_EMBEDDED_YEAR_RE = re.compile(r"(?:19|20)\d\d年?(?=年会)|[(（](?:19|20)\d\d[)）]")
_ORDINAL_RE = re.compile(r"第([0-9〇零一二三四五六七八九十百]+)届")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_FOLD_RE = re.compile(r"[\s\W_]+")
_HAS_CJK_RE = re.compile(rf"[{CJK}]")


def series_key(name: str) -> tuple[str, str | None]:
    """(the series a name belongs to, its edition): the one rule of which names are one event across reports.

    The series is the name with known short names read in full (广交会 is 中国进出口商品交易会), the edition, year
    and phase left out (第135届, 2024, 博鳌亚洲论坛2024年年会, 第三期: a phase is part of its fair) and width,
    case and punctuation folded. The edition is "n135" for 第135届, else "y2024" for a year, else None; two
    editions of different kinds (a year and an ordinal) cannot be compared.

    A name written in English is read by the English rules (`extract.english_names.english_series`: "137th
    China Import and Export Fair" and "Canton Fair" are the series of 中国进出口商品交易会, edition n137), so both
    languages' reports of a known fair are one series.
    """
    if not _HAS_CJK_RE.search(name):
        english, edition, known = english_series(name)
        return (series_key(english)[0] if known else english), edition
    key = name_key(name)[0]
    key = _expanded(key)
    key = _PHASE_RE.sub("", key)
    key = _EMBEDDED_YEAR_RE.sub("", key)
    key = _FOLD_RE.sub("", unicodedata.normalize("NFKC", key).casefold())
    ordinal = _ORDINAL_RE.search(name)
    number = parse_cn_int(ordinal.group(1)) if ordinal else None
    if number is not None:
        return key, f"n{number}"
    year = _YEAR_RE.search(name)
    return key, (f"y{year.group(1)}" if year else None)


_SIDE_EVENT_TAIL_RE = re.compile(rf"(?:{SUFFIXES})$")


def side_event(longer: str, shorter: str) -> bool:
    """Whether the series `longer` is a gathering held at the series `shorter` (中国国际服务贸易交易会全球服务贸易峰会
    at 中国国际服务贸易交易会): the longer key is the shorter one followed by a name of its own that ends in an event
    word. Both are series keys (`series_key`)."""
    rest = longer[len(shorter) :] if longer.startswith(shorter) else ""
    # …博览会暨论坛 is one event under a joint name, not a gathering held at the fair.
    return len(rest) >= 3 and not rest.startswith("暨") and bool(_SIDE_EVENT_TAIL_RE.search(rest))


def same_edition(a: str | None, b: str | None) -> bool | None:
    """True or False when two editions can be compared, None when they cannot (one unknown, or a year and an
    ordinal)."""
    if a is None or b is None or a[0] != b[0]:
        return None
    return a == b


def _abbreviates(short: Mention, full: Mention) -> bool:
    letters = short.key
    if full.alias and full.alias in short.name:
        return True
    known = KNOWN_ABBREVIATIONS.get(letters)
    if known is not None:
        return name_key(known)[0] in full.key
    # 哈洽会 ~ 中国哈尔滨国际经济贸易洽谈会: every character but the final 会, in order.
    position = 0
    for ch in letters[:-1]:
        position = full.key.find(ch, position)
        if position < 0:
            return False
        position += 1
    return True


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions grouped into events, in order of first mention. Full names are grouped first, so an
    abbreviation joins the full name it abbreviates rather than founding its own event."""
    groups: list[list[Mention]] = []
    ordered = sorted(mentions, key=lambda m: (m.abbreviation, m.start))
    for mention in ordered:
        for group in groups:
            if any(same_event(mention, other) for other in group):
                group.append(mention)
                break
        else:
            groups.append([mention])
    for group in groups:
        group.sort(key=lambda m: m.start)
    groups.sort(key=lambda g: g[0].start)
    return groups


def canonical_name(group: list[Mention]) -> str:
    """The name to show: a full name over an abbreviation, a specific event word over 活动, then the longest."""
    best = max(
        group,
        key=lambda m: (not m.abbreviation, not _ACTIVITY_SUFFIX_RE.search(m.name.split("(")[0]), len(m.name)),
    )
    return best.name
