"""The dates said of an event, strongest first: a `Statement` for each date in a sentence about one of its mentions.

A mention's sentence is read, and the next one too when it goes on about the event with a bare event word
(峰会将于…, `sentences_about`). A date inside an event's name is not a date said of the event, nor is a bare year
(`dates_in`), nor a phase's days (第一期4月15日至19日, `extract.phases`). Each date takes its role in its sentence
(`extract.roles`: a range, an opening or closing, "held on", the report's own day); `date_statements` ranks them,
and `extract.completion` puts the event's dates together from the strongest.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from extract.changes import SUPERSEDED_RE
from extract.dates import DateMention
from extract.events import Mention
from extract.phases import phase_after_name, phase_before
from extract.roles import STRENGTH, Role, day_of_run, role_of

_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
_LINE_END_RE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence and paragraph boundaries of the normalised text, for offset -> sentence look-ups."""

    ends: tuple[int, ...]
    line_ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Sentences:
        ends = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
        line_ends = [m.end() for m in _LINE_END_RE.finditer(text)]  # not a Python step per character
        return cls(tuple(ends), tuple(line_ends))

    @staticmethod
    def _span(bounds: tuple[int, ...], pos: int, limit: int) -> tuple[int, int]:
        k = bisect.bisect_right(bounds, pos)
        start = bounds[k - 1] if k > 0 else 0
        end = bounds[k] if k < len(bounds) else limit
        return start, end

    def sentence(self, pos: int, limit: int) -> tuple[int, int]:
        return self._span(self.ends, pos, limit)

    def paragraph(self, pos: int, limit: int) -> tuple[int, int]:
        return self._span(self.line_ends, pos, limit)


_PRECISION_RANK = {"vague": 0, "month": 2, "day": 4}


def dates_in(dates: list[DateMention], span: tuple[int, int], name_spans: list[tuple[int, int]]) -> list[DateMention]:
    """The dates said in `span`: wholly inside it, not inside an event's name (`name_spans`), not a bare year."""
    start, end = span
    # `dates` are in text order: look only at those that start inside the span.
    first = bisect.bisect_left(dates, start, key=lambda d: d.span[0])
    last = bisect.bisect_left(dates, end, key=lambda d: d.span[0])
    nearby = [n for n in name_spans if n[1] > start and n[0] < end]
    return [
        d
        for d in dates[first:last]
        if d.span[0] >= start
        and d.span[1] <= end
        and not any(d.span[0] < n_end and d.span[1] > n_start for n_start, n_end in nearby)
        # A bare year (2022年) says when a sentence's background happened, not when an event is.
        and not (d.precision == "vague" and d.start is not None)
    ]


@dataclass(frozen=True, slots=True)
class Statement:
    """A date said of an event: which mention's sentence, the date, and its role there (`extract.roles`)."""

    mention: Mention
    date: DateMention
    role: Role
    sentence: tuple[int, int]
    run_day: int | None
    # The phase the date is said of (第135届广交会第三期将于…: 3), None for the event's own dates.
    phase: int | None = None


# A sentence that starts by naming the event with a bare event word (峰会将于…, 本届博览会…) goes on about the
# event named just before it, so its dates are read as the event's too.
_BACK_REFERENCE_RE = re.compile(
    r"[^，,。]{0,6}?(?:本届|该|此次|本次|这届|今年的?)?(?:峰会|论坛|大会|年会|博览会|展会|展览会|交易会|洽谈会|"
    r"会议|活动|盛会|[一-龥]{1,2}会)(?:将|于|在|已|为期|会期|展期|期间|今天|共|设|由)"
    r"|(?:为期|历时)[^，,。的]{1,4}天的"  # 为期六天的航展总参观人数达到…: the duration of the event just named
)


def sentences_about(
    m: Mention,
    body: str,
    sentences: Sentences,
    main_end: int,
    sentence_of: Callable[[Mention], tuple[int, int]],
) -> list[tuple[int, int]]:
    """The sentence of a mention, and the next one when it goes on about the event (`_BACK_REFERENCE_RE`)."""
    spans = [sentence_of(m)]
    nxt = spans[0][1]
    if nxt < main_end and body[nxt - 1 : nxt] != "\n":
        follow = sentences.sentence(nxt, main_end)
        if _BACK_REFERENCE_RE.match(body, follow[0]):
            spans.append(follow)
    return spans


def date_statements(
    group: list[Mention],
    body: str,
    dates: list[DateMention],
    name_spans: list[tuple[int, int]],
    sentences: Sentences,
    main_end: int,
    headline_end: int,
    sentence_of: Callable[[Mention], tuple[int, int]],
) -> list[Statement]:
    """Every date said of the event, strongest first: not a plan a change replaced (原定…), then an explicit
    range, then an opening or closing, then "held on", then a report's own date; within a role the more precise
    date, a body sentence over the headline, and the date nearest the name."""
    found: list[tuple[tuple[bool, bool, bool, int, int, bool, int], Statement]] = []
    for m in group:
        phase = phase_after_name(body, m.end)
        for span in sentences_about(m, body, sentences, main_end, sentence_of):
            for d in dates_in(dates, span, name_spans):
                if phase_before(body, d.span[0]) is not None:
                    continue  # 第一期4月15日至19日: a phase's days (`listed_phases`), not the event's
                is_range = (d.start is not None and d.end is not None and d.end > d.start) or (
                    d.partial_start is not None and d.partial_end != d.partial_start
                )
                if d.precision == "month" and not is_range:
                    is_range = True  # 将于8月举办: a month is a span of its own
                role = role_of(body, d.span, is_range and d.precision == "day")
                if role in ("report", "other") and 0 <= m.start - d.span[1] <= 40:
                    # 今天(6月29日)，第十九届中国西部国际博览会在四川成都开幕: the verb follows the name.
                    role = role_of(body, (d.span[0], m.end), is_range and d.precision == "day")
                if d.precision == "month":
                    role = "held" if role not in ("report", "other") else role
                run_day = day_of_run(body, d.span)
                if run_day:
                    role = "start"
                distance = d.span[0] - m.end if d.span[0] >= m.end else m.start - d.span[1]
                rank = (
                    # 原定5月10日至12日举办的…延期至9月6日至8日: the plan a change replaces is not the event's date.
                    not SUPERSEDED_RE.search(body, max(span[0], d.span[0] - 4), d.span[0]),
                    role not in ("report", "other"),
                    # What is said of the whole fair before what is said of one of its phases.
                    phase is None,
                    _PRECISION_RANK[d.precision] + (d.start is not None or d.partial_start is not None),
                    STRENGTH[role],
                    m.start >= headline_end,
                    -distance,
                )
                found.append((rank, Statement(m, d, role, span, run_day, phase)))
    found.sort(key=lambda item: item[0], reverse=True)
    return [statement for _, statement in found]
