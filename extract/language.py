"""Which language an article is written in: Chinese or English, told by counting the letters of each script.

The product reads two languages, and they are written in scripts that do not overlap: Chinese in CJK ideographs,
English in Latin letters. So no statistical model is needed (and none is downloaded): the share of each script
decides. A Chinese word is one to three characters and an English word five letters on average, so a Chinese
page that quotes English names (第十届中国国际进口博览会（CIIE）, 5G, AI) still has several times more CJK characters
than Latin letters, and an English press release that gives a name in Chinese ("Canton Fair (广交会)") has a
hundred letters for every character. An article is English when its Latin letters outnumber its CJK characters
`_LATIN_PER_CJK` times over (and there are enough of them to be prose, not a code or a date); anything else,
including an empty or a numbers-only text, goes to the Chinese reader, the one the product was built on, so a
mixed page keeps working exactly as before.

The count runs over runs of each script (a few regex matches per sentence, not a Python step per character) in
the first `_SAMPLE` characters, which is plenty to tell and keeps the cost per article independent of its length.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["zh", "en"]

_CJK_RUN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_RUN_RE = re.compile("[A-Za-z]+")
# Links and e-mail addresses are Latin whatever the article's language (a story's 查看原文 link is longer than its
# headline), so they are not counted.
# ASCII classes only: Chinese prose has no spaces, and a pattern that starts with \S+ would try every character of
# a paragraph against the rest of it.
_LINK_RE = re.compile(r"(?:https?://|www\.)[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")
_SAMPLE = 4_000
# Latin letters per CJK character from which a text is English: well above what a Chinese page quoting English
# names has (at most one letter per character in the corpus, links left out), well below an English release
# quoting Chinese names.
_LATIN_PER_CJK = 4
# Fewer letters than this are a code, a unit or a date ("2025 EXPO"), not English prose.
_MIN_LATIN = 40


def language_of(text: str) -> Language:
    """ "en" when `text` (normalised, tags gone: markup is Latin) is written in English, else "zh"."""
    sample = text[:_SAMPLE]
    latin = _letters(_LATIN_RUN_RE, sample)
    if latin < _MIN_LATIN:
        return "zh"
    cjk = _letters(_CJK_RUN_RE, sample)
    if latin <= _LATIN_PER_CJK * cjk:
        return "zh"  # links only add letters: without them it is Chinese all the more
    latin = _letters(_LATIN_RUN_RE, _LINK_RE.sub(" ", sample))
    return "en" if latin >= _MIN_LATIN and latin > _LATIN_PER_CJK * cjk else "zh"


def _letters(runs: re.Pattern[str], text: str) -> int:
    # The length of the text less what is left when the runs are removed: one pass in C, no list of matches.
    return len(text) - len(runs.sub("", text))
