"""Finding event names in normalised news text and grouping mentions of the same event.

An event name is a noun phrase that ends in an event word (博览会, 交易会, 论坛, 对接会, 推进会, 峰会, 展 …,
`_SUFFIX_RE`), optionally followed by a short parenthetical (对接会(生物医药领域)). From the event word we walk
left over the words a name can hold (the sentence's words from a segmenter, `extract.segment`), jumping over
whole quoted segments (“邑科汇”, ‘大手拉小手’, 《…》), and stop at punctuation, an opening quote, a word that
introduces a name (举办, 召开, 在, 的, 本次, 表示, 向 …, `_STOP_WORDS`) or a word whose part of speech never
belongs to a name (prepositions, pronouns, adverbs, particles, `_STOP_TAGS`). An event word that starts inside
another word (进展|会, 上半年|会) is not one (`_event_word_ok`). A name inside quotes is therefore read as its
quoted content, outer quotes dropped and inner single quotes made double, as the press does when a quote leaves
its enclosing one.

What is not an event, and why:

* 活动 alone is too vague (出席活动, 高水平活动): only compounds that name a business activity count
  (对接活动, 招商活动, 推介活动 …);
* a bare 展 is mostly part of 发展/开展/展区: it counts only after a verb of holding (举办融通创新展) or before
  one (…展在/将/于/开幕), and never after 发/进/开/拓 …;
* names whose content is generic once determiners and filler are removed (本次对接活动, 该论坛);
* press conferences (新闻发布会), political and internal meetings (代表大会, 动员大会, 股东大会 …);
* recurring programmes rather than an occurrence (持续开展…对接活动, 常态化开展…);
* groundbreaking and signing ceremonies (开工仪式, 签约仪式) simply never end in an event word.

Two mentions are one event when their keys agree: the key drops quotes, a leading year or edition (2023, 第五届),
determiners, and treats X会 and X活动 as the same (座谈会 = 座谈活动); a key that ends another key of at least four
characters is the same event named with less qualification (“邑科汇”科技成果对接会 in 江门市“邑科汇”科技成果对接会).
Abbreviations (哈洽会, 药博会) join the full name whose characters they pick in order, or the one a curated table
knows (广交会 = 中国进出口商品交易会), or the one the text defines with 简称.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from extract.cn_numerals import parse_cn_int
from extract.english_names import english_series
from extract.segment import Token, add_words, segment

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"

# Compound 活动: only a business activity is an event.
_ACTIVITY_WORDS = "对接|招商|推介|洽谈|交流|座谈|展示|展销|采购|路演|经贸|撮合|开放日|系列"
_SUFFIXES = (
    "博览会|展览会|展销会|展示会|交易会|洽谈会|对接会|推介会|推进会|座谈会|研讨会|交流会|招商会|发布会|说明会"
    "|恳谈会|采购会|订货会|现场会|年会|大会|峰会|论坛|展会"
)
_ABBREVIATION_TAILS = "洽会|博会|交会|贸会"
_ABBREVIATIONS = frozenset(_ABBREVIATION_TAILS.split("|"))


# A 会-type event word followed by one of these is another word (会场, 大会堂, 会长, 会议, 交易会展馆).
_AFTER_HUI_NOT = frozenset("展馆场址所堂长员议务计标徽旗歌战")
_AFTER_ACTIVITY_NOT = ("中心", "室", "场所", "场地", "经费", "方案")
# A bare 展 after these characters is 发展, 进展, 开展, 拓展, 会展 … .
_BEFORE_ZHAN_NOT = frozenset("发进开拓扩延伸施参布筹办观巡会联推招施舒首铺")
# 展 at the head of a compound about a fair's parts or people (展商, 展客商, 展品, 展位, 展台, 展馆, 展区, 展出,
# 展示, 展销, 展团, 展厅): the event is named elsewhere, 近4000家展客商 names exhibitors. Not 开 or 期: 书展开展首日,
# 上海展期间 are the fair followed by a verb or 期间.
_AFTER_ZHAN_NOT = frozenset("商客品位台馆区出示销团厅架板")
_ORGANISATION_AFTER_RE = re.compile(
    r"(?:副|常务)?(?:理事长|理事会|秘书长|秘书处|主席|会长|执行主席|总裁|官网|网站|永久会址|会址|成员|会员)"
)
# … and it needs a verb of holding right before the name or right after it.
_ZHAN_BEFORE_RE = re.compile(r"(?:举办|举行|召开|参加|亮相|参观|出席|组织|承办|主办|开幕|走进|打造)$")
_ZHAN_AFTER_RE = re.compile(r"[^\s,，。;；:：!！?？、]?(?:在|于|将|期间|开幕|闭幕|举办|举行|上|现场|正式|即将|落幕)")
_LISTING_AFTER_RE = re.compile(r"排期|计划|一览|安排|日程|信息|名称|名录|名单|时间表")
_ROW_DATE_RE = re.compile(r"\d{1,2}月\d{1,2}[日号]")
_ZHAN_END_RE = re.compile(r"[\s,，。;；:：!！?？、)”》]|$")


def _words(spaced: str) -> list[str]:
    return spaced.split()


# Words that introduce a name: the name starts right after them. They are matched as whole words of the
# segmented sentence, so 在 stops a name but 存在 or 在线 does not.
_STOP_WORDS = frozenset(
    _words(
        "举办了 举行了 召开了 举办 举行 召开 参加 出席 参与 参观 组织 开展 承办 主办 "
        "协办 启动 亮相 筹备 筹办 据悉 届时 期间 作为 通过 围绕 依托 借助 借 按照 本次 "
        "此次 本届 这次 上述 这场 一场 首场 在 于 将 的 了 由 是 向 从 对 同 与会 "
        "为 并 也 已 该 到 至 赴 等 把 被 让 即 又 和 或 及其 以及 "
        "还 再 上午 下午 晚上 今天 昨天 明天 今日 昨日 明日 近日 日前 近期 此间 当天 当日 目前 "
        "表示 宣布 指出 强调 介绍 获悉 了解 称 说 透露 报道 看到 致 致信 致辞 主持 会见 会晤 "
        "走进 来到 前往 访问 收购 成为 加入 播出 讲述 包括 包含 设置 设立 迎来 推出 办好 "
        "支持 祝贺 学习 贯彻 落实 推动 落幕 开幕 闭幕 结束 进入 恢复 加上 接受 取消 停办 延期 推迟 "
        # Verbs of moving to a place or of judging take the event as their object (运往展会现场, 国际人士积极
        # 评价第六届进博会, 应邀出席…峰会): the name starts after them.
        "运往 运抵 送往 赶往 奔赴 发往 销往 应邀 应 评价 称赞 赞赏 盛赞 点赞 见证 助力 利用 充分利用 用好 "
        # Relative time words open a clause, never a name (今年3月份上海地材展); seasons (夏季达沃斯) do.
        "今年 去年 明年 前年 月份 本月 上月 下月 本周 上周 下周"
    )
)
# Parts of speech that never belong to a name (jieba's tag set): prepositions, pronouns, adverbs, particles,
# conjunctions, modal particles, interjections; person names jieba is sure of (nrfg: 习近平).
_STOP_TAGS = frozenset({"p", "r", "d", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "nrfg", "zg"})
# Words of those parts of speech that do occur inside names: 与/及/暨 join subjects (疫苗与健康大会), 届 is an
# edition (第133届), 中 and 全 open names (中美…研讨会, 全国…大会).
_NAME_JOINERS = frozenset(_words("与 及 暨 届 中 全 本土 首"))
# Verbs: only those of `_STOP_WORDS` introduce a name; others name its subject (智能制造大会, 城市推介大会,
# 产业转移发展对接活动), so a verb's part of speech alone never ends a name.
_VERB_TAGS = frozenset({"v", "vd", "vi", "vq"})
_DETERMINERS_RE = re.compile(r"^(?:本次|此次|本届|这次|上述|这场|一场|首场|该|此|这)")
_EDITION_RE = re.compile(
    r"^(?:(?:19|20)\d\d(?:年度?|年)?|[〇零一二三四五六七八九]{4}年|第[0-9〇零一二三四五六七八九十百]+[届次期]"
    r"|[一二三四五六七八九十]期)"  # 二期展会: a phase with its number only
)
_GENERIC_WORDS = tuple(
    sorted(
        _words(
            "高水平 一样 这样 同类 类似 大型 小型 专题 主题 线上 线下 各类 "
            "各项 系列 重要 重大 盛大 相关 此类 有关 多场 各种 对接 交流 "
            "座谈 推介 招商 洽谈 专场 现场 产业 行业 企业 国际 全国 全省 "
            "全市 全区 海外 境外 国内 国外 会议 活动 一对一 首届 年度 工作 一系列 展示 采购 开放日 "
            "经贸 路演 撮合 展销 新闻 交易 博览 展览 研讨 推进 年 大 "
            "峰 论坛 展"
        ),
        key=len,
        reverse=True,
    )
)
_NOT_EVENT_PARTS = (
    "新闻发布会",
    "新闻通气会",
    "代表大会",
    "党员大会",
    "党代会",
    "职代会",
    "股东大会",
    "表彰",
    "动员",
    "誓师",
    "警示教育",
    "纪念大会",
    "追悼",
    "运动会",
    "民主生活会",
    "全会",
    "常委会",
    "办公会",
    "务虚会",
    "家长会",
    "培训会",
    "工作会",
)
_PROGRAMME_RE = re.compile(r"(?:持续|常态化|定期|经常|广泛|长期|不断|多次)(?:地)?(?:开展|举办|组织)?$")
# A bracket after a name: its short name or its English one (COMPUTEX 2025, with a space between Latin words).
_PAREN_RE = re.compile(r"\(((?:[^()\s,，。;；:：!！?？]|(?<=[A-Za-z0-9]) (?=[A-Za-z0-9])){1,24})\)")
_PAREN_NOT = ("记者", "图", "摄", "来源", "简称", "以下", "通讯员")
_ALIAS_RE = re.compile(r"^\(?(?:以下)?简称[“\"]?([^”\"()]{2,10})[”\"]?\)?")

_OPENING = {"”": "“", "’": "‘", "》": "《", "」": "「", '"': '"'}
_NAME_CHARS_RE = re.compile(rf"[{_CJK}0-9A-Za-z·\-—]")
_MAX_NAME = 60
# Bounds that keep a pathological page (a megabyte of 大会大会…) linear: a news article has a few dozen event
# words; past these the rest of the page is not read.
MAX_EVENT_WORDS = 5000
MAX_MENTIONS = 300

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
_KNOWN_SHORT = "|".join(sorted((k for k in KNOWN_ABBREVIATIONS if k[-2:] not in _ABBREVIATIONS), key=len, reverse=True))
# The look-ahead on the words' first characters lets the regex engine skip every other position at once.
_FIRSTS = "".join(
    sorted({w[0] for w in f"{_KNOWN_SHORT}|{_ACTIVITY_WORDS}|{_SUFFIXES}|{_ABBREVIATION_TAILS}|展".split("|")})
)
_SUFFIX_RE = re.compile(
    rf"(?=[{_FIRSTS}])(?:{_KNOWN_SHORT}|(?:{_ACTIVITY_WORDS})活动|{_SUFFIXES}|{_ABBREVIATION_TAILS}|展)"
)
# The segmenter must never cut inside an event word or a known abbreviation (see `extract.segment`).
add_words([*_SUFFIXES.split("|"), *KNOWN_ABBREVIATIONS])
_EVENT_WORD_HEADS = tuple({word[:n] for word in _SUFFIXES.split("|") for n in range(1, len(word))})
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
_PHASE_BEFORE_RE = re.compile(r"[会展]第?[0-9一二三四五六七八九十]{1,2}期$")
_ENDS_IN_EVENT_WORD_RE = re.compile(rf"(?:{_SUFFIXES}|展|会|活动)$")
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


def _stops_name(token: Token) -> bool:
    """Whether `token`, right before a name, introduces it rather than belongs to it."""
    if token.word in _STOP_WORDS:
        return True
    if token.word in _NAME_JOINERS:
        return False
    return token.tag in _STOP_TAGS


class _Segmented:
    """The words of ``text[start:end]``, looked up by the offset where a word ends or by an offset inside it."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.tokens = segment(text[start:end], start)
        self.ending_at = {t.end: t for t in self.tokens}
        self._ends = [t.end for t in self.tokens]

    def token_at(self, pos: int) -> Token | None:
        k = bisect.bisect_right(self._ends, pos)
        if k < len(self.tokens) and self.tokens[k].start <= pos:
            return self.tokens[k]
        return None


def _walk_left(text: str, stop: int, floor: int, words: _Segmented) -> int:
    """Where the name that ends just before `stop` begins."""
    i = stop
    while i > floor and stop - i < _MAX_NAME:
        ch = text[i - 1]
        if ch in _OPENING:
            opening = _OPENING[ch]
            j = text.rfind(opening, max(floor, i - 1 - 30), i - 1)
            if j < 0:
                break
            i = j
            continue
        if ch == ")":
            j = text.rfind("(", max(floor, i - 1 - 20), i - 1)
            if j < 0:
                break
            i = j
            continue
        if ch == " " and i - 2 >= floor and _LATIN_RE.match(text[i - 2]) and _LATIN_RE.match(text[i : i + 1]):
            i -= 1  # CIBF 2021展会: Latin words and years in a name are written with spaces between them
            continue
        if not _NAME_CHARS_RE.match(ch):
            break
        # 12月20日全省…推进会: a date glued to the name is not part of it.
        if ch in "日号月" and i - 2 >= floor and (text[i - 2].isdigit() or text[i - 2] in "〇零一二三四五六七八九十"):
            break
        token = words.ending_at.get(i)
        if token is not None and token.start >= floor and _stops_name(token):
            if token.word == "和" and (whole := _edition_opened(text, token.start, floor, words)) is not None:
                return whole
            break
        i = token.start if token is not None and token.start >= floor else i - 1
    # 与/及/暨 join parts inside a name; at its start they join it to what came before (还与消博会组委会).
    while i < stop - 1 and text[i] in "与及暨":
        i += 1
    return i


def _edition_opened(text: str, conjunction: int, floor: int, words: _Segmented) -> int | None:
    """Where a name that holds 和 begins, when it does: 第十五届国际交通技术和设备展览会 and 第三届长三角国际应急减灾
    和救援博览会 name their subject with a conjunction, and the edition that opens the name says the 和 is inside
    it. Without an edition in front (企业和展会, 政府和博览会) 和 joins the name to something else."""
    start = _walk_left(text, conjunction, floor, words)
    before = text[start:conjunction]
    if _ENDS_IN_EVENT_WORD_RE.search(before):
        return None  # 第20届中国—东盟博览会和中国—东盟商务与投资峰会: 和 joins two events
    if start < conjunction and (_EDITION_RE.match(before) or before.startswith("首届")):
        return start
    return None


_LATIN_RE = re.compile(r"[A-Za-z0-9]")
# Spaces go, except one between two Latin words or numbers (CIBF 2021展会).
_SPACE_RE = re.compile(r"\s+(?![A-Za-z0-9])|(?<![A-Za-z0-9])\s+")
_LEADING_ASIDE_RE = re.compile(r"^[(（][^()（）]{0,12}[)）]")


def _clean_name(raw: str) -> tuple[str, bool]:
    """Display name: outer quotes removed (inner single quotes become double), spaces dropped."""
    name = raw.strip()
    quoted = False
    for opening, closing in (("“", "”"), ("《", "》"), ("「", "」"), ('"', '"')):
        if name.startswith(opening) and name.endswith(closing) and name.count(opening) == 1:
            name = name[1:-1]
            quoted = True
            break
    name = _SPACE_RE.sub("", name.replace("‘", "“").replace("’", "”"))
    # 今天（30日）博鳌亚洲论坛举行…: an aside in brackets before the name is not part of it.
    name = _LEADING_ASIDE_RE.sub("", name)
    return name, quoted


def _strip_generic(core: str) -> str:
    changed = True
    while changed and core:
        changed = False
        for word in _GENERIC_WORDS:
            if core.startswith(word):
                core = core[len(word) :]
                changed = True
            if core.endswith(word):
                core = core[: -len(word)]
                changed = True
    return core


def _key(name: str) -> tuple[str, str]:
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
    name = _DETERMINERS_RE.sub("", name)
    while True:
        stripped = _EDITION_RE.sub("", name)
        if stripped == name:
            break
        name = stripped
    name = _STEMMED_HUI_RE.sub(r"\1", name)
    return name, paren


def _neighbours_ok(text: str, m: re.Match[str]) -> bool:
    """Whether the characters around the event word at `m` leave it a possible event word. These rules need no
    segmentation, so they run first: they turn away most bare 展 (发展, 开展 …) before their window is
    segmented."""
    suffix = m.group()
    after = text[m.end() : m.end() + 4]
    # 博鳌亚洲论坛副理事长, 中关村论坛永久会址: an office of the organisation or its site, not a gathering.
    if _ORGANISATION_AFTER_RE.match(text, m.end()):
        return False
    # 《博鳌亚洲论坛创新报告2023》: an event word inside a title that goes on is part of a report's or book's title.
    title_open = text.rfind("《", max(0, m.start() - 40), m.start())
    if title_open >= 0 and "》" not in text[title_open : m.start()] and text[m.end() : m.end() + 1] != "》":
        return False
    if suffix.endswith("会"):
        if after[:1] in _AFTER_HUI_NOT:
            return False
        if suffix == "年会" and m.start() > 0 and text[m.start() - 1].isdigit():
            return False  # 2023年会展… is a year, not a 年会
    elif suffix.endswith("活动"):
        if after.startswith(_AFTER_ACTIVITY_NOT):
            return False
    elif suffix == "展" and (
        (m.start() > 0 and text[m.start() - 1] in _BEFORE_ZHAN_NOT) or after[:1] in _AFTER_ZHAN_NOT
    ):
        return False
    if suffix in ("展会", "展") and _PHASE_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()):
        return False  # 第135届广交会第一期展会: a phase of the fair named before it (`extract.phases`)
    if suffix == "展会" and _LISTING_AFTER_RE.match(text, m.end()):
        return False  # 展会排期, 展会信息: the word names a listing, not a fair
    if suffix == "展会" and m.start() > 0 and text[m.start() - 1] == "会":
        return False  # 本届高交会展会总面积: the fair's show, the fair itself is named by the word before
    # An abbreviation is one or two characters plus the tail: 哈洽会, 广交会, 进博会.
    return not (suffix in _ABBREVIATIONS and (m.start() == 0 or not re.match(rf"[{_CJK}]", text[m.start() - 1])))


def _suffix_ok(text: str, m: re.Match[str], name_start: int, words: _Segmented) -> bool:
    """The rules on the event word that need the name's start or the words (after `_neighbours_ok`)."""
    if m.group() == "展":
        # A dictionary word that ends in 展 and is not a verb names a kind of show (车展, 航展, 教育展).
        word = words.token_at(m.start())
        if word is not None and word.start < m.start() and word.end == m.end():
            # …unless it is a person's name (潘展乐 is read 潘展 + 乐以).
            return not word.tag.startswith("nr")
        # 台北国际电脑展（COMPUTEX 2025）将于…: the verb of holding may follow the name's bracket.
        paren = _PAREN_RE.match(text, m.end())
        after_name = paren.end() if paren else m.end()
        if _schedule_cell(text, name_start, after_name):
            return True
        if not _ZHAN_END_RE.match(text, after_name) and not _ZHAN_AFTER_RE.match(text, after_name):
            return False
        before = text[max(0, name_start - 4) : name_start]
        if not (_ZHAN_BEFORE_RE.search(before) or _ZHAN_AFTER_RE.match(text, after_name)):
            return False
    return True


def _schedule_cell(text: str, name_start: int, name_end: int) -> bool:
    """Whether a name fills a cell of a schedule row on its own (香港秋季电子产品展，2025年10月13日至16日): the row
    is a line whose cells `extract.normalize` joins with '，', and the row gives a date."""
    line_start = text.rfind("\n", 0, name_start) + 1
    line_end = text.find("\n", name_end)
    line_end = len(text) if line_end < 0 else line_end
    opens_cell = name_start == line_start or text[name_start - 1] == "，"
    closes_cell = name_end == line_end or text[name_end : name_end + 1] == "，"
    return opens_cell and closes_cell and bool(_ROW_DATE_RE.search(text, line_start, line_end))


def _event_word_ok(m: re.Match[str], words: _Segmented) -> bool:
    """Whether the event word matched at `m` is a word of the sentence, not part of another one.

    An event word that starts inside a longer word is not one (进展|会, 上半年|会, 进一步|进展会); a word that
    ends with it is (高峰论坛, 车展, 广交会). An abbreviation tail (博会, 交会 …) standing alone needs a
    one-character head of its own (进|博会, 家|博会): 交会 after 快速 or 空间 is the verb "to meet", and 借中|博会
    is 借 + 中博会, which the segmenter knows once the abbreviation lexicon is added to it.
    """
    token = words.token_at(m.start())
    if token is None:
        return True
    if token.start < m.start():
        if token.end != m.end():
            return False
        # A verb that ends in 展 is 发展, 开展, 拓展 …, not an exhibition.
        return not (m.group() == "展" and token.tag in _VERB_TAGS)
    if m.group() in _ABBREVIATIONS and token.end == m.end():
        head = words.ending_at.get(m.start())
        return head is not None and len(head.word) == 1 and not _stops_name(head)
    return True


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Event name mentions in ``text[start:end]``, in order, nested ones dropped."""
    stop = len(text) if end is None else end
    found: list[Mention] = []
    for examined, m in enumerate(_SUFFIX_RE.finditer(text, start, stop)):
        if examined >= MAX_EVENT_WORDS or len(found) >= MAX_MENTIONS:
            break
        suffix = m.group()
        # 中国发展高层论坛《…》分论坛: a sub-forum is not an event of its own (the corpus spec), and skipping it
        # keeps the forum it belongs to, which is named inside it.
        if suffix == "论坛" and text[m.start() - 1 : m.start()] in ("分", "主"):
            continue
        if not _neighbours_ok(text, m):
            continue
        # Only the words around the event word are segmented: the name can reach _MAX_NAME characters back.
        window_start = max(start, m.start() - _MAX_NAME - 8)
        words = _Segmented(text, window_start, min(stop, m.end() + 4))
        if not _event_word_ok(m, words):
            continue
        name_end = m.end()
        paren_match = _PAREN_RE.match(text, name_end)
        if paren_match and not paren_match.group(1).startswith(_PAREN_NOT) and paren_match.end() <= stop:
            name_end = paren_match.end()
        name_start = _walk_left(text, m.start(), window_start, words)
        # A closing quote right after: the name was the quoted phrase.
        if (
            name_start > start
            and text[name_start - 1] in "“《「"
            and text.startswith({"“": "”", "《": "》", "「": "」"}[text[name_start - 1]], name_end)
        ):
            name_start -= 1
            name_end += 1
        if not _suffix_ok(text, m, name_start, words):
            continue
        is_abbreviation = suffix in _ABBREVIATIONS
        if is_abbreviation:
            # Only the short form itself (optionally with its edition): 第33届哈洽会.
            head = text[name_start : m.start()]
            edition = _EDITION_RE.match(head)
            short = head[edition.end() :] if edition else head
            if not 1 <= len(short) <= 2:
                if len(short) > 2:
                    name_start = m.start() - 1
                else:
                    continue
        raw = text[name_start:name_end]
        name, quoted = _clean_name(raw)
        if not _acceptable(text, name, suffix, name_start):
            continue
        key, paren = _key(name)
        alias_match = _ALIAS_RE.match(text, name_end)
        alias = alias_match.group(1) if alias_match else None
        found.append(Mention(name, key, paren, name_start, name_end, suffix, is_abbreviation, quoted, alias))
    # A name inside a longer one (博览会 inside 博览会论坛) is part of it.
    kept: list[Mention] = []
    for mention in found:
        while kept and kept[-1].start >= mention.start and kept[-1].end <= mention.end:
            kept.pop()
        if kept and kept[-1].start <= mention.start and kept[-1].end >= mention.end:
            continue
        kept.append(mention)
    return kept


def _acceptable(text: str, name: str, suffix: str, name_start: int) -> bool:
    if not 3 <= len(name) <= _MAX_NAME + 2:
        return False
    if any(part in name for part in _NOT_EVENT_PARTS):
        return False
    if _PROGRAMME_RE.search(text[max(0, name_start - 8) : name_start]):
        return False
    key, _ = _key(name)
    bare = re.sub(r"[“”‘’《》「」\"'()\s0-9]", "", _DETERMINERS_RE.sub("", name))
    core = bare[: -len(suffix)] if bare.endswith(suffix) else bare
    if suffix in _ABBREVIATIONS:
        return len(core) >= 1
    return len(_strip_generic(core)) >= 2 and len(key) >= 3


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
        if known is not None and _key(known)[0] in full.key:
            return True
    # 第十五届中国国际航空航天博览会(中国航展) and 中国航展: the bracket gives the short name.
    if (a.paren and _key(a.paren)[0] == b.key) or (b.paren and _key(b.paren)[0] == a.key):
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
    return _key(known)[0] if known is not None else key


_PHASE_RE = re.compile(r"[(（]?第[0-9一二三四五六七八九十]{1,2}期[)）]?(?:展会|展览|展)?$")
_EMBEDDED_YEAR_RE = re.compile(r"(?:19|20)\d\d年?(?=年会)|[(（](?:19|20)\d\d[)）]")
_ORDINAL_RE = re.compile(r"第([0-9〇零一二三四五六七八九十百]+)届")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_FOLD_RE = re.compile(r"[\s\W_]+")
_HAS_CJK_RE = re.compile(rf"[{_CJK}]")


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
    key = _key(name)[0]
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


_SIDE_EVENT_TAIL_RE = re.compile(rf"(?:{_SUFFIXES})$")


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
        return _key(known)[0] in full.key
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
