"""Text normalisation for extraction, with an exact map back to the original.

`normalize` turns a scraped news page into clean simplified-Chinese text:

* HTML tags, markdown images, HTML entities, zero-width and control
  characters are stripped or decoded; script, style and Word ``<xml>``
  bodies, doctypes and Word's conditional comments go with them;
* block tags (``<p>``, ``<br>``, ``<div>``, ``<li>``, ``<tr>``, headings …)
  become line breaks, so the paragraphs, list items and table rows of a page
  stay apart;
* tables, as in a venue's or a city's exhibition schedule (展会排期): a *data
  row* (at least two cells, no table inside, at most `_ROW_MAX_CHARS` of
  text) becomes one line whose cells are joined by ``，``, e.g.
  ``第26届中国国际光电博览会，2025年9月10日-12日，1-12号馆，组委会``. The
  comma ends a name or a place phrase but not a sentence, so a fair's name,
  dates and hall are one sentence and no fair's sentence reaches into the next
  row. Inside a data row, source line breaks and ``<p>``/``<br>`` in a cell
  are only layout and become spaces (Word-exported tables put every cell, and
  parts of a date, on lines of their own). A layout table's rows (a whole
  article or page column in a cell) are not data: there every cell is a block.
  A markdown table row, ``| 展会名称 | 时间 | 地点 |`` as trafilatura writes a
  page's tables, is spelled the same way (cells joined by ``，``, empty cells
  dropped), and its ``|---|`` delimiter line goes with the other lines that
  hold no text. A header row (展会名称，时间，地点) is kept as text: it names no
  event, and the extractor finds none in it;
* pinyin debris that some sites print after characters (``網(wǎng)``,
  ``會(huì )``) is removed, while real parentheses (``(生物医药领域)``,
  ``（梅州）``, ``(AI)``) are kept: only lower-case Latin syllables that carry
  a tone mark (or are a common neutral-tone syllable) count as pinyin;
* full-width letters, digits and the symbols that live inside numbers, dates
  and codes (``：（）／－．～％`` …) become ASCII, so downstream patterns see
  one spelling.  Sentence punctuation that carries meaning in Chinese is kept
  as it is: ``，。、；！？`` and all quotes and book-title marks (“ ” 《 》 「 」);
* traditional script becomes simplified with OpenCC (``t2s``), so pages from
  Hong Kong, Macao and Taiwan (香港會議展覽中心, 南港展覽館) read like the
  mainland's;
* every line is trimmed and its inner whitespace collapsed; blank lines go;
* whole lines of SEO spam, navigation, share bars, copyright/ICP footers and
  editor credits are dropped, and a paragraph (>= 20 characters) repeated
  verbatim is kept only at its first occurrence.

Related-news lists are *not* removed: `NormalizedText.main_end` marks where the
article ends (a ``相关新闻``-style marker, or the first footer line after the
article body), so callers can weigh what comes after it differently.

Every character of `NormalizedText.text` knows the span of `original` it came
from, so evidence found in the clean text can be pointed at in the page; a line
break or cell separator points at the tag (or ``|``) it stands for, so a table
row's evidence is that row of the page.

`fold` is the light, length-preserving variant (width folding and
character-by-character simplification) used to match patterns in raw text.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

import opencc

_CONVERTER = opencc.OpenCC("t2s")

# Full-width characters kept as they are: they are sentence punctuation whose
# Chinese form matters to readers (and to sentence splitting downstream).
_KEEP_FULL_WIDTH = frozenset("，；！？")

_WIDTH_MAP: dict[str, str] = {
    chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL_WIDTH
}
_WIDTH_MAP.update(
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

# The characters `_WIDTH_MAP` changes: a run of plain text is folded by replacing only these, which is ten times
# faster than a Python call, or a `str.translate` lookup, per character.
_WIDTH_RE = re.compile("[" + "".join(re.escape(ch) for ch in _WIDTH_MAP) + "]")


def _width_of(m: re.Match[str]) -> str:
    return _WIDTH_MAP[m.group()]


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = rf"(?:[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}|de|le|men|me|ne|ma|ba|zhe|zi)"

_STRIP_RE = re.compile(
    # A tag may span lines: hand-written and Word-exported pages wrap long attribute lists. Doctype, processing
    # instructions and Word's conditional comments (<!--[if gte mso 9]>, <![endif]-->) are markup too.
    r"(?P<tag></?[A-Za-z][^<>]{0,500}>|<!--[^<>]{0,2000}-->|<![A-Za-z][^<>]{0,200}>|<\?[A-Za-z][^<>]{0,200}>"
    r"|<!(?:--)?\[[^<>\n]{0,100}\](?:--)?>)"
    r"|(?P<img>!\[[^\]\n]{0,300}\]\([^()\n]{0,500}\))"
    r"|(?P<ent>&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});)"
    rf"|(?P<pinyin>(?<=[{_CJK}])[(（]{_PINYIN} ?[)）])"
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

_MIN_REPEAT_LEN = 20
_BODY_MIN_CJK = 40
_FOOTER_MAX_LEN = 200

# `_NAV_RE` and `_SHARE_RE` are anchored at the line's start and matched, not searched: a search tries every
# position of a long paragraph. What they look for anywhere in a line is in `_BREADCRUMB_RE` and `_SCAN_RE`.
_NAV_RE = re.compile(
    r"^(?:您?(?:当前|现在)的?位置|当前位置|所在位置)"
    r"|^返回(?:顶部|首页|列表|上一页)"
    r"|^(?:上一篇|下一篇|上一条|下一条)"
    r"|^关闭(?:窗口|本页)$"
    r"|^[【\[]?\s*字[体号]\s*[:】]"
    r"|^(?:打印|收藏|搜索|全部|首页|我的订阅|更多|登录|注册|网站地图|网站帮助|联系我们|相关附件:?|评论|点赞|"
    r"新闻中心首页|返回|分享)$"
)
_NAV_WORDS = (
    "联系我们",
    "网站帮助",
    "网站地图",
    "服务申明",
    "关于我们",
    "设为首页",
    "加入收藏",
    "网站导航",
    "隐私政策",
)
_BREADCRUMB_RE = re.compile(r"首页\s*[>›»/]")
_BULLET_NAV_RE = re.compile(r"^[•·●▪◦]\s*.{0,12}$")
_SHARE_RE = re.compile(r"^分享到|^分享:|^打印本页|^[【\[]打印[】\]]")
_SCAN_RE = re.compile(r"扫一扫|微信扫码")
_SHARE_WORDS = ("微信", "微博", "QQ空间", "朋友圈", "分享", "QQ好友")
_FOOTER_RE = re.compile(
    r"版权所有|版权声明|all rights reserved|copyright|©|ICP备|ICP证|公网安备|网站标识码|信息服务许可证"
    r"|视听节目许可证|备案编号|备案号|免责声明|如有侵权|未经授权|严禁转载|不得转载|以上内容为.{0,10}快照"
    r"|快照生成时间|信息快照|技术支持:|通讯地址:|邮编:|新闻热线|广告热线|想爆料",
    re.IGNORECASE,
)
_EDITOR_RE = re.compile(
    r"^[(\[【]?\s*(?:总值班|值班|统\s*筹|责\s*编|审\s*核|编\s*辑|责任编辑|校\s*对|监\s*制|签\s*发|主\s*编"
    r"|美\s*编|终\s*审|二\s*审|初\s*审|作者)\s*:"
    # A line that is only a reporter credit: (记者 张三 通讯员 李四)
    r"|^[(\[【]\s*(?:本报)?记者[^()\[\]【】]{0,40}[)\]】]$"
)
_SPAM_STRONG = (
    "无码",
    "有码",
    "人妻",
    "丝袜",
    "美腿",
    "自拍",
    "一区二区",
    "中文字幕",
    "av综合",
    "午夜",
    "成人视频",
    "免费高清",
)
_SPAM_WEAK = ("国产", "日韩", "欧美", "亚洲", "高清", "免费", "在线看", "在线观看", "完整版", "精品", "视频", "专区")
_MARKER_RE = re.compile(
    r"^[【\[]?(?:相关新闻|相关阅读|相关报道|相关文章|相关链接|推荐阅读|延伸阅读|热点推荐|热门推荐|精彩推荐|猜你喜欢"
    r"|为你推荐|往期回顾|更多阅读|信息原文地址|原文地址|更多关于)"
)
_CONTENT_RE = re.compile(rf"[0-9A-Za-z{_CJK}]")
# `\S` is exactly `not str.isspace()` (every code point checked): lines are trimmed and collapsed with it.
_NON_SPACE_RUN_RE = re.compile(r"\S+")
# A line with at least _BODY_MIN_CJK Chinese characters (the match stops at the last one it needs).
_BODY_LINE_RE = re.compile(rf"(?:[^{_CJK}]*[{_CJK}]){{{_BODY_MIN_CJK}}}")


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


def _fold_char(ch: str) -> str:
    out = _WIDTH_MAP.get(ch, ch)
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


def _simplify_char(ch: str) -> str:
    if ord(ch) < 0x2E80:
        return ch
    converted: str = _CONVERTER.convert(ch)
    return converted


class _Builder:
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
        self.chars.extend(_WIDTH_RE.sub(_width_of, text[start:end]))
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


def _needs_separator(out: _Builder) -> bool:
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


def _strip_and_fold(text: str) -> _Builder:
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

    out = _Builder()
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
            add(_WIDTH_MAP.get(work[i], work[i]), i, i + 1)
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
                    add("".join(_WIDTH_MAP.get(c, c) for c in decoded), m.start(), m.end())
                else:
                    for i in range(m.start(), m.end()):
                        add(work[i], i, i + 1)
            elif m.lastgroup == "tag":
                tag(m)
            pos = m.end()
        add_plain(pos, code_start)
        pos = code_end
    return out


def _pipe_row(kept: list[int], line: list[str]) -> tuple[list[int], list[str]]:
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


def _line_kind(line: str) -> str:
    """'keep', 'marker', 'footer' (dropped, ends the article) or 'drop'."""
    if not _CONTENT_RE.search(line):
        return "drop"
    if _MARKER_RE.search(line) and len(line) <= 40:
        return "marker"
    # Footers are short; a long paragraph that mentions 版权 is an article about copyright.
    if len(line) <= _FOOTER_MAX_LEN and _FOOTER_RE.search(line):
        return "footer"
    if (
        _NAV_RE.match(line)
        or _BREADCRUMB_RE.search(line)
        or _EDITOR_RE.search(line)
        or _SHARE_RE.match(line)
        or _SCAN_RE.search(line)
    ):
        return "drop"
    if _BULLET_NAV_RE.match(line):
        return "drop"
    if len(line) <= 60:
        if sum(w in line for w in _NAV_WORDS) >= 2:
            return "drop"
        if sum(w in line for w in _SHARE_WORDS) >= 3:
            return "drop"
    lowered = line.lower()
    strong = sum(w in lowered for w in _SPAM_STRONG)
    if strong and strong + sum(w in lowered for w in _SPAM_WEAK) >= 2:
        return "drop"
    return "keep"


def normalize(text: str) -> NormalizedText:
    """Clean `text` for extraction; see the module docstring for what changes."""
    stage = _strip_and_fold(text)
    starts, ends = stage.starts, stage.ends
    # One character per entry of `stage.chars`, so offsets into `joined` are indices into `starts`/`ends`.
    joined = "".join(stage.chars)

    out = _Builder()
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
            indices, line = _pipe_row(indices, list(raw_line))
            kept, raw_line = [(i, i + 1) for i in indices], "".join(line)

        simplified = _CONVERTER.convert(raw_line) if raw_line else ""
        if len(simplified) == len(raw_line):
            pieces = list(simplified)
        else:
            # Phrase conversion changed the length: fall back to per-character
            # conversion so every output char still has one source char.
            pieces = [_simplify_char(ch) for ch in raw_line]
            simplified = "".join(pieces)

        kind = _line_kind(simplified) if simplified else "drop"
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
            if kind == "keep" and not seen_body and _BODY_LINE_RE.match(simplified):
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
