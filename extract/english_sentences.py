"""The layout of an English article: where it ends, its agency dateline, and its sentences, with the dates in each
read on demand and kept.

A period ends a sentence unless it ends an abbreviation (Sept., Co., Ltd., U.S.) or follows a single capital
(U. S.); a line break always ends one. What follows the article, other stories' headlines ("Related News", "Read
more"), is not read (`article_end`).

The agency dateline ("GUANGZHOU, April 10 (Xinhua) --", "HONG KONG, China, March 3, 2025 /PRNewswire/ --") gives
when the story was filed, never an event's date, so its date is left out of the dates of its sentence; its city is
the last resort for an event's place, and a dateline with its year stands in for an unknown publication date
(`extract.english`).
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from extract.english_dates import EnglishDate, find_english_dates
from extract.english_tense import clause_tense
from extract.tense import Tense


def _words(spaced: str) -> list[str]:
    """A lexicon written as space-separated words, the way such lists are read and reviewed."""
    return spaced.split()


_ABBREVIATIONS = frozenset(
    _words(
        """Mr Mrs Ms Dr Prof St No Nos Co Corp Ltd Inc Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mt Ave Rd Gov
        Dept Int'l approx vs etc e.g i.e U.S U.K"""
    )
)
_SENTENCE_END_RE = re.compile(r"[.!?](?=[\"”’)]?\s+[\"“(]?[A-Z0-9])|\n")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.']+)$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# GUANGZHOU, April 10 (Xinhua) -- / HONG KONG, China, March 3, 2025 /PRNewswire/ -- / Beijing, June 1 (Reuters) -
_DATELINE_RE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Za-z.'’ -]{1,30}?)(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?,\s*"
    rf"(?P<date>(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>(?:19|20)\d\d))?)"
    r"\s*(?:\([^()\n]{1,40}\)\s*|/[^/\n]{1,40}/\s*)?(?:--|—|–|-)",
    re.MULTILINE,
)
# What follows the article: other stories' headlines.
_RELATED_RE = re.compile(
    r"^(?:Related (?:News|Stories|Articles|Reading)|Read more|Recommended|More (?:from|on|stories)|You may also like"
    r"|Most (?:Popular|Read)|Trending)\b",
    re.MULTILINE | re.IGNORECASE,
)
_WINDOW = 400  # how far either side of a position a sentence is read, at most


def article_end(text: str, main_end: int) -> int:
    """Where the article ends: at `main_end` (`extract.normalize.NormalizedText.main_end`), or before, where the
    headlines of other stories begin."""
    related = _RELATED_RE.search(text)
    return min(main_end, related.start() if related else len(text))


def find_dateline(text: str, end: int) -> re.Match[str] | None:
    """The agency dateline of ``text[:end]`` (groups `city`, `date`, `month`, `day`, `year`), if there is one."""
    return _DATELINE_RE.search(text, 0, end)


def dateline_date(dateline: re.Match[str]) -> date | None:
    """The date a dateline writes, when it writes its year."""
    found = find_english_dates(
        dateline["date"], 0, len(dateline["date"]), published=None, tense_at=lambda _: (None, False)
    )
    if found and found[0].mention.start is not None:
        return found[0].mention.start
    return None


class SentenceReader:
    """Sentences of the article and the dates in them, read on demand and kept."""

    def __init__(self, text: str, main_end: int, published: date | None, dateline: tuple[int, int] | None) -> None:
        self.text = text
        self.main_end = main_end
        self.published = published
        self.dateline = dateline
        ends: list[int] = []
        for m in _SENTENCE_END_RE.finditer(text, 0, main_end):
            if not _ends_sentence(text, m.start()):
                continue
            if ends and not text[ends[-1] : m.end()].strip():
                ends[-1] = m.end()  # a line break right after a period ends the same sentence
            else:
                ends.append(m.end())
        self.ends = ends
        self._dates: dict[int, list[EnglishDate]] = {}

    def sentence(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.ends, pos)
        start = self.ends[k - 1] if k > 0 else 0
        end = self.ends[k] if k < len(self.ends) else self.main_end
        return max(start, pos - _WINDOW), min(end, pos + _WINDOW)

    def next_sentence(self, span: tuple[int, int]) -> tuple[int, int] | None:
        if span[1] >= self.main_end:
            return None
        nxt = self.sentence(span[1])
        return nxt if nxt[0] >= span[1] else None

    def dates(self, span: tuple[int, int]) -> list[EnglishDate]:
        if span[0] not in self._dates:
            s_start, s_end = span
            sentence = self.text[s_start:s_end]

            def tense_at(offset: int) -> tuple[Tense | None, bool]:
                return clause_tense(sentence, offset - s_start)

            found = find_english_dates(self.text, s_start, s_end, published=self.published, tense_at=tense_at)
            if self.dateline is not None:
                lo, hi = self.dateline
                found = [d for d in found if not (d.mention.span[0] < hi and d.mention.span[1] > lo)]
            self._dates[span[0]] = found
        return self._dates[span[0]]

    def tense(self, span: tuple[int, int], pos: int) -> tuple[Tense | None, bool]:
        return clause_tense(self.text[span[0] : span[1]], pos - span[0])


def _ends_sentence(text: str, pos: int) -> bool:
    """Whether the mark at `pos` ends a sentence: a line break always; a period not after an abbreviation
    (Sept. 3, Co., Ltd.) or a single capital (U. S.)."""
    if text[pos] != ".":
        return True
    word = _WORD_BEFORE_RE.search(text, max(0, pos - 12), pos)
    if word is None:
        return True
    last = word.group(1).rstrip(".").split(".")[-1]
    return not (word.group(1).rstrip(".") in _ABBREVIATIONS or last in _ABBREVIATIONS or len(last) == 1)
