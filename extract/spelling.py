"""One spelling for every page: full-width forms folded to ASCII, traditional script simplified.

Full-width letters, digits and the symbols that live inside numbers, dates and codes (``：（）／－．～％`` …)
become ASCII, so downstream patterns see one spelling.  Sentence punctuation that carries meaning in Chinese is
kept as it is: ``，。、；！？`` and all quotes and book-title marks (“ ” 《 》 「 」).  Traditional script becomes
simplified with OpenCC (``t2s``), so pages from Hong Kong, Macao and Taiwan (香港會議展覽中心, 南港展覽館) read
like the mainland's.

`fold` is the light, length-preserving variant (width folding and character-by-character simplification) used
to match patterns in raw text; `extract.markup` folds widths as it strips markup, `extract.normalize` simplifies
line by line.
"""

from __future__ import annotations

import re

import opencc

_CONVERTER = opencc.OpenCC("t2s")

# Full-width characters kept as they are: they are sentence punctuation whose
# Chinese form matters to readers (and to sentence splitting downstream).
_KEEP_FULL_WIDTH = frozenset("，；！？")

WIDTH_MAP: dict[str, str] = {
    chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL_WIDTH
}
WIDTH_MAP.update(
    {
        "\u3000": " ",
        "\u00a0": " ",
        "\t": " ",
        "〜": "~",
        "﹣": "-",
        "﹕": ":",
        "﹒": ".",
    }
)

# The characters `WIDTH_MAP` changes: a run of plain text is folded by replacing only these, which is ten times
# faster than a Python call, or a `str.translate` lookup, per character.
_WIDTH_RE = re.compile("[" + "".join(re.escape(ch) for ch in WIDTH_MAP) + "]")


def _width_of(m: re.Match[str]) -> str:
    return WIDTH_MAP[m.group()]


# Chinese characters, compatibility ideographs included: a class for regexes.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _fold_char(ch: str) -> str:
    out = WIDTH_MAP.get(ch, ch)
    if out == ch and ord(ch) > 0x2E7F and not 0xD800 <= ord(ch) <= 0xDFFF:
        converted = _CONVERTER.convert(ch)
        if len(converted) == 1:
            out = converted
    return out


class _FoldTable(dict[int, str]):
    """`str.translate` table of `_fold_char`, filled on first sight of a character: translate runs in C, where a
    Python call per character cost a quarter of the extraction time."""

    def __missing__(self, code: int) -> str:
        out = _fold_char(chr(code))
        if len(self) < 100_000:
            self[code] = out
        return out


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Same-length copy of `text` with widths folded and characters simplified one by one.

    Offsets into the result are offsets into `text`, which is what pattern
    matching on raw pages needs.
    """
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def simplify_char(ch: str) -> str:
    """One character in simplified script (`simplify` for text whose length may change)."""
    if ord(ch) < 0x2E80:
        return ch
    converted: str = _CONVERTER.convert(ch)
    return converted


def simplify(text: str) -> str:
    """`text` in simplified script, phrase by phrase (its length may change)."""
    converted: str = _CONVERTER.convert(text)
    return converted


def fold_widths(text: str) -> str:
    """`text` with widths folded (`WIDTH_MAP`), same length."""
    return _WIDTH_RE.sub(_width_of, text)
