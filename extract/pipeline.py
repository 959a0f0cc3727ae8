"""`extract_events`: from one article's text to the events it reports.

Steps: normalise (keeping the way back to the original); an article written in English (`extract.language`) is
read by the English reader (`extract.english`) into the same events; in a Chinese one, find event name mentions
(`extract.event_mentions`) in the article body (before `main_end`: related-news lists are other articles'
headlines and snippets, cut off and undated, so they are not read), group them into events and decide which are
industry events (`extract.kinds`); only when one is, find the publication date when not given, the dates
(datelines excluded) and the places of the document, since most articles of a daily stream name no industry event
and that reading is most of the work; then for each event that names one occurrence (`extract.occurrence`) pick
the mention to read it from, then its date (the statements of `extract.statements`), place, industries, status,
change of plan (`extract.changes`) and confidence.

A schedule page (its title says 展会排期, 计划表, 活动日程 …) lists one fair per row (`extract.markup` makes each
row a line): a year stated once in its title is the year of the rows' year-less dates, and a venue named once in
its title is where a row that gives only a hall (1-12号馆) takes place.

Which mention an event is read from (its *anchor*): the first mention whose sentence holds a date, else the
first with a place phrase (在X举办), else the first in the body, else the headline. The headline is the first
line; it names events well but rarely says when.

Status is relative to the publication date: before the first day `upcoming`, from the first to the last day
`ongoing`, after it `held`. A month-precision date that contains the publication date, a vague word (近日 is
before, 即将 after), a partial date and an undated event use the sentence's tense; `unknown` when nothing tells.

Confidence is a plain additive score, documented so people can read it:

* 0.35 base for a name that ends in an event word;
* +0.15 for a specific event word (博览会, 论坛, 对接会 …) rather than a weak one (对接活动, a bare 展, an
  abbreviation);
* +0.05 for a quoted or title-marked name, or one with a year or edition (2023, 第五届);
* +0.20 for a day or month date (or a partial day), +0.10 for a vague one (近日), nothing without a date;
* +0.10 for a city, +0.05 for a venue;
* +0.05 when the article names the event more than once;
* capped at 0.99.
"""

from __future__ import annotations

import re
from datetime import date

from extract.changes import change_of
from extract.chinese_dates import find_dates
from extract.completion import EventDates as _Dates
from extract.completion import event_dates
from extract.dates import DateMention
from extract.event_mentions import find_mentions
from extract.events import (
    KNOWN_ABBREVIATIONS,
    Mention,
    canonical_name,
    group_mentions,
    learn_compounds,
)
from extract.gazetteer import Gazetteer, default_gazetteer
from extract.industries import industries_for
from extract.kinds import Decision, classify
from extract.language import language_of
from extract.model import (
    DatePrecision,
    Evidence,
    ExtractedEvent,
    Phase,
    SourceHints,
)
from extract.normalize import NormalizedText, normalize, trim_span
from extract.occurrence import names_occurrence
from extract.phases import label, listed_phases, merge_phases, within
from extract.places import STRENGTH_VENUE, DocumentPlaces, Location
from extract.published import find_dateline, find_published
from extract.statements import Sentences, date_statements, dates_in, sentences_about
from extract.status import status_of
from extract.taxonomy import Taxonomy
from extract.tense import clause_tense
from extract.venues import Venue, find_venues

_WINDOW = 200
_WEAK_SUFFIXES_RE = re.compile(r"活动$|^展$")
_EDITION_RE = re.compile(r"^(?:(?:19|20)\d\d|第[0-9〇零一二三四五六七八九十百]+[届次期])")


# A schedule page's title: a year, then what it lists (展会, 会展, 活动) and a word for a list (排期, 计划, 一览).
_LISTING_TITLE_RE = re.compile(
    r"(?:((?:19|20)\d\d)年?[^\n。]{0,24}?)?(?:展会|会展|展览|活动|会议|展)[^\n。]{0,4}?(?:排期|计划|一览|日程|安排|时间表)"
)


def extract_events(
    text: str,
    *,
    published: date | None,
    hints: SourceHints | None = None,
    taxonomy: Taxonomy | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[ExtractedEvent]:
    """The events `text` reports, in order of first mention.

    `published` is the publication date when known; when None it is looked for in the text (发布时间 …).
    `hints` are the source's default region and industries. `taxonomy` is the industry taxonomy (from
    config.yaml); without it an event's industries come from the hints alone.
    """
    if taxonomy is not None:
        learn_compounds(taxonomy.compounds)
    norm = normalize(text)
    body = norm.text
    main_end = min(norm.main_end, len(body))
    if language_of(body[:main_end]) == "en":
        # Imported here: a stream of Chinese articles never loads the English reader or dateparser.
        from extract.english import extract_english

        return extract_english(
            norm, published=published, hints=hints, taxonomy=taxonomy, gazetteer=gazetteer or default_gazetteer()
        )
    mentions = find_mentions(body, 0, main_end)
    decisions = [(group, _decide(group, taxonomy)) for group in group_mentions(mentions)]
    decided = [(group, decision) for group, decision in decisions if decision.kind is not None]
    if not decided:
        # Most articles name no industry event (the words are there, the event is not): the dates and places
        # of the whole document, more than half the work of an article, are read only for one that does.
        return []
    if published is None:
        published = find_published(body)
    dateline = find_dateline(body)
    listing = _LISTING_TITLE_RE.search(body, 0, max(0, body.find("\n")) or main_end)
    listing_year = int(listing.group(1)) if listing and listing.group(1) else None
    dates = sorted(find_dates(body[:main_end], published=published, listing_year=listing_year), key=lambda d: d.span[0])
    sentences = Sentences.of(body)
    places = DocumentPlaces(
        body,
        main_end,
        gazetteer or default_gazetteer(),
        original=text,
        hints=hints,
        dateline_city=dateline.city if dateline else None,
    )
    headline_end = body.find("\n")
    headline_end = main_end if headline_end < 0 else min(headline_end, main_end)
    # A venue's own schedule (深圳国际会展中心2025年下半年展会排期) names the venue once, in its title; its rows
    # give only halls (1-12号馆), so a row that names no venue is at the page's.
    title_venues = {v.venue for v in find_venues(body, 0, headline_end)} if listing else set()
    page_venue = next(iter(title_venues)) if len(title_venues) == 1 else None

    all_spans = [(m.start, m.end) for m in mentions]
    events: list[ExtractedEvent] = []
    for group, decision in decided:
        if not names_occurrence(group, body, dates, all_spans, sentences, main_end):
            continue
        events.append(
            _build_event(
                group,
                decision,
                norm=norm,
                main_end=main_end,
                headline_end=headline_end,
                published=published,
                dates=dates,
                name_spans=all_spans,
                sentences=sentences,
                places=places,
                page_venue=page_venue,
                taxonomy=taxonomy,
                hints=hints,
            )
        )
    return events


def _decide(group: list[Mention], taxonomy: Taxonomy | None) -> Decision:
    """The industry-event decision for a group of mentions, read from the mention that names it best."""
    name = canonical_name(group)
    main = next(m for m in group if m.name == name)
    short = main.abbreviation or main.suffix in KNOWN_ABBREVIATIONS
    return classify(name, main.suffix, taxonomy=taxonomy, abbreviation=short)


def _build_event(
    group: list[Mention],
    decision: Decision,
    *,
    norm: NormalizedText,
    main_end: int,
    headline_end: int,
    published: date | None,
    dates: list[DateMention],
    name_spans: list[tuple[int, int]],
    sentences: Sentences,
    places: DocumentPlaces,
    page_venue: Venue | None,
    taxonomy: Taxonomy | None,
    hints: SourceHints | None,
) -> ExtractedEvent:
    body = norm.text

    def sentence_of(m: Mention) -> tuple[int, int]:
        # A "sentence" of a page without punctuation can be the whole page: read at most a window around the
        # name, which is all a real sentence ever needs and keeps the work per event bounded.
        s_start, s_end = sentences.sentence(m.start, main_end)
        return max(s_start, m.start - _WINDOW), min(s_end, m.end + _WINDOW)

    statements = date_statements(group, body, dates, name_spans, sentences, main_end, headline_end, sentence_of)
    anchor: Mention | None = statements[0].mention if statements else None
    when: DateMention | None = statements[0].date if statements else None
    location = Location()
    located_by: Mention | None = None
    # The strongest location said of the event (a venue over a place phrase over the name over the sentence's
    # places), body before headline, first mention first; a follow-up sentence that goes on about the event
    # (峰会将于…在福建省福州市召开) counts as the mention's own.
    for m in sorted(group, key=lambda m: (m.start < headline_end, m.start)):
        for span in sentences_about(m, body, sentences, main_end, sentence_of):
            candidate = places.locate(span, (m.start, m.end))
            if not (candidate.venue or candidate.city or candidate.province):
                continue
            if located_by is None or _specificity(candidate) > _specificity(location):
                location, located_by = candidate, m
    if page_venue is not None and location.venue is None and location.city in (None, page_venue.city):
        v = page_venue
        location = Location(v.name, v.city, v.province, v.district, STRENGTH_VENUE)
    if anchor is None:
        body_mentions = [m for m in group if m.start >= headline_end]
        anchor = located_by or (body_mentions[0] if body_mentions else group[0])

    s_start, s_end = sentence_of(anchor)
    sentence_text = body[s_start:s_end]
    tense = clause_tense(sentence_text, anchor.start - s_start)

    spans = [span for m in group for span in sentences_about(m, body, sentences, main_end, sentence_of)]
    phase = statements[0].phase if statements else None
    read = event_dates([st for st in statements if st.phase == phase], body, spans, days_label=lambda n: f"为期{n}天")
    listed = listed_phases(body, (d for span in dict.fromkeys(spans) for d in dates_in(dates, span, name_spans)))
    if phase is not None:
        listed = merge_phases(listed, [Phase(label(phase), read.start, read.end if read.end_basis != "none" else None)])
    dated_by_phases = bool(listed) and (phase is not None or read.start_basis in ("none", "vague"))
    if dated_by_phases:
        read = _phase_span(listed, read)
    elif listed and read.start is not None and read.end is not None:
        listed = within(listed, read.start, read.end)
    start, end, partial, partial_end, precision, date_reasons = (
        read.start,
        read.end,
        read.partial,
        read.partial_end,
        read.precision,
        read.reasons,
    )
    name = canonical_name(group)
    if start is None and partial is not None and (year := _year_of_name(name)) is not None:
        # Publication date unknown, 10月15日-16日 has no year, but "2011中国国际教育展" says which year it is.
        start, end = _on_year(year, partial), _on_year(year, partial_end or partial)
        if start is not None and end is not None and end < start:
            end = _on_year(year + 1, partial_end or partial)
        if start is not None:
            partial = partial_end = None
            date_reasons = (*date_reasons, f"year {year} from the name")
    change = change_of(body, spans)
    running = any(st.run_day and st.date.start == published for st in statements)
    status = status_of(start, end, precision, when, published, tense, running)

    p_start, p_end = sentences.paragraph(anchor.start, main_end)
    p_start, p_end = max(p_start, anchor.start - 2 * _WINDOW), min(p_end, anchor.end + 2 * _WINDOW)
    # A forum or summit whose name states no industry is a general one (中国发展高层论坛, 博鳌亚洲论坛年会): the
    # industries its sentence mentions are what speakers said there, not its subject, so only what the text says
    # it covers (`about`) or the general id apply. A fair's or a matchmaking meeting's sentence says what is on show.
    contexts = [] if decision.kind == "conference" else [body[anchor.start : s_end], sentence_text]
    about = "".join(body[m.end : sentence_of(m)[1]] for m in group)
    industries = industries_for([m.name for m in group], contexts, taxonomy, hints, about=about, general="trade")

    o_start, o_end = norm.original_span(*trim_span(body, s_start, s_end))
    evidence = Evidence(norm.original[o_start:o_end], o_start, o_end, decision.reasons + date_reasons)
    return ExtractedEvent(
        name=name,
        start=start,
        end=end,
        partial_date=partial,
        date_precision=precision,
        venue=location.venue,
        city=location.city,
        province=location.province,
        district=location.district,
        industries=industries,
        status=status,
        confidence=_confidence(group, name, precision, partial, when, location),
        evidence=evidence,
        kind=decision.kind or "conference",
        partial_end=partial_end,
        start_basis=read.start_basis if start is not None or partial is not None else "none",
        end_basis=read.end_basis if end is not None or partial_end is not None else "none",
        change=change,
        phases=tuple(listed),
        dated_by_phases=dated_by_phases,
    )


def _phase_span(phases: list[Phase], own: _Dates) -> _Dates:
    """The days the reported phases span, as the event's dates when the text states none of its own: the fair
    runs at least then, so each end rests only on what the phases imply, and the fair's own dates, said anywhere,
    replace them."""
    days = [day for p in phases for day in (p.start, p.end) if day is not None]
    if not days:
        return own
    labels = "、".join(p.label for p in phases)
    # One phase's opening (第二期今天开展) says nothing of the fair's last day.
    end = max(days) if any(p.end is not None for p in phases) else None
    return _Dates(
        min(days),
        end,
        None,
        None,
        "day",
        (*own.reasons, f"dates of {labels}"),
        "implied",
        "implied" if end is not None else "none",
    )


_NAME_YEAR_RE = re.compile(r"^(?:第[^届]{1,4}届)?((?:19|20)\d\d)(?!\d)")


def _year_of_name(name: str) -> int | None:
    """The year an edition's name carries at its start (2011中国国际教育展, 2024年世界…大会)."""
    m = _NAME_YEAR_RE.match(name.lstrip('“"《'))
    return int(m.group(1)) if m else None


def _on_year(year: int, partial: str) -> date | None:
    """A partial date (MM-DD) on `year`, or None when that day does not exist in it."""
    month, day = (int(part) for part in partial.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _specificity(location: Location) -> tuple[int, bool, bool]:
    """How much a location says: what it rests on, then a city over a province alone, then a venue."""
    return location.strength, location.city is not None, location.venue is not None


def _confidence(
    group: list[Mention],
    name: str,
    precision: DatePrecision,
    partial: str | None,
    when: DateMention | None,
    location: Location,
) -> float:
    score = 0.35
    main = max(group, key=lambda m: (not m.abbreviation, len(m.name)))
    if not main.abbreviation and not _WEAK_SUFFIXES_RE.search(main.suffix):
        score += 0.15
    if main.quoted or _EDITION_RE.match(name) or "“" in name or "《" in name:
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
