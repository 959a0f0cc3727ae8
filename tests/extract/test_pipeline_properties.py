"""Properties that hold for any input: no exception, evidence points into the input, values are in range, and
megabyte inputs finish (bounded work per character; no timing assertion)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from extract import extract_events

_FRAGMENTS = st.sampled_from(
    [
        "近日,",
        "将于6月27-30日",
        "12月30日至1月2日",
        "在广州琶洲会展中心举办",
        "在我市召开",
        "“2024‘大手拉小手’",
        "”",
        "对接活动(生物医药专场)",
        "博览会",
        "哈洽会",
        "展",
        "(以下简称“药博会”)",
        "新闻发布会",
        "共同富裕",
        "济南召开",
        "開平市",
        "網(wǎng)",
        "相关新闻\n",
        "。",
        "\n",
        "《",
        "(",
    ]
)
_TEXTS = st.one_of(st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, published=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))))
def test_any_text_gives_well_formed_events(text: str, published: date | None) -> None:
    for event in extract_events(text, published=published):
        assert event.name
        assert 0.0 <= event.confidence <= 1.0
        assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence
        assert event.status in ("upcoming", "ongoing", "held", "unknown")
        assert event.date_precision in ("day", "month", "vague")
        if event.start is not None and event.end is not None:
            assert event.start <= event.end
        if event.partial_date is not None:
            assert event.start is None


def _megabyte(unit: str) -> str:
    return unit * (1_000_000 // len(unit))


def test_megabyte_of_event_words_finishes() -> None:
    assert len(extract_events(_megabyte("大会"), published=date(2024, 1, 1))) <= 300


def test_megabyte_of_places_and_exhibitions_finishes() -> None:
    events = extract_events(_megabyte("在广州开平江门举办创新展,"), published=None)
    # One repeated sentence is one event at most, however long the text: nothing multiplies with the input.
    assert len({event.name for event in events}) <= 1
    assert all(event.name.endswith("创新展") for event in events)


def test_megabyte_article_finishes() -> None:
    paragraphs = [
        f"{i % 12 + 1}月{i % 28 + 1}日,第{i}届生物医药产业对接会在济南召开,淄博、泰安等{i % 7 + 2}市企业参加。"
        for i in range(20_000)
    ]
    events = extract_events("\n".join(paragraphs), published=date(2024, 1, 1))
    assert events
