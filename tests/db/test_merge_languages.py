"""An English and a Chinese report of one fair are one calendar entry, on SQLite and PostgreSQL.

The reports are read by the real extractor from texts in both languages, as a poll reads them, then merged: the
entry keeps its Chinese name, the English one is its alias, and a fair of another industry or another first day
stays apart.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.events import Event
from extract import ExtractedEvent, Taxonomy, extract_events
from tests.db.test_merge import calendar, store

REPO = Path(__file__).resolve().parents[2]
RELEASES = REPO / "tests" / "extract" / "english"
_TAXONOMY = Taxonomy.from_mapping(yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["industries"])

HYDROGEN_ZH = (
    "第九届中国（上海）国际氢能博览会将于2025年9月3日至5日在上海新国际博览中心举办，"
    "展会将集中展示氢燃料电池、电解槽等氢能产业链最新成果。"
)
CANTON_ZH = "新华社广州4月15日电 第137届中国进出口商品交易会15日在广州开幕，展期至5月5日。"


def read(text: str, published: dt.date) -> list[ExtractedEvent]:
    return extract_events(text, published=published, taxonomy=_TAXONOMY)


def release(name: str, published: dt.date) -> list[ExtractedEvent]:
    return read((RELEASES / f"{name}.txt").read_text(encoding="utf-8"), published)


def events(session: Session) -> list[Event]:
    return list(session.scalars(select(Event).order_by(Event.id)))


@pytest.mark.parametrize("english_first", [True, False], ids=["english-first", "chinese-first"])
def test_an_english_and_a_chinese_report_of_one_fair_are_one_event(session: Session, english_first: bool) -> None:
    english = release("hydrogen_expo", dt.date(2025, 3, 12))
    chinese = read(HYDROGEN_ZH, dt.date(2025, 3, 13))
    first, second = (english, chinese) if english_first else (chinese, english)
    store(session, first)
    outcome = store(session, second)
    assert outcome.new == []
    (event,) = events(session)
    # Named in Chinese, the users' language, whichever report came first; the English name is kept beside it.
    assert event.name == "第九届中国(上海)国际氢能博览会"
    assert event.aliases == ["9th China (Shanghai) International Hydrogen Expo"]
    assert (event.start_date, event.end_date, event.city, event.venue) == (
        dt.date(2025, 9, 3),
        dt.date(2025, 9, 5),
        "上海",
        "上海新国际博览中心",
    )
    assert calendar(session) == [("第九届中国(上海)国际氢能博览会", dt.date(2025, 9, 3), 2)]
    # A third report in Chinese finds it under its Chinese name, an English one again by dates and city.
    assert store(session, read(HYDROGEN_ZH, dt.date(2025, 9, 3))).new == []
    assert store(session, release("hydrogen_expo", dt.date(2025, 3, 12))).new == []
    assert events(session)[0].aliases == ["9th China (Shanghai) International Hydrogen Expo"]


def test_both_reports_in_one_poll_are_one_event(session: Session) -> None:
    store(session, release("hydrogen_expo", dt.date(2025, 3, 12)), read(HYDROGEN_ZH, dt.date(2025, 3, 13)))
    (event,) = events(session)
    assert (event.name, event.aliases) == (
        "第九届中国(上海)国际氢能博览会",
        ["9th China (Shanghai) International Hydrogen Expo"],
    )


def test_a_known_fair_is_one_series_in_both_languages(session: Session) -> None:
    store(session, read(CANTON_ZH, dt.date(2025, 4, 15)))
    english = [e for e in release("canton_fair_opening", dt.date(2025, 4, 15)) if e.name.startswith("137th")]
    assert store(session, english).new == []
    (event,) = events(session)
    assert event.name == "第137届中国进出口商品交易会"
    assert event.aliases == ["137th China Import and Export Fair"]


def test_another_fair_of_the_same_city_and_days_is_another_event(session: Session) -> None:
    store(session, read(HYDROGEN_ZH, dt.date(2025, 3, 13)))
    beauty = read(
        "The 28th China Beauty Expo will be held from September 3 to 5, 2025 at the Shanghai New International Expo"
        " Centre.",
        dt.date(2025, 3, 12),
    )
    a_day_later = read(
        "The 2025 Shanghai Hydrogen Energy Summit will be held from September 4 to 5, 2025 in Shanghai.",
        dt.date(2025, 3, 12),
    )
    assert len(store(session, beauty, a_day_later).new) == 2
    assert [event.aliases for event in events(session)] == [[], [], []]
