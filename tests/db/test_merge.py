"""Merging reports into the calendar: which reports are one event, on SQLite and PostgreSQL.

Each test stores articles and their extracted events as a poll does (one EventMerger per batch) and checks what a
user would see in the calendar: how many events, and which reports each one carries.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.merge import EventMerger, MergeOutcome
from db.models.events import Event, EventArticle, EventChange
from db.models.sources import Article, Source
from extract.model import Evidence, ExtractedEvent

NOW = dt.datetime(2026, 11, 2, 4, 0, tzinfo=dt.UTC)
_serial = itertools.count()


def report(name: str, start: dt.date | None, city: str | None = "广州", **values: object) -> ExtractedEvent:
    facts: dict[str, object] = {
        "name": name,
        "start": start,
        "end": start,
        "partial_date": None,
        "date_precision": "day" if start else "vague",
        "venue": None,
        "city": city,
        "province": "广东" if city == "广州" else None,
        "district": None,
        "industries": ("biomedicine",),
        "status": "upcoming",
        "confidence": 0.9,
        "evidence": Evidence(name, 0, len(name)),
    }
    facts.update(values)
    return ExtractedEvent(**facts)  # type: ignore[arg-type]


def store(session: Session, *articles: Sequence[ExtractedEvent]) -> MergeOutcome:
    """One batch, as one poll writes it: an article per sequence of reports."""
    source = session.scalars(select(Source)).first()
    if source is None:
        source = Source(key="wire", name="wire", kind="rss", url="http://127.0.0.1/wire.xml")
        session.add(source)
        session.flush()
    merger = EventMerger(session, articles, now=NOW)
    for reports in articles:
        number = next(_serial)
        article = Article(
            source_id=source.id, guid=f"a{number}", text=f"text {number}", content_hash=f"h{number}", fetched_at=NOW
        )
        session.add(article)
        merger.merge(article, reports, article_is_new=True)
    outcome = merger.finish()
    session.commit()
    return outcome


def calendar(session: Session) -> list[tuple[str, dt.date | None, int]]:
    """Each event's name, start and number of reports."""
    rows = session.execute(
        select(Event.name, Event.start_date, func.count(EventArticle.article_id))
        .join(EventArticle, EventArticle.event_id == Event.id)
        .group_by(Event.id)
        .order_by(Event.id)
    )
    return [(name, start, reports) for name, start, reports in rows]


def test_the_same_name_reported_twice_is_one_event_in_one_batch_and_across_batches(session: Session) -> None:
    expo = report("2027中国（广州）国际生物医药博览会", dt.date(2027, 3, 10))
    assert len(store(session, [expo], [expo]).new) == 1
    outcome = store(session, [report("2027中国(广州)国际生物医药博览会", dt.date(2027, 3, 10))])
    assert outcome.new == []
    assert calendar(session) == [("2027中国（广州）国际生物医药博览会", dt.date(2027, 3, 10), 3)]


def test_a_slightly_different_name_days_apart_in_the_same_city_is_the_same_event(session: Session) -> None:
    store(session, [report("2027广州国际生物医药产业博览会", dt.date(2027, 3, 10))])
    store(
        session,
        [report("2027广州国际生物医药产业博览会暨论坛", dt.date(2027, 3, 12))],  # contains the name
        [report("2027广州国际生物医药产业展览会", dt.date(2027, 3, 9))],  # one character apart
    )
    assert [reports for _, _, reports in calendar(session)] == [3]


def test_similar_names_in_another_city_or_weeks_apart_are_other_events(session: Session) -> None:
    store(session, [report("2027国际生物医药产业博览会", dt.date(2027, 3, 10))])
    store(
        session,
        [report("2027国际生物医药产业博览会", dt.date(2027, 3, 10), city="成都")],  # same name: one event
        [report("2027国际生物医药产业展览会", dt.date(2027, 3, 10), city="成都")],  # similar, elsewhere
        [report("2027国际生物医药产业展销会", dt.date(2027, 4, 20))],  # similar, six weeks on
    )
    assert [(start, reports) for _, start, reports in calendar(session)] == [
        (dt.date(2027, 3, 10), 2),
        (dt.date(2027, 3, 10), 1),
        (dt.date(2027, 4, 20), 1),
    ]


def test_next_years_edition_of_an_annual_fair_is_a_new_event(session: Session) -> None:
    store(session, [report("中国国际医疗器械博览会", dt.date(2027, 4, 11))])
    outcome = store(session, [report("中国国际医疗器械博览会", dt.date(2028, 4, 9))])
    assert len(outcome.new) == 1
    assert [start for _, start, _ in calendar(session)] == [dt.date(2027, 4, 11), dt.date(2028, 4, 9)]


def test_events_created_earlier_in_a_batch_are_found_by_date_too_but_only_in_their_city(session: Session) -> None:
    outcome = store(
        session,
        [report("2027国际生物医药产业博览会", dt.date(2027, 3, 10))],
        [report("2027国际生物医药产业展览会", dt.date(2027, 3, 11))],
        [report("2027国际生物医药产业展览会", dt.date(2027, 3, 10), city="成都")],
    )
    assert len(outcome.new) == 2
    assert [reports for _, _, reports in calendar(session)] == [2, 1]


def test_a_report_finds_an_event_where_an_earlier_report_of_the_batch_moved_it(session: Session) -> None:
    store(session, [report("2027国际生物医药产业博览会", dt.date(2027, 3, 1), date_precision="month")])
    outcome = store(
        session,
        [report("2027国际生物医药产业博览会", dt.date(2027, 3, 20))],  # the day is known now: 20 March
        [report("2027国际生物医药产业展览会", dt.date(2027, 3, 21))],  # near the new date, not the old one
    )
    assert outcome.new == []
    assert calendar(session) == [("2027国际生物医药产业博览会", dt.date(2027, 3, 20), 3)]


def test_of_several_similar_events_nearby_the_first_known_one_gets_the_report(session: Session) -> None:
    store(session, [report("2027国际生物医药产业博览会", dt.date(2027, 3, 12))])
    store(session, [report("2027国际生物医药产业展览会", dt.date(2027, 3, 8))])
    store(session, [report("2027国际生物医药产业云览会", dt.date(2027, 3, 10))])  # like both, two days from each
    assert [reports for _, _, reports in calendar(session)] == [2, 1]


def test_an_article_naming_an_event_twice_links_it_once(session: Session) -> None:
    outcome = store(
        session,
        [
            report("2027国际生物医药产业博览会", dt.date(2027, 3, 10)),
            report("2027国际生物医药产业展览会", dt.date(2027, 3, 11)),  # the same expo, named another way
        ],
    )
    assert len(outcome.new) == 1
    assert [reports for _, _, reports in calendar(session)] == [1]


def test_outlets_in_one_poll_complete_a_new_event_without_a_change_to_announce(session: Session) -> None:
    outcome = store(
        session,
        [report("2027国际生物医药产业博览会", dt.date(2027, 3, 1), date_precision="month")],
        [report("2027国际生物医药产业博览会", dt.date(2027, 3, 10), venue="广州琶洲展馆")],
    )
    assert outcome.changed == []
    event = outcome.new[0]
    assert (event.start_date, event.date_precision, event.venue, event.version) == (
        dt.date(2027, 3, 10),
        "day",
        "广州琶洲展馆",
        1,
    )
    assert session.scalar(select(func.count()).select_from(EventChange)) == 0


def test_a_report_is_compared_with_the_batch_before_the_calendar(session: Session) -> None:
    store(session, [report("2027国际生物医药产业博览会", dt.date(2027, 3, 10), city="成都")])
    outcome = store(
        session,
        [report("2027国际生物医药产业展览会", dt.date(2027, 3, 10))],  # 广州: a new event
        [report("2027国际生物医药产业博览会", dt.date(2027, 3, 11))],  # 广州: the one just read, not 成都's
    )
    assert len(outcome.new) == 1
    assert [(start, reports) for _, start, reports in calendar(session)] == [
        (dt.date(2027, 3, 10), 1),
        (dt.date(2027, 3, 10), 2),
    ]


def test_a_generic_name_in_another_city_months_apart_is_another_event(session: Session) -> None:
    store(session, [report("生物医药产业对接会", dt.date(2027, 3, 10))])
    store(session, [report("生物医药产业对接会", dt.date(2027, 5, 6), city="成都")])
    assert [(start, reports) for _, start, reports in calendar(session)] == [
        (dt.date(2027, 3, 10), 1),
        (dt.date(2027, 5, 6), 1),
    ]


def test_near_dates_are_looked_up_whatever_city_and_however_many_reports_a_batch_holds(session: Session) -> None:
    store(session, [report("2027国际生物医药产业博览会", dt.date(2027, 3, 10), city=None)])
    store(session, [report("2027国际新型材料产业博览会", dt.date(2027, 6, 10), city="成都")])
    # Five hundred other fairs, each in its own city, a week and a day apart: a thousand ranges of days to look up.
    others = [
        [
            report(
                f"示范{chr(0x4E00 + n)}{chr(0x5E00 + n)}产业对接会",
                dt.date(2030, 1, 1) + dt.timedelta(days=8 * n),
                city=f"城{n}",
            )
        ]
        for n in range(500)
    ]
    outcome = store(
        session,
        *others,
        # Similar names two days on: an event of no city is found from a report placed in 广州, an event in 成都
        # from a report placed nowhere.
        [report("2027国际生物医药产业展览会", dt.date(2027, 3, 12))],
        [report("2027国际新型材料产业展览会", dt.date(2027, 6, 12), city=None)],
    )
    assert len(outcome.new) == 500
    assert calendar(session)[:2] == [
        ("2027国际生物医药产业博览会", dt.date(2027, 3, 10), 2),
        ("2027国际新型材料产业博览会", dt.date(2027, 6, 10), 2),
    ]
