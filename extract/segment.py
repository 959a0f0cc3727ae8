"""Word boundaries of a sentence, from a Chinese word segmenter (jieba's dictionary and tagger, via rjieba).

Why a segmenter: an event name ends in an event word (博览会, 论坛, 展会 …) and begins where the clause in front of
it ends. Read character by character, the event word is found inside other words (进展会 is 进展 + 会, 上半年会 is
上半年 + 会, 快速交会对接 is 快速 + 交会 + 对接) and the name runs back over the verb or preposition that
introduced it (借中博会, 按照展会, 记者从大会, 阿拉布表示全球妇女峰会). A segmenter knows that 进展 and 上半年 are
words, so an event word that starts inside one is not an event word, and it tags 表示 as a verb and 从 as a
preposition, so the name starts after them. These are general properties of how Chinese is written, not of one
article.

Why rjieba: it is jieba's segmenter and part-of-speech tagger (the most used one for Chinese) reimplemented in Rust
(jieba-rs), MIT-licensed and maintained; its dictionary ships inside the wheel, so it works offline with no
download, loads in about 0.15 s and segments a sentence in microseconds, so only the sentences that hold an event
word need to be segmented.

The segmenter's dictionary is general vocabulary. We add the event words and the abbreviations of fairs that the
press uses (`extract.events` owns both lists) and a few industry compounds it splits wrongly (碳中和 into 碳中 +
和), so that an event name is never cut inside one of them. This is done once, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import NamedTuple

# Industry compounds jieba's general dictionary splits so that a conjunction or locality word appears inside them.
_DOMAIN_WORDS = ("碳中和", "碳达峰", "新能源", "氢能", "储能", "大数据", "元宇宙", "算力", "低空经济")


class Token(NamedTuple):
    """One word: `start`/`end` are offsets into the text that was segmented (plus the offset given).

    A named tuple rather than a frozen dataclass: every event word's window makes a few dozen, and a frozen
    dataclass is twice as slow to build."""

    start: int
    end: int
    word: str
    tag: str


_pending: dict[str, str] = {}
_segmenter: ModuleType | None = None


def add_words(words: Iterable[str], tag: str = "n") -> None:
    """Make sure `words` are single words for the segmenter (idempotent)."""
    for word in words:
        if word:
            _pending.setdefault(word, tag)
    if _segmenter is not None:
        _flush(_segmenter)


def _flush(segmenter: ModuleType) -> None:
    for word, tag in _pending.items():
        segmenter.add_word(word, None, tag)
    _pending.clear()


def _load() -> ModuleType:
    """The segmenter, loaded on first use: its dictionary takes about 0.15 s to load, which a command that only
    starts up (``eventradar extract --help``) or an article without an event word never needs to pay."""
    global _segmenter
    if _segmenter is None:
        import rjieba

        _segmenter = rjieba
    if _pending:
        _flush(_segmenter)
    return _segmenter


add_words(_DOMAIN_WORDS)


def segment(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The words of `text`, in order, covering it exactly; offsets are shifted by `offset`."""
    tokens: list[Token] = []
    pos = offset
    for word, tag in _load().tag(text):
        tokens.append(Token(pos, pos + len(word), word, tag))
        pos += len(word)
    return tuple(tokens)
