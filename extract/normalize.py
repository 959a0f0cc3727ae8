"""Text normalisation for extraction, with an exact map back to the original.

`normalize` turns a scraped news page into clean simplified-Chinese text:

* markup goes (`extract.markup`): tags, entities, code and pinyin debris are stripped or decoded, block tags
  become line breaks, and a table's data row (one fair of a schedule) becomes one line whose cells are joined by
  ``，``, as does a markdown table row, whose ``|---|`` delimiter line goes with the other lines that hold no
  text. A header row (展会名称，时间，地点) is kept as text: it names no event, and the extractor finds none in it;
* one spelling (`extract.spelling`): full-width letters, digits and symbols become ASCII, sentence punctuation
  stays Chinese, and traditional script becomes simplified;
* every line is trimmed and its inner whitespace collapsed; blank lines go;
* whole lines of SEO spam, navigation, share bars, copyright/ICP footers and editor credits are dropped
  (`extract.boilerplate`), and a paragraph (>= 20 characters) repeated verbatim is kept only at its first
  occurrence.

Related-news lists are *not* removed: `NormalizedText.main_end` marks where the
article ends (a ``相关新闻``-style marker, or the first footer line after the
article body), so callers can weigh what comes after it differently.

Every character of `NormalizedText.text` knows the span of `original` it came
from, so evidence found in the clean text can be pointed at in the page; a line
break or cell separator points at the tag (or ``|``) it stands for, so a table
row's evidence is that row of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.boilerplate import is_body_line, line_kind
from extract.markup import Builder, pipe_row, strip_markup
from extract.spelling import simplify, simplify_char

_MIN_REPEAT_LEN = 20
# `\S` is exactly `not str.isspace()` (every code point checked): lines are trimmed and collapsed with it.
_NON_SPACE_RUN_RE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Clean text plus the way back to the page it came from."""

    text: str
    original: str
    main_end: int
    _starts: tuple[int, ...] = field(repr=False, compare=False, hash=False)
    _ends: tuple[int, ...] = field(repr=False, compare=False, hash=False)

    def to_original(self, index: int) -> int:
        """Offset in `text` -> offset in `original`; ``len(text)`` maps past the last kept char."""
        if not 0 <= index <= len(self.text):
            raise IndexError(f"offset {index} outside 0..{len(self.text)}")
        if index == len(self.text):
            return self._ends[-1] if self._ends else 0
        return self._starts[index]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of `original` covering ``text[start:end]``."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}..{end} outside 0..{len(self.text)}")
        if start == end:
            pos = self.to_original(start)
            return pos, pos
        return self._starts[start], self._ends[end - 1]


def normalize(text: str) -> NormalizedText:
    """Clean `text` for extraction; see the module docstring for what changes."""
    stage = strip_markup(text)
    starts, ends = stage.starts, stage.ends
    # One character per entry of `stage.chars`, so offsets into `joined` are indices into `starts`/`ends`.
    joined = "".join(stage.chars)

    out = Builder()
    seen: set[str] = set()
    main_end: int | None = None
    boundary_pending = False
    seen_body = False
    prev_newline: tuple[int, int] | None = None

    n = len(joined)
    line_start = 0
    while line_start <= n:
        line_end = joined.find("\n", line_start)
        if line_end < 0:
            line_end = n

        # Trim the line and collapse inner whitespace, remembering origins: each run of whitespace between
        # words becomes one space, from the run's first character. `kept` are the ranges of `joined` kept.
        kept: list[tuple[int, int]] = []
        words: list[str] = []
        for word in _NON_SPACE_RUN_RE.finditer(joined, line_start, line_end):
            kept.append((word.start(), word.end() + 1))  # the word and the space after it
            words.append(word.group())
        if kept:
            kept[-1] = (kept[-1][0], kept[-1][1] - 1)  # the last word has none
        raw_line = " ".join(words)
        if len(raw_line) >= 3 and raw_line[0] == "|" and raw_line[-1] == "|" and "|" in raw_line[1:-1]:
            indices = [i for k_start, k_end in kept for i in range(k_start, k_end)]
            indices, line = pipe_row(indices, list(raw_line))
            kept, raw_line = [(i, i + 1) for i in indices], "".join(line)

        simplified = simplify(raw_line) if raw_line else ""
        if len(simplified) == len(raw_line):
            pieces = list(simplified)
        else:
            # Phrase conversion changed the length: fall back to per-character
            # conversion so every output char still has one source char.
            pieces = [simplify_char(ch) for ch in raw_line]
            simplified = "".join(pieces)

        kind = line_kind(simplified) if simplified else "drop"
        if kind in ("keep", "marker") and len(simplified) >= _MIN_REPEAT_LEN:
            if simplified in seen:
                kind = "drop"
            else:
                seen.add(simplified)

        if kind in ("keep", "marker"):
            if out.chars and prev_newline is not None:
                out.add("\n", *prev_newline)
            if main_end is None and seen_body and (boundary_pending or kind == "marker"):
                main_end = len(out.chars)
            if len(simplified) == len(pieces):
                out.chars.extend(pieces)
                for k_start, k_end in kept:  # slices, not a look-up per character
                    out.starts.extend(starts[k_start:k_end])
                    out.ends.extend(ends[k_start:k_end])
            else:  # a character simplified to several
                indices = [i for k_start, k_end in kept for i in range(k_start, k_end)]
                for piece, i in zip(pieces, indices, strict=True):
                    out.add(piece, starts[i], ends[i])
            if kind == "keep" and not seen_body and is_body_line(simplified):
                seen_body = True
        elif kind == "footer" and seen_body:
            boundary_pending = True

        if line_end < n and kind in ("keep", "marker"):
            prev_newline = (starts[line_end], ends[line_end])
        line_start = line_end + 1

    final = "".join(out.chars)
    return NormalizedText(
        text=final,
        original=text,
        main_end=len(final) if main_end is None else main_end,
        _starts=tuple(out.starts),
        _ends=tuple(out.ends),
    )


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the white space at its ends: an event's evidence sentence as a reader sees it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
