"""`find_mentions`: the event names of a normalised text, and what is not an event, and why.

Each event word (`extract.events.SUFFIX_RE`) that is one gives a name (`extract.event_names`); the name is kept
unless it is one of these:

* 活动 alone is too vague (出席活动, 高水平活动): only compounds that name a business activity count
  (对接活动, 招商活动, 推介活动 …, `extract.events`);
* a bare 展 is mostly part of 发展/开展/展区 (`extract.event_names`);
* names whose content is generic once determiners and filler are removed (本次对接活动, 该论坛);
* press conferences (新闻发布会), political and internal meetings (代表大会, 动员大会, 股东大会 …);
* recurring programmes rather than an occurrence (持续开展…对接活动, 常态化开展…);
* groundbreaking and signing ceremonies (开工仪式, 签约仪式) simply never end in an event word.
"""

from __future__ import annotations

import re

from extract.event_names import (
    MAX_NAME,
    PAREN_RE,
    Segmented,
    clean_name,
    event_word_ok,
    neighbours_ok,
    suffix_ok,
    walk_left,
)
from extract.events import ABBREVIATIONS, DETERMINERS_RE, EDITION_RE, MAX_MENTIONS, SUFFIX_RE, Mention, name_key

# Filler a name's content is checked without (本次对接活动, 该论坛: nothing of their own is left).
_GENERIC = (
    "高水平 一样 这样 同类 类似 大型 小型 专题 主题 线上 线下 各类 "
    "各项 系列 重要 重大 盛大 相关 此类 有关 多场 各种 对接 交流 "
    "座谈 推介 招商 洽谈 专场 现场 产业 行业 企业 国际 全国 全省 "
    "全市 全区 海外 境外 国内 国外 会议 活动 一对一 首届 年度 工作 一系列 展示 采购 开放日 "
    "经贸 路演 撮合 展销 新闻 交易 博览 展览 研讨 推进 年 大 "
    "峰 论坛 展"
)
_GENERIC_WORDS = tuple(sorted(_GENERIC.split(), key=len, reverse=True))
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
_PAREN_NOT = ("记者", "图", "摄", "来源", "简称", "以下", "通讯员")
_ALIAS_RE = re.compile(r"^\(?(?:以下)?简称[“\"]?([^”\"()]{2,10})[”\"]?\)?")

# Bounds that keep a pathological page (a megabyte of 大会大会…) linear: a news article has a few dozen event
# words; past these (and `MAX_MENTIONS`) the rest of the page is not read.
MAX_EVENT_WORDS = 5000


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Event name mentions in ``text[start:end]``, in order, nested ones dropped."""
    stop = len(text) if end is None else end
    found: list[Mention] = []
    for examined, m in enumerate(SUFFIX_RE.finditer(text, start, stop)):
        if examined >= MAX_EVENT_WORDS or len(found) >= MAX_MENTIONS:
            break
        suffix = m.group()
        # 中国发展高层论坛《…》分论坛: a sub-forum is not an event of its own (the corpus spec), and skipping it
        # keeps the forum it belongs to, which is named inside it.
        if suffix == "论坛" and text[m.start() - 1 : m.start()] in ("分", "主"):
            continue
        if not neighbours_ok(text, m):
            continue
        # Only the words around the event word are segmented: the name can reach MAX_NAME characters back.
        window_start = max(start, m.start() - MAX_NAME - 8)
        words = Segmented(text, window_start, min(stop, m.end() + 4))
        if not event_word_ok(m, words):
            continue
        name_end = m.end()
        paren_match = PAREN_RE.match(text, name_end)
        if paren_match and not paren_match.group(1).startswith(_PAREN_NOT) and paren_match.end() <= stop:
            name_end = paren_match.end()
        name_start = walk_left(text, m.start(), window_start, words)
        # A closing quote right after: the name was the quoted phrase.
        if (
            name_start > start
            and text[name_start - 1] in "“《「"
            and text.startswith({"“": "”", "《": "》", "「": "」"}[text[name_start - 1]], name_end)
        ):
            name_start -= 1
            name_end += 1
        if not suffix_ok(text, m, name_start, words):
            continue
        is_abbreviation = suffix in ABBREVIATIONS
        if is_abbreviation:
            # Only the short form itself (optionally with its edition): 第33届哈洽会.
            head = text[name_start : m.start()]
            edition = EDITION_RE.match(head)
            short = head[edition.end() :] if edition else head
            if not 1 <= len(short) <= 2:
                if len(short) > 2:
                    name_start = m.start() - 1
                else:
                    continue
        raw = text[name_start:name_end]
        name, quoted = clean_name(raw)
        if not _acceptable(text, name, suffix, name_start):
            continue
        key, paren = name_key(name)
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
    if not 3 <= len(name) <= MAX_NAME + 2:
        return False
    if any(part in name for part in _NOT_EVENT_PARTS):
        return False
    if _PROGRAMME_RE.search(text[max(0, name_start - 8) : name_start]):
        return False
    key, _ = name_key(name)
    bare = re.sub(r"[“”‘’《》「」\"'()\s0-9]", "", DETERMINERS_RE.sub("", name))
    core = bare[: -len(suffix)] if bare.endswith(suffix) else bare
    if suffix in ABBREVIATIONS:
        return len(core) >= 1
    return len(_strip_generic(core)) >= 2 and len(key) >= 3


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
