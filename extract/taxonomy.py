"""The industry taxonomy: stable ids, labels and the keywords that point to each industry.

The taxonomy itself lives in the app's ``config.yaml`` (``industries:``); this module only models it, so the
extraction core never reads files. `Taxonomy.from_mapping` takes that list as loaded by YAML.

Keyword matching is leftmost-longest and non-overlapping: in 新能源汽车 the keyword 新能源汽车
(new-energy-vehicles) wins over the shorter 新能源 (new-energy) it contains, so one word names one industry.
Keywords that start or end with a Latin letter or digit (AI, 5G) only match as whole words, so AI is not found
in "MAIN"; they match regardless of case.

English text (`extract.english`) is matched against each industry's English label and its `keywords_en`
(`match_en`): whole words or phrases, in any case, a plural "s" or "es" allowed ("robots", "semiconductor
industries" is "industry" only if listed), longest first ("new energy vehicles" over "new energy"). They are
kept apart from the Chinese keywords, so a Chinese page quoting an English word is read exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True, slots=True)
class Industry:
    """One industry: `id` is stable (subscriptions refer to it), `zh`/`en` are labels, `keywords` find it in
    Chinese text and `keywords_en` in English text."""

    id: str
    zh: str
    en: str
    keywords: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of industries with a keyword matcher built on first use."""

    industries: tuple[Industry, ...] = field(default=())

    @classmethod
    def from_mapping(cls, items: Iterable[Mapping[str, object]]) -> Taxonomy:
        """Build from the ``industries:`` list of config.yaml (dicts with id, zh, en, keywords, keywords_en).

        Raises ValueError naming the item when a key is missing or has the wrong type, or an id repeats.
        """
        industries: list[Industry] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                raise ValueError(f"industries[{index}]: expected a mapping, got {type(item).__name__}")
            values: dict[str, str] = {}
            for key in ("id", "zh", "en"):
                value = item.get(key)
                if not isinstance(value, str) or not value.strip():
                    raise ValueError(f"industries[{index}].{key}: expected a non-empty string")
                values[key] = value.strip()
            lists: dict[str, tuple[str, ...]] = {}
            for key in ("keywords", "keywords_en"):
                raw = item.get(key, [])
                if not isinstance(raw, list | tuple) or not all(isinstance(k, str) for k in raw):
                    raise ValueError(f"industries[{index}].{key}: expected a list of strings")
                lists[key] = tuple(dict.fromkeys(k.strip() for k in raw if k.strip()))
            if values["id"] in seen:
                raise ValueError(f"industries[{index}].id: {values['id']!r} appears twice")
            seen.add(values["id"])
            industries.append(
                Industry(values["id"], values["zh"], values["en"], lists["keywords"], lists["keywords_en"])
            )
        return cls(tuple(industries))

    @cached_property
    def compounds(self) -> tuple[str, ...]:
        """The Chinese keywords of three or more characters: domain compounds an event's name must never be cut
        inside (`extract.events.learn_compounds` makes them words of the segmenter)."""
        return tuple(
            keyword
            for industry in self.industries
            for keyword in (industry.zh, *industry.keywords)
            if len(keyword) >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in keyword)
        )

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(industry.id for industry in self.industries)

    def label(self, industry_id: str, language: str) -> str:
        """How users see an industry: its English label for ``en``, else its Chinese one (an unknown id as is)."""
        industry = self._by_id.get(industry_id)
        if industry is None:
            return industry_id
        return industry.en if language == "en" else industry.zh

    def find(self, name: str) -> str | None:
        """The industry a person means by ``name`` (a bot command, a page's query string, a CLI option): its id,
        its Chinese or English label in any case, or one of its keywords (芯片 is semiconductors). One rule, so the
        bot, the page and the CLI accept the same words."""
        key = name.strip().lower()
        return self._names.get(key)

    @cached_property
    def _by_id(self) -> dict[str, Industry]:
        return {industry.id: industry for industry in self.industries}

    @cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        # Keywords first and never overriding one another (the first industry listing a keyword keeps it); ids and
        # labels last, overriding keywords: a label is what the industry is called, a keyword only points to it.
        for industry in self.industries:
            for keyword in industry.keywords:
                names.setdefault(keyword.lower(), industry.id)
        for industry in self.industries:
            for name in (industry.en, industry.zh, industry.id):
                names[name.lower()] = industry.id
        return names

    @cached_property
    def _index(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[int, ...]]]:
        """keyword (ASCII upper-cased) -> industry ids, and first character -> keyword lengths, longest first."""
        by_keyword: dict[str, list[str]] = {}
        for industry in self.industries:
            # The Chinese label is a keyword too: a taxonomy may list it or not, and it always means the industry.
            for keyword in (industry.zh, *industry.keywords):
                key = keyword.translate(_ASCII_UPPER)
                ids = by_keyword.setdefault(key, [])
                if industry.id not in ids:
                    ids.append(industry.id)
        lengths: dict[str, set[int]] = {}
        for key in by_keyword:
            lengths.setdefault(key[0], set()).add(len(key))
        return (
            {k: tuple(v) for k, v in by_keyword.items()},
            {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()},
        )

    def match(self, text: str) -> list[str]:
        """Industry ids whose keywords occur in `text`, in order of first occurrence (leftmost-longest)."""
        by_keyword, lengths = self._index
        folded = text.translate(_ASCII_UPPER)
        found: dict[str, None] = {}
        i = 0
        n = len(folded)
        while i < n:
            candidates = lengths.get(folded[i])
            matched = 0
            if candidates is not None:
                for length in candidates:
                    piece = folded[i : i + length]
                    if len(piece) == length and piece in by_keyword and self._whole_word(folded, i, i + length):
                        for industry_id in by_keyword[piece]:
                            found.setdefault(industry_id, None)
                        matched = length
                        break
            i += matched or 1
        return list(found)

    @cached_property
    def _english(self) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
        """One pattern over every English label and keyword (longest first), and phrase -> industry ids."""
        by_phrase: dict[str, list[str]] = {}
        for industry in self.industries:
            for keyword in (industry.en, *industry.keywords_en):
                phrase = " ".join(keyword.casefold().split())
                ids = by_phrase.setdefault(phrase, [])
                if industry.id not in ids:
                    ids.append(industry.id)
        if not by_phrase:
            return re.compile("(?!)"), {}
        alternation = "|".join(
            r"\s+".join(re.escape(word) for word in phrase.split())
            for phrase in sorted(by_phrase, key=len, reverse=True)
        )
        pattern = re.compile(rf"(?<![\w-])(?P<k>{alternation})(?:e?s)?(?![\w-])", re.IGNORECASE)
        return pattern, {k: tuple(v) for k, v in by_phrase.items()}

    def match_en(self, text: str) -> list[str]:
        """Industry ids whose English label or `keywords_en` occur in `text`, in order of first occurrence."""
        pattern, by_phrase = self._english
        found: dict[str, None] = {}
        for m in pattern.finditer(text):
            for industry_id in by_phrase.get(" ".join(m.group("k").casefold().split()), ()):
                found.setdefault(industry_id, None)
        return list(found)

    @staticmethod
    def _whole_word(text: str, start: int, end: int) -> bool:
        if _is_ascii_alnum(text[start]) and start > 0 and _is_ascii_alnum(text[start - 1]):
            return False
        return not (_is_ascii_alnum(text[end - 1]) and end < len(text) and _is_ascii_alnum(text[end]))
