"""Where an event name begins and ends around its event word, and whether that event word is one.

From the event word (`extract.events.SUFFIX_RE`) we walk left over the words a name can hold (the sentence's words
from a segmenter, `extract.segment`), jumping over whole quoted segments (“邑科汇”, ‘大手拉小手’, 《…》), and stop at
punctuation, an opening quote, a word that introduces a name (举办, 召开, 在, 的, 本次, 表示, 向 …, `_STOP_WORDS`) or
a word whose part of speech never belongs to a name (prepositions, pronouns, adverbs, particles, `_STOP_TAGS`); a
name may end in a short parenthetical (对接会(生物医药领域), `PAREN_RE`). An event word that starts inside another
word (进展|会, 上半年|会) is not one (`event_word_ok`), nor is a bare 展 that is part of 发展/开展/展区: it counts
only after a verb of holding (举办融通创新展) or before one (…展在/将/于/开幕), and never after 发/进/开/拓 …
(`neighbours_ok`, `suffix_ok`). A name inside quotes is read as its quoted content, outer quotes dropped and inner
single quotes made double, as the press does when a quote leaves its enclosing one (`clean_name`).
"""

from __future__ import annotations

import bisect
import re

from extract.events import ABBREVIATIONS, CJK, EDITION_RE, SUFFIXES
from extract.segment import Token, segment

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

# A bracket after a name: its short name or its English one (COMPUTEX 2025, with a space between Latin words).
PAREN_RE = re.compile(r"\(((?:[^()\s,，。;；:：!！?？]|(?<=[A-Za-z0-9]) (?=[A-Za-z0-9])){1,24})\)")

_OPENING = {"”": "“", "’": "‘", "》": "《", "」": "「", '"': '"'}
_NAME_CHARS_RE = re.compile(rf"[{CJK}0-9A-Za-z·\-—]")
MAX_NAME = 60
_PHASE_BEFORE_RE = re.compile(r"[会展]第?[0-9一二三四五六七八九十]{1,2}期$")
_ENDS_IN_EVENT_WORD_RE = re.compile(rf"(?:{SUFFIXES}|展|会|活动)$")


def _stops_name(token: Token) -> bool:
    """Whether `token`, right before a name, introduces it rather than belongs to it."""
    if token.word in _STOP_WORDS:
        return True
    if token.word in _NAME_JOINERS:
        return False
    return token.tag in _STOP_TAGS


class Segmented:
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


def walk_left(text: str, stop: int, floor: int, words: Segmented) -> int:
    """Where the name that ends just before `stop` begins."""
    i = stop
    while i > floor and stop - i < MAX_NAME:
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


def _edition_opened(text: str, conjunction: int, floor: int, words: Segmented) -> int | None:
    """Where a name that holds 和 begins, when it does: 第十五届国际交通技术和设备展览会 and 第三届长三角国际应急减灾
    和救援博览会 name their subject with a conjunction, and the edition that opens the name says the 和 is inside
    it. Without an edition in front (企业和展会, 政府和博览会) 和 joins the name to something else."""
    start = walk_left(text, conjunction, floor, words)
    before = text[start:conjunction]
    if _ENDS_IN_EVENT_WORD_RE.search(before):
        return None  # 第20届中国—东盟博览会和中国—东盟商务与投资峰会: 和 joins two events
    if start < conjunction and (EDITION_RE.match(before) or before.startswith("首届")):
        return start
    return None


_LATIN_RE = re.compile(r"[A-Za-z0-9]")
# Spaces go, except one between two Latin words or numbers (CIBF 2021展会).
_SPACE_RE = re.compile(r"\s+(?![A-Za-z0-9])|(?<![A-Za-z0-9])\s+")
_LEADING_ASIDE_RE = re.compile(r"^[(（][^()（）]{0,12}[)）]")


def clean_name(raw: str) -> tuple[str, bool]:
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


def neighbours_ok(text: str, m: re.Match[str]) -> bool:
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
    return not (suffix in ABBREVIATIONS and (m.start() == 0 or not re.match(rf"[{CJK}]", text[m.start() - 1])))


def suffix_ok(text: str, m: re.Match[str], name_start: int, words: Segmented) -> bool:
    """The rules on the event word that need the name's start or the words (after `neighbours_ok`)."""
    if m.group() == "展":
        # A dictionary word that ends in 展 and is not a verb names a kind of show (车展, 航展, 教育展).
        word = words.token_at(m.start())
        if word is not None and word.start < m.start() and word.end == m.end():
            # …unless it is a person's name (潘展乐 is read 潘展 + 乐以).
            return not word.tag.startswith("nr")
        # 台北国际电脑展（COMPUTEX 2025）将于…: the verb of holding may follow the name's bracket.
        paren = PAREN_RE.match(text, m.end())
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


def event_word_ok(m: re.Match[str], words: Segmented) -> bool:
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
    if m.group() in ABBREVIATIONS and token.end == m.end():
        head = words.ending_at.get(m.start())
        return head is not None and len(head.word) == 1 and not _stops_name(head)
    return True
