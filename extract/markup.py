"""Markup out, text in: a scraped page's HTML or markdown as the characters a reader sees, each with its origin.

* HTML tags, markdown images, HTML entities, zero-width and control characters are stripped or decoded; script,
  style and Word ``<xml>`` bodies, doctypes and Word's conditional comments go with them;
* block tags (``<p>``, ``<br>``, ``<div>``, ``<li>``, ``<tr>``, headings …) become line breaks, so the
  paragraphs, list items and table rows of a page stay apart;
* tables, as in a venue's or a city's exhibition schedule (展会排期): a *data row* (at least two cells, no table
  inside, at most `_ROW_MAX_CHARS` of text) becomes one line whose cells are joined by ``，``, e.g.
  ``第26届中国国际光电博览会，2025年9月10日-12日，1-12号馆，组委会``. The comma ends a name or a place phrase
  but not a sentence, so a fair's name, dates and hall are one sentence and no fair's sentence reaches into the
  next row. Inside a data row, source line breaks and ``<p>``/``<br>`` in a cell are only layout and become
  spaces (Word-exported tables put every cell, and parts of a date, on lines of their own). A layout table's
  rows (a whole article or page column in a cell) are not data: there every cell is a block. A markdown table
  row, ``| 展会名称 | 时间 | 地点 |`` as trafilatura writes a page's tables, is spelled the same way
  (`pipe_row`: cells joined by ``，``, empty cells dropped);
* pinyin debris that some sites print after characters (``網(wǎng)``, ``會(huì )``) is removed, while real
  parentheses (``(生物医药领域)``, ``（梅州）``, ``(AI)``) are kept: only lower-case Latin syllables that carry a
  tone mark (or are a common neutral-tone syllable) count as pinyin.

Every character kept knows the span of the page it came from (`Builder`); a line break or cell separator points
at the tag (or ``|``) it stands for, so a table row's evidence is that row of the page.
"""

from __future__ import annotations

import bisect
import html
import re

from extract.spelling import CJK, WIDTH_MAP, fold_widths

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = rf"(?:[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}|de|le|men|me|ne|ma|ba|zhe|zi)"

_STRIP_RE = re.compile(
    # A tag may span lines: hand-written and Word-exported pages wrap long attribute lists. Doctype, processing
    # instructions and Word's conditional comments (<!--[if gte mso 9]>, <![endif]-->) are markup too.
    r"(?P<tag></?[A-Za-z][^<>]{0,500}>|<!--[^<>]{0,2000}-->|<![A-Za-z][^<>]{0,200}>|<\?[A-Za-z][^<>]{0,200}>"
    r"|<!(?:--)?\[[^<>\n]{0,100}\](?:--)?>)"
    r"|(?P<img>!\[[^\]\n]{0,300}\]\([^()\n]{0,500}\))"
    r"|(?P<ent>&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});)"
    rf"|(?P<pinyin>(?<=[{CJK}])[(（]{_PINYIN} ?[)）])"
    r"|(?P<junk>[\u200b-\u200f\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]+)"
)
# Script, style and Word's <xml> bodies are code and metadata, not text: they go with their tags.
_CODE_TAGS = ("script", "style", "xml")
_CODE_OPEN_RE = re.compile(rf"<({'|'.join(_CODE_TAGS)})\b[^<>]{{0,500}}>", re.IGNORECASE)
_CODE_CLOSE_RES = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _CODE_TAGS}

# Tags that end a block of text: each becomes a line break, so paragraphs, headings, list items and table rows
# stay apart (a schedule page's fairs, one per <li> or <tr>, must not run together into one "sentence").
_BLOCK_TAG_NAMES = (
    "br p div li ul ol dl dt dd tr table thead tbody tfoot caption h1 h2 h3 h4 h5 h6 title section article header "
    "footer aside nav blockquote pre hr address figure figcaption center"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_CELL_TAGS = frozenset(("td", "th"))
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_ROW_TOKEN_RE = re.compile(r"<(/?)(tr|table)\b[^<>]{0,500}>", re.IGNORECASE)
_CELL_RE = re.compile(r"<t[dh]\b", re.IGNORECASE)
_ANY_TAG_RE = re.compile(r"<[^<>]{0,500}>")
# More text than this in one row is page layout, not a row of data (see `_data_rows`).
_ROW_MAX_CHARS = 400
# Between the cells of a row: a clause boundary for names and place phrases, but not a sentence end, so a fair's
# dates and hall, in the cells after its name, are still read as said of it.
_CELL_SEPARATOR = "，"
# A cell that ends in one of these is already apart from the next.
_SEPARATED = frozenset("，,、；;：:。！？!?")


class Builder:
    """Output characters with the original span each one came from."""

    __slots__ = ("chars", "ends", "starts")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, s: str, start: int, end: int) -> None:
        for ch in s:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def add_folded(self, text: str, start: int, end: int) -> None:
        """``text[start:end]`` with widths folded, each character from its own position: one call per run of
        plain text instead of one per character."""
        self.chars.extend(fold_widths(text[start:end]))
        self.starts.extend(range(start, end))
        self.ends.extend(range(start + 1, end + 1))

    def pop(self) -> None:
        self.chars.pop()
        self.starts.pop()
        self.ends.pop()


def _data_rows(text: str) -> list[tuple[int, int]]:
    """Spans of the table rows of `text` that hold data (one fair of a schedule each), not page layout.

    A row runs from its <tr> to its </tr>, or to the next <tr>, <table> or </table> when the page leaves </tr>
    out. It holds data when it has at least two cells, no table inside and at most `_ROW_MAX_CHARS` characters
    of text: a layout table's row holds a whole article or a column of the page.
    """
    rows: list[tuple[int, int]] = []
    start: int | None = None
    for m in _ROW_TOKEN_RE.finditer(text):
        closing, name = m.group(1) == "/", m.group(2).lower()
        if start is not None:
            end = m.end() if closing and name == "tr" else m.start()
            # A table inside the row makes it a layout row; the inner table's rows are read on their own.
            if (closing or name != "table") and _is_data_row(text, start, end):
                rows.append((start, end))
            start = None
        if name == "tr" and not closing:
            start = m.start()
    if start is not None and _is_data_row(text, start, len(text)):
        rows.append((start, len(text)))
    return rows


def _is_data_row(text: str, start: int, end: int) -> bool:
    if len(_CELL_RE.findall(text, start, end)) < 2:
        return False
    visible = _ANY_TAG_RE.sub("", text[start:end])
    return len("".join(visible.split())) <= _ROW_MAX_CHARS


def _needs_separator(out: Builder) -> bool:
    """Whether a new cell must be kept apart from what the row already holds."""
    for ch in reversed(out.chars):
        if ch == "\n":
            return False  # the row's first cell
        if not ch.isspace():
            return ch not in _SEPARATED
    return False


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of script, style and <xml> elements, tags included. An opening tag with no closing one is only a tag
    (and is not looked for again), which keeps a page of unclosed <script>s linear."""
    spans: list[tuple[int, int]] = []
    unclosed: set[str] = set()
    pos = 0
    while (m := _CODE_OPEN_RE.search(text, pos)) is not None:
        name = m.group(1).lower()
        close = None if name in unclosed else _CODE_CLOSE_RES[name].search(text, m.end())
        if close is None:
            unclosed.add(name)
            pos = m.end()
            continue
        spans.append((m.start(), close.end()))
        pos = close.end()
    return spans


def strip_markup(text: str) -> Builder:
    markup = "<" in text
    rows = _data_rows(text) if markup else []
    work = text
    if rows:
        # Inside a data row a line break of the source is only layout (one <td> per source line): it becomes a
        # space, so the row stays one line. Same length, so offsets into `work` are offsets into `text`.
        parts: list[str] = []
        pos = 0
        for start, end in rows:
            parts.append(text[pos:start])
            parts.append(text[start:end].replace("\r", " ").replace("\n", " "))
            pos = end
        parts.append(text[pos:])
        work = "".join(parts)
    row_starts = [start for start, _ in rows]

    out = Builder()
    # After a cell separator, the layout whitespace that follows it is dropped (a row reads 名称，时间，展馆).
    after_separator = False

    def add(s: str, start: int, end: int) -> None:
        nonlocal after_separator
        if after_separator:
            if s.isspace() and s != "\n":
                return
            if s == "\n":
                out.pop()  # the row ended in empty cells: no separator at the end of the line
            after_separator = False
        out.add(s, start, end)

    def add_plain(start: int, end: int) -> None:
        """``work[start:end]``, widths folded: character by character only while `after_separator` holds."""
        i = start
        while after_separator and i < end:
            add(WIDTH_MAP.get(work[i], work[i]), i, i + 1)
            i += 1
        out.add_folded(work, i, end)

    def tag(m: re.Match[str]) -> None:
        nonlocal after_separator
        name_match = _TAG_NAME_RE.match(m.group())
        name = name_match.group(1).lower() if name_match else ""
        k = bisect.bisect_right(row_starts, m.start()) - 1
        if k >= 0 and m.start() < rows[k][1]:
            # A data row is one line, its cells apart: a fair's name, dates and hall are one sentence.
            if name == "tr":
                add("\n", m.start(), m.end())
            elif name in _CELL_TAGS:
                if not m.group().startswith("</") and _needs_separator(out):
                    while out.chars and out.chars[-1].isspace():
                        out.pop()
                    add(_CELL_SEPARATOR, m.start(), m.end())
                    after_separator = True
            elif name in _BLOCK_TAGS:
                add(" ", m.start(), m.end())  # <br> or <p> inside a cell
        elif name in _BLOCK_TAGS or name in _CELL_TAGS:
            # Block tags separate paragraphs, list items and rows; a layout table's cells are blocks too.
            add("\n", m.start(), m.end())

    pos = 0
    code = _code_spans(work) if markup else []
    for code_start, code_end in [*code, (len(work), len(work))]:
        for m in _STRIP_RE.finditer(work, pos, code_start):
            add_plain(pos, m.start())
            if m.lastgroup == "ent":
                decoded = html.unescape(m.group())
                if decoded != m.group():
                    add("".join(WIDTH_MAP.get(c, c) for c in decoded), m.start(), m.end())
                else:
                    for i in range(m.start(), m.end()):
                        add(work[i], i, i + 1)
            elif m.lastgroup == "tag":
                tag(m)
            pos = m.end()
        add_plain(pos, code_start)
        pos = code_end
    return out


def pipe_row(kept: list[int], line: list[str]) -> tuple[list[int], list[str]]:
    """A markdown table row (``| 展会名称 | 时间 | 地点 |``, as trafilatura writes a page's tables) spelled like an
    HTML data row: its non-empty cells joined by the cell separator, which stands where the bar stood."""
    out_kept: list[int] = []
    out_line: list[str] = []
    cell: list[tuple[int, str]] = []
    bar = kept[0]
    for i, ch in zip(kept, line, strict=True):
        if ch != "|":
            cell.append((i, ch))
            continue
        while cell and cell[0][1] == " ":
            cell.pop(0)
        while cell and cell[-1][1] == " ":
            cell.pop()
        if cell:
            if out_line and out_line[-1] not in _SEPARATED:
                out_kept.append(bar)
                out_line.append(_CELL_SEPARATOR)
            out_kept.extend(j for j, _ in cell)
            out_line.extend(c for _, c in cell)
        cell, bar = [], i
    return out_kept, out_line
