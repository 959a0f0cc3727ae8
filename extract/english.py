"""`extract_english`: the events an English article reports, as the Chinese reader (`extract.pipeline`) reports
them, so that both go through one merge and delivery path.

Organisers, agencies and exhibitors' associations publish in English too ("The 9th China (Shanghai)
International Hydrogen Expo will be held from September 3 to 5, 2025 at the Shanghai New International Expo
Centre"). `extract.language` sends such an article here; a Chinese page that quotes English names stays with the
Chinese reader. The steps are the Chinese reader's, with English rules:

1. sentences (a period ends one unless it ends an abbreviation: Sept., Co., U.S.) and the agency dateline
   ("GUANGZHOU, April 10 (Xinhua) --"), whose date is when the story was filed, never an event's, and whose city
   is the last resort for an event's place; a dateline with its year stands in for an unknown publication date
   (`extract.english_sentences`);
2. event names and which are one event and industry events (`extract.english_names`); as in Chinese, only a
   mention of one occurrence counts: an edition or year in its name, or a date said of it ("the Canton Fair has
   become a barometer of trade" names no event);
3. for each event, the sentences said of it: those naming it, and the next one when it goes on about it ("It
   will …", "The expo …"); the dates in them (`extract.english_dates`, read with dateparser; a year-less one
   takes its year by the clause's tense, `extract.english_tense`), each given to the event named nearest before
   it in its sentence (`extract.english_statements`) with what the words before it say it is
   (`extract.english_roles`), the strongest statement deciding as in Chinese (a range over an opening or
   closing, over "held on", over the report's own day); an opening is completed by a closing or a duration
   ("three-day");
4. the place (`extract.english_places`, on the Chinese gazetteer through the English names of
   `extract.english_placenames`), industries from the taxonomy's English keywords (the name, then what the
   sentence says it showcases, then the sentence for a fair; a forum that names no industry is filed under
   trade), status (`extract.status`, the one rule) and the confidence score of `extract.pipeline` with the same
   weights.

Dates and places are read only for an article that names an industry event, and only in the sentences said of
one; dateparser is loaded only then.

This module runs the steps and puts each event together (its dates completed, its place, industries, status,
change of plan and confidence); the rules of each step live in the modules it names.
"""

from __future__ import annotations

import re
from datetime import date

from extract.completion import event_dates
from extract.dates import DateMention
from extract.english_names import (
    EnglishDecision,
    EnglishMention,
    classify,
    find_alias_mentions,
    find_english_mentions,
)
from extract.english_placenames import city_of, venue_spans
from extract.english_places import EnglishLocation, locate_english
from extract.english_roles import duration_of
from extract.english_sentences import SentenceReader, article_end, dateline_date, find_dateline
from extract.english_statements import sentences_about, statements_about
from extract.events import MAX_MENTIONS
from extract.gazetteer import Gazetteer
from extract.model import DatePrecision, EventChange, Evidence, ExtractedEvent, SourceHints
from extract.normalize import NormalizedText, trim_span
from extract.status import status_of
from extract.taxonomy import Taxonomy

# Industries: what a sentence says the event shows or covers.
_ABOUT_RE = re.compile(
    r"\b(?:showcas\w*|featur\w*|focus\w* on|cover\w*|themed|theme|dedicated to|exhibits?|display\w*|present\w*"
    r"|zones? for|sections? for|pavilions? for|products? (?:include|such as)|highlight\w*)\b[^.;]{0,160}",
    re.IGNORECASE,
)
_SPEAKERS_RE = re.compile(r"\b(?:speakers?|delegates?|participants?|guests?|officials?|experts?|leaders?)\b", re.I)
_CANCELLED_RE = re.compile(r"\b(?:cancel+ed|called off|will not be held|scrapped)\b", re.IGNORECASE)
_MOVED_RE = re.compile(r"\b(?:postponed|rescheduled|moved to|delayed|brought forward|new dates?)\b", re.IGNORECASE)
_VENUE_REACH = 80  # longer than any venue name of `extract.english_placenames.VENUES_EN`


def extract_english(
    norm: NormalizedText,
    *,
    published: date | None,
    hints: SourceHints | None,
    taxonomy: Taxonomy | None,
    gazetteer: Gazetteer,
) -> list[ExtractedEvent]:
    """The events an English article reports, in order of first mention (see the module docstring)."""
    body = norm.text
    main_end = article_end(body, norm.main_end)
    # A venue named after what it hosts ("Poly World Trade Center Expo") is a place, not an event.
    mentions = [m for m in find_english_mentions(body, 0, main_end, MAX_MENTIONS) if not _in_venue(body, m)]
    if not mentions:
        return []
    aliases = {m.alias: m for m in mentions if m.alias}
    taken = [(m.start, m.end) for m in mentions]
    mentions += [
        a
        for a in find_alias_mentions(body, 0, main_end, aliases)
        if not any(a.start < e and a.end > s for s, e in taken)
    ]
    mentions.sort(key=lambda m: m.start)
    groups = _group(mentions)
    decided: list[tuple[list[EnglishMention], EnglishDecision]] = []
    for group in groups:
        main = _main_mention(group)
        decision = classify(main.name, main.event_word, taxonomy)
        if decision.kind is not None:
            decided.append((group, decision))
    if not decided:
        return []

    dateline = find_dateline(body, main_end)
    if published is None and dateline is not None and dateline["year"]:
        # A dated dateline ("HONG KONG, March 3, 2025 /PRNewswire/") is when the release went out.
        published = dateline_date(dateline)
    reader = SentenceReader(body, main_end, published, dateline.span() if dateline else None)
    headline_end = body.find("\n")
    headline_end = main_end if headline_end < 0 else headline_end
    name_spans = [(m.start, m.end) for m in mentions]
    dateline_city = city_of(dateline["city"]) if dateline else None

    events: list[ExtractedEvent] = []
    for group, decision in decided:
        event = _build(
            group,
            decision,
            norm=norm,
            reader=reader,
            mentions=mentions,
            name_spans=name_spans,
            headline_end=headline_end,
            published=published,
            hints=hints,
            taxonomy=taxonomy,
            gazetteer=gazetteer,
            dateline_city=dateline_city,
        )
        if event is not None:
            events.append(event)
    return events


def _in_venue(text: str, mention: EnglishMention) -> bool:
    """Whether the name is part of a known venue's name written around it."""
    lo, hi = max(0, mention.start - _VENUE_REACH), min(len(text), mention.end + _VENUE_REACH)
    return any(v_start < mention.end and v_end > mention.start for v_start, v_end in venue_spans(text, lo, hi))


def _group(mentions: list[EnglishMention]) -> list[list[EnglishMention]]:
    """Mentions of one series are one event unless their editions differ; one without an edition joins the first
    event of its series (the one the release is about)."""
    groups: list[list[EnglishMention]] = []
    for mention in mentions:
        same = [g for g in groups if g[0].series == mention.series]
        edition = mention.edition
        target = next((g for g in same if edition is not None and _edition(g) == edition), None)
        if target is None and edition is None and same:
            target = same[0]
        if target is None and edition is not None:
            target = next((g for g in same if _edition(g) is None), None)
        if target is None:
            groups.append([mention])
        else:
            target.append(mention)
    return groups


def _edition(group: list[EnglishMention]) -> str | None:
    return next((m.edition for m in group if m.edition is not None), None)


def _main_mention(group: list[EnglishMention]) -> EnglishMention:
    """The name to show: a full name over a short one, with its edition, the longest."""
    return max(group, key=lambda m: (not m.by_alias, m.edition is not None, len(m.name)))


def _build(
    group: list[EnglishMention],
    decision: EnglishDecision,
    *,
    norm: NormalizedText,
    reader: SentenceReader,
    mentions: list[EnglishMention],
    name_spans: list[tuple[int, int]],
    headline_end: int,
    published: date | None,
    hints: SourceHints | None,
    taxonomy: Taxonomy | None,
    gazetteer: Gazetteer,
    dateline_city: str | None,
) -> ExtractedEvent | None:
    text = reader.text
    main = _main_mention(group)
    statements = statements_about(group, reader, mentions, name_spans, headline_end)
    dated = [s for s in statements if s.role not in ("report", "other")]
    if main.edition is None and not dated:
        # The series as an institution ("the Canton Fair has become a barometer of trade"), not one occurrence.
        return None
    body_mentions = [m for m in group if m.start >= headline_end]
    anchor = statements[0].mention if statements else (body_mentions or group)[0]
    read = event_dates(
        statements,
        text,
        list(dict.fromkeys(s.sentence for s in statements)),
        duration=duration_of,
        days_label="{} days".format,
    )
    start, end, partial, partial_end = read.start, read.end, read.partial, read.partial_end
    reasons = read.reasons
    if start is None and partial is not None and main.edition and main.edition.startswith("y"):
        # No publication date, "June 27-30" has no year, but "the 2025 … Expo" says which year it is.
        year = int(main.edition[1:])
        start, end = _on_year(year, partial), _on_year(year, partial_end or partial)
        if start is not None and end is not None and end < start:
            end = _on_year(year + 1, partial_end or partial)
        if start is not None:
            partial = partial_end = None
            reasons = (*reasons, f"year {year} from the name")

    spans = list(dict.fromkeys(span for m in group for span in sentences_about(m, reader, name_spans)))
    anchor_sentence = reader.sentence(anchor.start)
    location = EnglishLocation()
    for m in sorted(group, key=lambda m: (m.start < headline_end, m.start)):
        candidate = locate_english(
            text,
            sentences_about(m, reader, name_spans),
            (m.start, m.end),
            main.series,
            gazetteer,
            dateline_city=None,
            hints=None,
            name_spans=name_spans,
        )
        if _specificity(candidate) > _specificity(location):
            location = candidate
        if location.venue is not None and location.city is not None:
            break  # nothing says more than a known venue
    if location.city is None and location.province is None:
        fallback = locate_english(
            text,
            [],
            (main.start, main.end),
            main.series,
            gazetteer,
            dateline_city=dateline_city,
            hints=hints,
            name_spans=name_spans,
        )
        location = EnglishLocation(
            location.venue or fallback.venue, fallback.city, fallback.province, fallback.district
        )

    tense, _ = reader.tense(anchor_sentence, anchor.start)
    when = statements[0].date if statements else None
    status = status_of(start, end, read.precision, when, published, tense)
    industries = _industries(group, spans, text, decision, taxonomy, hints)
    s_start, s_end = trim_span(text, *anchor_sentence)
    o_start, o_end = norm.original_span(s_start, s_end)
    evidence = Evidence(norm.original[o_start:o_end], o_start, o_end, (*decision.reasons, *reasons))
    return ExtractedEvent(
        name=main.name,
        start=start,
        end=end,
        partial_date=partial,
        date_precision=read.precision,
        venue=location.venue,
        city=location.city,
        province=location.province,
        district=location.district,
        industries=industries,
        status=status,
        confidence=_confidence(group, main, read.precision, partial, when, location),
        evidence=evidence,
        kind=decision.kind or "conference",
        partial_end=partial_end,
        start_basis=read.start_basis if start is not None or partial is not None else "none",
        end_basis=read.end_basis if end is not None or partial_end is not None else "none",
        change=_change_of(text, spans),
    )


def _on_year(year: int, partial: str) -> date | None:
    month, day = (int(part) for part in partial.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _specificity(location: EnglishLocation) -> tuple[bool, bool, bool]:
    return (
        location.venue is not None and location.city is not None,
        location.city is not None,
        location.province is not None,
    )


def _industries(
    group: list[EnglishMention],
    spans: list[tuple[int, int]],
    text: str,
    decision: EnglishDecision,
    taxonomy: Taxonomy | None,
    hints: SourceHints | None,
) -> tuple[str, ...]:
    """As `extract.industries.industries_for`: the names' industries and what the sentences say the event shows
    (not what its speakers discussed); else, for a fair or matchmaking, the sentence's; else trade (a general fair
    or forum); else the source's hints."""
    if taxonomy is not None:
        found: dict[str, None] = {}
        for m in group:
            found.update(dict.fromkeys(taxonomy.match_en(m.name)))
        for start, end in spans:
            for clause in _ABOUT_RE.finditer(text, start, end):
                clause_start = max(text.rfind(",", start, clause.start()), start)
                if _SPEAKERS_RE.search(text, clause_start, clause.start()):
                    continue
                found.update(dict.fromkeys(taxonomy.match_en(clause.group())))
        if found:
            return tuple(found)
        if decision.kind != "conference":
            for start, end in spans:
                ids = taxonomy.match_en(text[start:end])
                if ids:
                    return tuple(ids)
        if "trade" in taxonomy.ids:
            return ("trade",)
    if hints is not None and hints.industries:
        return tuple(dict.fromkeys(hints.industries))
    return ()


def _change_of(text: str, spans: list[tuple[int, int]]) -> EventChange | None:
    """ "cancelled" or "moved" when a sentence said of the event announces a change of plan."""
    if any(_CANCELLED_RE.search(text, start, end) for start, end in spans):
        return "cancelled"
    if any(_MOVED_RE.search(text, start, end) for start, end in spans):
        return "moved"
    return None


def _confidence(
    group: list[EnglishMention],
    main: EnglishMention,
    precision: DatePrecision,
    partial: str | None,
    when: DateMention | None,
    location: EnglishLocation,
) -> float:
    """The additive score of `extract.pipeline` (documented there), with its weights: every English event word
    is a specific one, except Show and Week."""
    score = 0.35
    if main.event_word not in ("Show", "Week"):
        score += 0.15
    if main.edition is not None:
        score += 0.05
    if when is not None:
        score += 0.20 if precision in ("day", "month") or partial else 0.10
    if location.city:
        score += 0.10
    if location.venue:
        score += 0.05
    if len(group) > 1:
        score += 0.05
    return round(min(score, 0.99), 2)
