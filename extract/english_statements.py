"""The sentences of an English article said of an event, and the dates they say of it, strongest first.

The sentences said of an event are those naming it, and the next one when it goes on about it ("It will …", "The
expo …") and names no other event. A date in them belongs to the event named nearest before it in its sentence
(after it only when none is before), so a sentence about two fairs gives each its own; the words before it
(`extract.english_roles`) say whether it is a range, an opening, a closing, a "held on" or the report's own day.
The statements are ranked here for `extract.completion`, where the strongest decides as in Chinese: a date given
an event's role (a range, an opening or closing, "held on") over the report's own day or a bare date; then a
precise date over a vague one; then a range over an opening or closing, over "held on"; then one in the body over
the headline's, one in the sentence naming the event, the nearest the name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extract.dates import DateMention
from extract.english_names import EnglishMention
from extract.english_roles import role_of
from extract.english_sentences import SentenceReader
from extract.roles import STRENGTH, Role

# A sentence that goes on about the event named in the one before.
_GOES_ON_RE = re.compile(
    r"^[\"“]?(?:It|This year's (?:event|edition|expo|fair|forum|summit|conference|show)|The (?:\w+-day |"
    r"(?:\d+|two|three|four|five)-day )?(?:event|expo|exposition|fair|exhibition|show|forum|summit|conference|"
    r"congress|convention|matchmaking|week|session|edition|gathering))\b"
)
_PRECISION_RANK = {"vague": 0, "month": 2, "day": 4}


@dataclass(frozen=True, slots=True)
class Statement:
    """A date said of an event, with what it says (`extract.roles.Role`) and where."""

    mention: EnglishMention
    date: DateMention
    role: Role
    sentence: tuple[int, int]
    distance: int
    headline: bool
    # English reports give no run day (今天进入第二天); the field is what `extract.completion` reads.
    run_day: int | None = None


def sentences_about(
    mention: EnglishMention, reader: SentenceReader, name_spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The sentence naming the event, and the next when it goes on about it and names no other event."""
    own = reader.sentence(mention.start)
    spans = [own]
    nxt = reader.next_sentence(own)
    if nxt is not None:
        text = reader.text[nxt[0] : nxt[1]].lstrip()
        k = bisect.bisect_left(name_spans, (nxt[0], -1))
        names_other = k < len(name_spans) and name_spans[k][0] < nxt[1]
        if not names_other and _GOES_ON_RE.match(text):
            spans.append(nxt)
    return spans


def statements_about(
    group: list[EnglishMention],
    reader: SentenceReader,
    mentions: list[EnglishMention],
    name_spans: list[tuple[int, int]],
    headline_end: int,
) -> list[Statement]:
    """The dates said of the event, strongest first; a date belongs to the name nearest before it in its
    sentence (after it only when none is before), so a sentence about two fairs gives each its own."""
    found: list[tuple[tuple[object, ...], Statement]] = []
    ids = {id(m) for m in group}
    for mention in group:
        spans = sentences_about(mention, reader, name_spans)
        for index, span in enumerate(spans):
            lo = bisect.bisect_left(name_spans, (span[0], -1))
            hi = bisect.bisect_left(name_spans, (span[1], -1))
            in_sentence = mentions[lo:hi]
            for english in reader.dates(span):
                d = english.mention
                if index == 0 and _owner(in_sentence, d.span) is not mention:
                    continue
                if index == 0 and id(_owner(in_sentence, d.span)) not in ids:
                    continue
                clause_start = _clause_start(reader.text, span[0], d.span[0])
                role = role_of(reader.text, d.span, english.is_range, clause_start)
                distance = abs(d.span[0] - mention.end)
                headline = mention.start < headline_end and span[0] < headline_end
                statement = Statement(mention, d, role, span, distance, headline)
                rank = (
                    role not in ("report", "other"),
                    _PRECISION_RANK[d.precision] + (d.start is not None or d.partial_start is not None),
                    STRENGTH[role],
                    not headline,
                    index == 0,
                    -distance,
                )
                found.append((rank, statement))
    found.sort(key=lambda item: item[0], reverse=True)
    return [statement for _, statement in found]


def _owner(in_sentence: list[EnglishMention], span: tuple[int, int]) -> EnglishMention | None:
    before = [m for m in in_sentence if m.end <= span[0]]
    if before:
        return max(before, key=lambda m: m.end)
    after = [m for m in in_sentence if m.start >= span[1]]
    return min(after, key=lambda m: m.start) if after else None


_CLAUSE_RE = re.compile(r"[,;:]\s|\s[-–—]{1,2}\s")


def _clause_start(text: str, floor: int, pos: int) -> int:
    start = floor
    for m in _CLAUSE_RE.finditer(text, floor, pos):
        start = m.end()
    return start
