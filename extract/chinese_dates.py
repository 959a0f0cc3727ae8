"""`find_dates`: the date mentions of a Chinese text, resolved against the publication date.

What is found is `extract.date_patterns`' list, and what each expression means `extract.date_resolve`'s rules;
here is what a document adds to them: which mentions are not the story's dates, the year and month a mention
carries to the year-less ones after it, and which neighbouring mentions are one range.

Not dates of the story: the report's dateline (人民网杭州10月18日电, `extract.published`) and publication stamps
(发布时间:…, a line holding only a timestamp).  Spans are offsets into the text passed in (raw or normalised).
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

from extract.date_patterns import RawDate, leftmost_longest, scan_dates
from extract.date_resolve import YearContext, resolve_date
from extract.dates import DateMention, safe_date
from extract.published import find_dateline
from extract.spelling import fold
from extract.tense import Tense, clause_tense

# A page's stamp labels the date it precedes (发布时间：2023-07-25, 更新于 …); 新闻发布会 earlier in a sentence
# labels nothing.
_PUBLISH_LABEL_RE = re.compile(r"(?:发布|发表|发稿|刊发|更新|快照|录入|来源|上传)(?:时间|日期|于)?[ \t]*[:：]?[ \t]*$")
_TIMESTAMP_LINE_RE = re.compile(r"^[ \t]*[\d./-]{8,10} {1,2}\d{1,2}:\d{2}(?::\d{2})?[ \t]*$")
# A flash's 【headline】 is a sentence of its own: its year (【…2060年实现…】) says nothing of the dates after it.
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n】]")


class _Context:
    """Sentence and paragraph lookup with cached tenses."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_starts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(text)]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._tenses: dict[int, Tense | None] = {}

    def sentence(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, pos) - 1

    def sentence_text(self, pos: int) -> str:
        idx = self.sentence(pos)
        lo = self.sentence_starts[idx]
        hi = self.sentence_starts[idx + 1] if idx + 1 < len(self.sentence_starts) else len(self.text)
        return self.text[lo:hi]

    def tense(self, pos: int) -> Tense | None:
        """The tense of the clause holding `pos`, else of its sentence (`extract.tense.clause_tense`)."""
        if pos not in self._tenses:
            lo = self.sentence_starts[self.sentence(pos)]
            self._tenses[pos] = clause_tense(self.sentence_text(pos), pos - lo)
        return self._tenses[pos]

    def marked(self, pos: int) -> bool:
        """Whether that tense rests on a strong marker (将于, 成功举办) rather than a bare 举行."""
        tense = self.tense(pos)
        lo = self.sentence_starts[self.sentence(pos)]
        return tense is not None and clause_tense(self.sentence_text(pos), pos - lo, strong_only=True) == tense

    def line(self, pos: int) -> str:
        idx = self.paragraph(pos)
        lo = self.paragraph_starts[idx]
        hi = self.paragraph_starts[idx + 1] - 1 if idx + 1 < len(self.paragraph_starts) else len(self.text)
        return self.text[lo:hi]


def _is_metadata(ctx: _Context, raw: RawDate) -> bool:
    """A publication stamp rather than a date in the story."""
    line = ctx.line(raw.start)
    para_start = ctx.paragraph_starts[ctx.paragraph(raw.start)]
    before = ctx.text[max(para_start, raw.start - 30) : raw.start]
    return bool(_PUBLISH_LABEL_RE.search(before) or _TIMESTAMP_LINE_RE.match(line))


def find_dates(text: str, *, published: date | None, listing_year: int | None = None) -> list[DateMention]:
    """Every date mention in `text` except datelines and publication stamps, in text order.

    `listing_year` is the year a schedule page states once, in its title (2025年上海展会排期): its rows,
    each a paragraph of their own, write 11月5日至10日 and mean that year, not the one nearest the publication.
    """
    folded = fold(text)
    ctx = _Context(folded)
    dateline = find_dateline(text)
    raws = leftmost_longest(list(scan_dates(folded, ctx.sentence_text)))

    out: list[DateMention] = []
    year_ctx: YearContext | None = None
    month_ctx: tuple[int | None, int, int] | None = None  # (year, month, paragraph)
    for raw in raws:
        if raw.kind == "block":
            continue
        if dateline is not None and raw.start < dateline.span[1] and dateline.span[0] < raw.end:
            continue
        if raw.kind in ("day", "month", "year") and _is_metadata(ctx, raw):
            continue
        sentence, paragraph = ctx.sentence(raw.start), ctx.paragraph(raw.start)
        if year_ctx is not None and year_ctx.paragraph != paragraph:
            year_ctx = None
        if year_ctx is None and listing_year is not None:
            year_ctx = YearContext(listing_year, -1, paragraph)
        if month_ctx is not None and month_ctx[2] != paragraph:
            month_ctx = None
        tense = ctx.tense(raw.start)
        mention = resolve_date(raw, tense, published, year_ctx, month_ctx, sentence, ctx.marked(raw.start))
        if mention is None:
            continue
        out.append(mention)
        explicit = raw.year if raw.year is not None else None
        if explicit is None and raw.rel_year is not None and published is not None:
            explicit = published.year + raw.rel_year
        if explicit is not None:
            year_ctx = YearContext(explicit, sentence, paragraph)
        if raw.kind in ("day", "month") and raw.month is not None:
            month_year = mention.start.year if mention.start else None
            last_month = raw.month2 if raw.month2 is not None else raw.month
            month_ctx = (month_year, last_month, paragraph)
    return _join_ranges(folded, out)


# 今天（4月15日）起至5月5日, 8月18日及19日, 6月27日—6月30日 written around a bracket: two day mentions with only a
# connector between them are one range, whose end takes the year that follows the start.
_RANGE_GAP_RE = re.compile(r"[ )）]*起?(?:至|到|—|–|-|~|及|和|、)[ ]*")


def _join_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    out: list[DateMention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.precision == "day"
            and mention.precision == "day"
            and prev.start is not None
            and mention.start is not None
            and prev.start == prev.end
            and _RANGE_GAP_RE.fullmatch(text, prev.span[1], mention.span[0])
        ):
            end = safe_date(prev.start.year, mention.start.month, mention.start.day)
            if end is not None and end < prev.start:
                end = safe_date(prev.start.year + 1, mention.start.month, mention.start.day)
            if end is not None and prev.start < end <= prev.start + timedelta(days=366):
                out[-1] = DateMention(
                    (prev.span[0], mention.span[1]), prev.start, end, None, None, "day", prev.relation, prev.start_time
                )
                continue
        # 今天（6月11日）: the same day said twice is one mention.
        if (
            prev is not None
            and prev.precision == mention.precision == "day"
            and prev.start is not None
            and prev.start == mention.start
            and prev.end == mention.end
            and re.fullmatch(r"[ (（]*", text[prev.span[1] : mention.span[0]])
        ):
            out[-1] = DateMention(
                (prev.span[0], mention.span[1] + (mention.span[1] < len(text) and text[mention.span[1]] in ")）")),
                mention.start,
                mention.end,
                None,
                None,
                mention.precision,
                mention.relation,
                prev.start_time or mention.start_time,
            )
            continue
        out.append(mention)
    return out
