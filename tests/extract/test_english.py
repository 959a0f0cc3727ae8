"""English press releases: the events a reader finds in them, the same as the Chinese reader's output.

The fixtures in `english/` are releases we wrote in the style of real ones (Xinhua datelines, PR Newswire
openings, organisers' announcements): ranges in both orders, across months, years absent, a past edition
mentioned, a venue of Hong Kong or Taiwan, and texts that name no industry event (a summit of states, an
earnings call).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from extract import ExtractedEvent, SourceHints, Taxonomy, extract_events
from extract.english_dates import find_english_dates
from extract.language import language_of

FIXTURES = Path(__file__).parent / "english"


def _read(
    name: str, published: date | None, taxonomy: Taxonomy, hints: SourceHints | None = None
) -> list[ExtractedEvent]:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return extract_events(text, published=published, taxonomy=taxonomy, hints=hints)


@dataclass(frozen=True)
class Expected:
    name: str
    start: date | None
    end: date | None
    venue: str | None
    city: str | None
    province: str | None
    industries: tuple[str, ...]
    status: str
    kind: str = "exhibition"


CASES = [
    pytest.param(
        "hydrogen_expo",
        date(2025, 3, 12),
        [
            Expected(
                "9th China (Shanghai) International Hydrogen Expo",
                date(2025, 9, 3),
                date(2025, 9, 5),
                "上海新国际博览中心",
                "上海",
                "上海",
                ("new-energy",),
                "upcoming",
            )
        ],
        id="range-from-to-with-year-and-a-known-venue",
    ),
    pytest.param(
        "canton_fair_opening",
        date(2025, 4, 15),
        [
            # "opened on Tuesday" in a story filed on Tuesday April 15; "until May 5" in the next sentence.
            Expected(
                "137th China Import and Export Fair",
                date(2025, 4, 15),
                date(2025, 5, 5),
                None,
                "广州",
                "广东",
                ("trade",),
                "ongoing",
            ),
            # The past edition the story mentions is that edition, held, and takes none of this one's dates.
            Expected("136th Canton Fair", None, None, None, "广州", "广东", ("trade",), "held"),
        ],
        id="dateline-weekday-opening-closing-and-a-past-edition",
    ),
    pytest.param(
        "ciie_year_absent",
        date(2024, 6, 20),
        [
            Expected(
                "seventh China International Import Expo",
                date(2024, 11, 5),
                date(2024, 11, 10),
                "国家会展中心(上海)",
                "上海",
                "上海",
                ("trade", "agriculture-food", "biomedicine", "advanced-manufacturing", "consumer-goods"),
                "upcoming",
            )
        ],
        id="year-absent-nov-abbreviation-and-a-short-name",
    ),
    pytest.param(
        "robotics_fair_new_year",
        date(2024, 12, 10),
        [
            Expected(
                "10th Shenzhen International Robotics and Automation Fair",
                date(2025, 1, 8),
                date(2025, 1, 10),
                "深圳国际会展中心",
                "深圳",
                "广东",
                ("robotics",),
                "upcoming",
            )
        ],
        id="year-absent-in-december-is-next-january",
    ),
    pytest.param(
        "hktdc_electronics",
        None,
        [
            Expected(
                "HKTDC Hong Kong Electronics Fair",
                date(2025, 10, 13),
                date(2025, 10, 16),
                "香港会议展览中心",
                "香港",
                "香港",
                ("electronics",),
                "upcoming",
            )
        ],
        id="day-month-range-and-a-dated-dateline-for-publication",
    ),
    pytest.param(
        "supply_chain_cross_month",
        date(2024, 5, 20),
        [
            Expected(
                "Second China International Supply Chain Expo",
                date(2024, 6, 28),
                date(2024, 7, 2),
                "中国国际展览中心",
                "北京",
                "北京",
                # the next sentence says what it features
                ("trade", "new-energy", "digital-economy"),
                "upcoming",
            )
        ],
        id="range-across-months",
    ),
    pytest.param(
        "tianjin_sept",
        date(2025, 7, 1),
        [
            Expected(
                "2025 World Intelligence Expo",
                date(2025, 9, 3),
                date(2025, 9, 5),
                None,
                "天津",
                "天津",
                ("ai", "new-energy-vehicles"),
                "upcoming",
            )
        ],
        id="sept-dot-abbreviation",
    ),
    pytest.param(
        "changsha_dmy",
        date(2025, 3, 1),
        [
            Expected(
                "4th China-Africa Economic and Trade Expo",
                date(2025, 6, 27),
                date(2025, 6, 30),
                None,
                "长沙",
                "湖南",
                # "It will feature agricultural products, minerals and machinery": what it shows
                ("trade", "agriculture-food", "advanced-manufacturing"),
                "upcoming",
            )
        ],
        id="from-day-to-day-month-year",
    ),
    pytest.param(
        "two_fairs_one_sentence",
        date(2025, 3, 1),
        [
            Expected(
                "28th China Beauty Expo",
                date(2025, 5, 12),
                date(2025, 5, 14),
                "上海新国际博览中心",
                "上海",
                "上海",
                ("consumer-goods",),
                "upcoming",
            ),
            Expected(
                "2025 China International Industry Fair",
                date(2025, 9, 23),
                date(2025, 9, 27),
                "国家会展中心(上海)",
                "上海",
                "上海",
                ("advanced-manufacturing",),
                "upcoming",
            ),
        ],
        id="two-fairs-in-one-sentence-each-with-its-own-dates-and-venue",
    ),
    pytest.param(
        "waic_concluded",
        date(2024, 7, 7),
        [
            # "concluded … on Saturday after three days": the closing, and the opening two days before it.
            Expected(
                "2024 World Artificial Intelligence Conference",
                date(2024, 7, 4),
                date(2024, 7, 6),
                None,
                "上海",
                "上海",
                ("ai",),
                "held",
                "conference",
            )
        ],
        id="closing-weekday-and-a-duration",
    ),
    pytest.param(
        "timtos_taipei",
        date(2025, 1, 6),
        [
            Expected(
                "Taipei International Machine Tool Show",
                date(2025, 3, 3),
                date(2025, 3, 8),
                "台北南港展览馆",
                "台北",
                "台湾",
                ("advanced-manufacturing",),
                "upcoming",
            )
        ],
        id="taipei-nangang",
    ),
    pytest.param("diplomatic_summit", date(2025, 6, 10), [], id="a-summit-of-states-is-no-event"),
    pytest.param("earnings_call", date(2025, 10, 20), [], id="an-earnings-call-and-a-press-conference-are-no-events"),
]


@pytest.mark.parametrize(("fixture", "published", "expected"), CASES)
def test_english_releases_give_the_expected_events(
    fixture: str, published: date | None, expected: list[Expected], taxonomy: Taxonomy
) -> None:
    events = _read(fixture, published, taxonomy)
    found = [
        Expected(e.name, e.start, e.end, e.venue, e.city, e.province, e.industries, e.status, e.kind) for e in events
    ]
    assert found == expected


def test_a_dateline_is_when_the_story_was_filed_not_the_event(taxonomy: Taxonomy) -> None:
    (event,) = _read("hydrogen_expo", date(2025, 3, 12), taxonomy)
    assert event.evidence.sentence.startswith("SHANGHAI, March 12 (Xinhua)")
    assert (event.start, event.start_basis, event.end_basis) == (date(2025, 9, 3), "range", "range")
    assert event.evidence.reasons == ("Expo: an exhibition or trade fair", "date: range (September 3 to 5, 2025)")


def test_without_a_publication_date_a_year_less_range_is_partial(taxonomy: Taxonomy) -> None:
    # "SHENZHEN, Dec. 10 --" names no year, so nothing says which January.
    (event,) = _read("robotics_fair_new_year", None, taxonomy)
    assert (event.start, event.end, event.partial_date, event.partial_end) == (None, None, "01-08", "01-10")


def test_evidence_points_at_the_sentence_in_the_original(taxonomy: Taxonomy) -> None:
    text = (FIXTURES / "two_fairs_one_sentence.txt").read_text(encoding="utf-8")
    for event in extract_events(text, published=date(2025, 3, 1), taxonomy=taxonomy):
        assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence


def test_hints_place_an_event_the_text_does_not(taxonomy: Taxonomy) -> None:
    text = "The 3rd Bay Area Biomedicine Matchmaking Conference will be held on May 20, 2025."
    (event,) = extract_events(text, published=date(2025, 4, 1), taxonomy=taxonomy, hints=SourceHints("广东", "广州"))
    assert (event.city, event.province, event.kind, event.industries) == (
        "广州",
        "广东",
        "matchmaking",
        ("biomedicine",),
    )


@pytest.mark.parametrize(
    ("phrase", "published", "start", "end"),
    [
        ("will run June 27-30", date(2025, 3, 1), date(2025, 6, 27), date(2025, 6, 30)),
        ("will be held from 27 to 30 June 2025", date(2025, 3, 1), date(2025, 6, 27), date(2025, 6, 30)),
        ("takes place Sept. 3-5", date(2025, 7, 1), date(2025, 9, 3), date(2025, 9, 5)),
        ("runs 3-5 September", date(2025, 7, 1), date(2025, 9, 3), date(2025, 9, 5)),
        ("from June 28 - July 2", date(2025, 3, 1), date(2025, 6, 28), date(2025, 7, 2)),
        ("from December 30 - January 2, 2026", date(2025, 11, 1), date(2025, 12, 30), date(2026, 1, 2)),
        ("on Tuesday, April 15th, 2025", date(2025, 3, 1), date(2025, 4, 15), date(2025, 4, 15)),
        ("will open on January 8", date(2024, 12, 10), date(2025, 1, 8), date(2025, 1, 8)),
        ("was held on December 28", date(2025, 1, 3), date(2024, 12, 28), date(2024, 12, 28)),
        ("in October 2025", date(2025, 3, 1), date(2025, 10, 1), date(2025, 10, 31)),
        ("on 2025-09-03", date(2025, 3, 1), date(2025, 9, 3), date(2025, 9, 3)),
    ],
)
def test_english_date_phrases(phrase: str, published: date, start: date, end: date) -> None:
    from extract.english_tense import clause_tense

    (found,) = find_english_dates(
        phrase, 0, len(phrase), published=published, tense_at=lambda offset: clause_tense(phrase, offset)
    )
    assert (found.mention.start, found.mention.end) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "attracted 30,000 visitors",
        "the 137th session",
        "June 31",
        "February 30, 2025",
        "open from 9:00 to 17:00",
        "some 2,800 exhibitors",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_english_dates(text, 0, len(text), published=date(2025, 3, 1), tense_at=lambda _: (None, False)) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The 9th China (Shanghai) International Hydrogen Expo will be held from September 3 to 5, 2025.", "en"),
        ("The Canton Fair (广交会) will open on April 15 in Guangzhou, the organisers said on Monday.", "en"),
        ("第十届中国国际进口博览会（CIIE）将于11月5日至10日在国家会展中心（上海）举办。", "zh"),
        ("### 全国政协会议开幕\n[查看原文](https://tv.cctv.com/2023/03/04/VIDEV700s82qkYsCXlWiWvDB230304.shtml)", "zh"),
        ("2025 EXPO", "zh"),
    ],
)
def test_language_of(text: str, language: str) -> None:
    assert language_of(text) == language


def test_a_chinese_page_quoting_an_english_name_is_read_as_chinese(taxonomy: Taxonomy) -> None:
    text = "第十届中国国际进口博览会（CIIE）将于11月5日至10日在国家会展中心（上海）举办。"
    (event,) = extract_events(text, published=date(2027, 6, 1), taxonomy=taxonomy)
    assert event.name.startswith("第十届中国国际进口博览会")
    assert (event.start, event.end, event.city) == (date(2027, 11, 5), date(2027, 11, 10), "上海")


def test_english_keywords_match_whole_words_any_case_plurals_and_longest_first(taxonomy: Taxonomy) -> None:
    assert taxonomy.match_en("ROBOTS and Semiconductors") == ["robotics", "semiconductors"]
    assert taxonomy.match_en("new energy vehicles") == ["new-energy-vehicles"]
    assert taxonomy.match_en("a chipset and a cartoon") == []
    # Chinese matching never sees the English keywords, so a Chinese page quoting an English word reads as before.
    assert taxonomy.match("Robotics") == []


def test_keywords_en_must_be_a_list_of_strings() -> None:
    with pytest.raises(ValueError, match=r"industries\[0\]\.keywords_en: expected a list of strings"):
        Taxonomy.from_mapping([{"id": "ai", "zh": "人工智能", "en": "AI", "keywords_en": "robot"}])
