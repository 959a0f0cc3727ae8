"""Fairs held in phases (第一期, 第二期 …): a phase's days are the phase's, never the fair's own (issue #11).

A planner sees the fair once, with its own dates, and its phases listed under it; a report about the second phase
must not make the fair start on the second phase's opening. Texts are written by us in the style of 新闻联播
stories and organisers' announcements.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract import ExtractedEvent, Taxonomy, extract_events
from extract.model import Phase


def _one(text: str, taxonomy: Taxonomy, published: date) -> ExtractedEvent:
    (event,) = extract_events(text, published=published, taxonomy=taxonomy)
    return event


def test_an_announcement_lists_the_phases_under_the_fairs_own_dates(taxonomy: Taxonomy) -> None:
    event = _one(
        "第141届中国进出口商品交易会（广交会）将于4月15日至5月5日在广州分三期举办，第一期4月15日至19日，"
        "第二期4月23日至27日，第三期5月1日至5日。",
        taxonomy,
        date(2027, 3, 17),
    )
    assert (event.start, event.end) == (date(2027, 4, 15), date(2027, 5, 5))
    assert (event.start_basis, event.end_basis) == ("range", "range")
    assert not event.dated_by_phases
    assert event.city == "广州"
    assert event.venue is None  # 分三期 is how it is held, not a place
    assert event.phases == (
        Phase("第一期", date(2027, 4, 15), date(2027, 4, 19)),
        Phase("第二期", date(2027, 4, 23), date(2027, 4, 27)),
        Phase("第三期", date(2027, 5, 1), date(2027, 5, 5)),
    )


def test_phases_read_after_the_first_one_began_stay_in_the_fairs_year(taxonomy: Taxonomy) -> None:
    # Read on April 20th, "第一期4月15日至19日" alone would look like next April; it is inside its fair's dates.
    event = _one(
        "第141届广交会于4月15日至5月5日在广州举办，第一期4月15日至19日，第二期4月23日至27日。",
        taxonomy,
        date(2027, 4, 20),
    )
    assert event.phases[0] == Phase("第一期", date(2027, 4, 15), date(2027, 4, 19))


def test_a_report_of_the_second_phase_opening_is_not_the_fair_opening(taxonomy: Taxonomy) -> None:
    event = _one("第141届广交会第二期今天（4月23日）开展，展览面积51.5万平方米。", taxonomy, date(2027, 4, 23))
    assert event.name == "第141届广交会"
    assert event.phases == (Phase("第二期", date(2027, 4, 23), None),)
    # The fair runs at least from then; nothing stronger than the phase says so, and the fair's end is unknown.
    assert event.dated_by_phases
    assert (event.start, event.start_basis, event.end_basis) == (date(2027, 4, 23), "implied", "none")


@pytest.mark.parametrize(
    ("text", "published", "phases"),
    [
        pytest.param(
            "第141届广交会第三期将于5月1日—5月5日举行，共有超过1.1万家企业线下参展。",
            date(2027, 4, 27),
            (Phase("第三期", date(2027, 5, 1), date(2027, 5, 5)),),
            id="phase-range-ahead",
        ),
        pytest.param(
            "在昨天（4月19日）结束的第141届广交会第一期展会上，参展企业将近3600家。",
            date(2027, 4, 20),
            (Phase("第一期", None, date(2027, 4, 19)),),
            id="the-phases-show",
        ),
        pytest.param(
            "第141届广交会三期今天开幕，本期展览面积48万平方米。",
            date(2027, 5, 1),
            (Phase("第三期", date(2027, 5, 1), None),),
            id="phase-without-di",
        ),
        pytest.param(
            "第141届广交会第二期今天结束。第141届广交会第三期将于5月1日—5月5日举行。",
            date(2027, 4, 27),
            (Phase("第二期", None, date(2027, 4, 27)), Phase("第三期", date(2027, 5, 1), date(2027, 5, 5))),
            id="one-closes-the-next-is-announced",
        ),
    ],
)
def test_a_phase_report_gives_the_phase_its_days_and_the_fair_only_their_span(
    text: str, published: date, phases: tuple[Phase, ...], taxonomy: Taxonomy
) -> None:
    event = _one(text, taxonomy, published)
    assert event.phases == phases
    assert event.dated_by_phases
    days = [day for phase in phases for day in (phase.start, phase.end) if day]
    assert event.start == min(days)
    assert event.start_basis == "implied"  # weaker than the fair's own stated dates, which replace it


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2027中国国际储能产业博览会今天在深圳开幕，同期举办储能安全论坛，为期3天。", id="tongqi-weiqi"),
        pytest.param("2027世界新能源汽车大会将于9月10日至12日在海南举办，一期工程已经完工。", id="yiqi-gongcheng"),
    ],
)
def test_words_that_end_in_qi_are_not_phases(text: str, taxonomy: Taxonomy) -> None:
    (event, *_) = extract_events(text, published=date(2027, 9, 1), taxonomy=taxonomy)
    assert event.phases == ()
    assert not event.dated_by_phases
