"""A fair's coverage over weeks, merged into one calendar entry, on SQLite and PostgreSQL (issue #11).

A fair is announced with its full dates, reported every day it runs, closed, reviewed; sometimes postponed or
cancelled. Each report here is written by us in the style of 新闻联播 stories and 7x24 flashes, read by the real
extractor with its publication date, and merged as a poll would. A user would notice: how many entries the fair
became, what dates it shows, and how many change notices (event versions) the coverage caused.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.merge import EventMerger
from db.models.events import Event, EventChange
from db.models.sources import Article, Source
from extract import extract_events
from extract.taxonomy import Taxonomy

_serial = itertools.count()
_REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    data = yaml.safe_load((_REPO / "config.yaml").read_text(encoding="utf-8"))
    return Taxonomy.from_mapping(data["industries"])


def publish(session: Session, taxonomy: Taxonomy, day: dt.date, text: str) -> None:
    """One article of `day`, extracted and merged as a poll of that day does."""
    source = session.scalars(select(Source)).first()
    if source is None:
        source = Source(key="cctv", name="新闻联播", kind="rss", url="http://127.0.0.1/xwlb.xml")
        session.add(source)
        session.flush()
    now = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    events = extract_events(text, published=day, taxonomy=taxonomy)
    assert events, text  # the fixture must say something the extractor reads
    merger = EventMerger(session, [events], now=now)
    number = next(_serial)
    article = Article(
        source_id=source.id,
        guid=f"c{number}",
        text=text,
        content_hash=f"c{number}",
        fetched_at=now,
        published_at=now,
    )
    session.add(article)
    merger.merge(article, events, article_is_new=True)
    merger.finish()
    session.commit()


def entries(session: Session) -> list[tuple[str, dt.date | None, dt.date | None, str, int]]:
    """Each calendar entry: name, dates, status and how many change notices it caused (its version - 1)."""
    rows = session.execute(
        select(Event.name, Event.start_date, Event.end_date, Event.status, Event.version).order_by(Event.id)
    )
    return [(name, start, end, status, version - 1) for name, start, end, status, version in rows]


_CANTON_FAIR = [
    (
        dt.date(2027, 3, 17),
        "第141届广交会将于4月15日至5月5日分三期在广州举办，展览总面积155万平方米，预计参展企业超3万家。",
    ),
    (dt.date(2027, 4, 15), "今天（4月15日），第141届中国进出口商品交易会在广州开幕。"),
    (dt.date(2027, 4, 16), "第141届广交会今天进入第二天，现场采购商人流如织。"),
    (dt.date(2027, 4, 23), "第141届广交会第二期今天（4月23日）开幕，展期5天。"),
    (dt.date(2027, 5, 5), "为期21天的第141届广交会今天（5月5日）闭幕，境外采购商到会超过20万人。"),
    (dt.date(2027, 6, 2), "第141届广交会意向出口成交额达250亿美元，广交会在促进贸易畅通中成效显著。"),
]


def test_a_fairs_whole_coverage_is_one_entry_with_its_announced_dates_and_no_change_notices(
    session: Session, taxonomy: Taxonomy
) -> None:
    for day, text in _CANTON_FAIR:
        publish(session, taxonomy, day, text)
    assert entries(session) == [("第141届广交会", dt.date(2027, 4, 15), dt.date(2027, 5, 5), "held", 0)]


def test_a_closing_report_fills_the_end_of_a_fair_known_only_by_its_opening_once(
    session: Session, taxonomy: Taxonomy
) -> None:
    publish(session, taxonomy, dt.date(2027, 6, 10), "今天（6月10日），2027中国国际储能产业博览会在深圳开幕。")
    publish(session, taxonomy, dt.date(2027, 6, 11), "2027中国国际储能产业博览会今天进入第二天，观众超过5万人次。")
    publish(session, taxonomy, dt.date(2027, 6, 12), "2027中国国际储能产业博览会今天（6月12日）在深圳闭幕。")
    publish(session, taxonomy, dt.date(2027, 6, 13), "2027中国国际储能产业博览会上签约项目总额超过百亿元。")
    (entry,) = entries(session)
    assert entry[1:3] == (dt.date(2027, 6, 10), dt.date(2027, 6, 12))
    assert entry[4] == 1  # the end, newly known, is one notice; the other reports confirm


def test_a_postponement_moves_the_dates_and_notifies(session: Session, taxonomy: Taxonomy) -> None:
    publish(
        session,
        taxonomy,
        dt.date(2027, 1, 20),
        "2027中国（广州）国际生物医药博览会将于3月10日至12日在广州举办。",
    )
    publish(
        session,
        taxonomy,
        dt.date(2027, 2, 25),
        "受场馆改造影响，2027中国（广州）国际生物医药博览会延期至5月20日至22日举办。",
    )
    (entry,) = entries(session)
    assert entry[1:3] == (dt.date(2027, 5, 20), dt.date(2027, 5, 22))
    assert entry[4] == 1
    changes = session.scalars(select(EventChange.changes)).all()
    assert changes[0]["start_date"] == ["2027-03-10", "2027-05-20"]
    assert "延期至5月20日至22日" in changes[0]["because"]  # the notice says why


def test_a_cancellation_is_one_notice(session: Session, taxonomy: Taxonomy) -> None:
    publish(session, taxonomy, dt.date(2027, 1, 20), "2027长三角新能源汽车产业博览会将于4月8日至10日在合肥举办。")
    publish(
        session, taxonomy, dt.date(2027, 3, 1), "主办方宣布取消2027长三角新能源汽车产业博览会，已缴展位费将全额退还。"
    )
    (entry,) = entries(session)
    assert (entry[3], entry[4]) == ("cancelled", 1)


def test_editions_of_a_series_stay_apart_and_an_edition_reported_months_later_stays_one(
    session: Session, taxonomy: Taxonomy
) -> None:
    publish(session, taxonomy, dt.date(2027, 3, 17), _CANTON_FAIR[0][1])
    publish(session, taxonomy, dt.date(2027, 9, 20), "第142届广交会将于10月15日至11月4日分三期在广州举办。")
    publish(session, taxonomy, dt.date(2027, 11, 20), "第141届广交会的成交数据显示，绿色低碳产品出口增长明显。")
    names = [(name, start) for name, start, *_ in entries(session)]
    assert names == [("第141届广交会", dt.date(2027, 4, 15)), ("第142届广交会", dt.date(2027, 10, 15))]
    assert session.scalar(select(func.count()).select_from(Event)) == 2


def test_a_summit_held_at_a_fair_is_its_own_entry_beside_the_fair(session: Session, taxonomy: Taxonomy) -> None:
    publish(
        session,
        taxonomy,
        dt.date(2027, 9, 1),
        "2027年中国国际服务贸易交易会全球服务贸易峰会将于9月2日在北京国家会议中心举行。"
        "2027年中国国际服务贸易交易会将于9月2日至6日在北京举办。",
    )
    assert [(name, start, end) for name, start, end, *_ in entries(session)] == [
        ("2027年中国国际服务贸易交易会全球服务贸易峰会", dt.date(2027, 9, 2), dt.date(2027, 9, 2)),
        ("2027年中国国际服务贸易交易会", dt.date(2027, 9, 2), dt.date(2027, 9, 6)),
    ]


def _phases(session: Session) -> list[tuple[str, str | None, str | None]]:
    (phases,) = session.scalars(select(Event.phases)).all()
    return [(phase["label"], phase["start"], phase["end"]) for phase in phases]


_CANTON_FAIR_IN_PHASES = [
    (
        dt.date(2027, 3, 17),
        "第141届中国进出口商品交易会（广交会）将于4月15日至5月5日在广州分三期举办，第一期4月15日至19日，"
        "第二期4月23日至27日，第三期5月1日至5日。",
    ),
    (dt.date(2027, 4, 15), "第141届广交会第一期今天（4月15日）开幕，展览面积51.5万平方米。"),
    (dt.date(2027, 4, 19), "第141届广交会第一期今天结束，境外采购商到会超过10万人。"),
    (dt.date(2027, 4, 23), "第141届广交会第二期今天开展，集中展示家庭用品、礼品及装饰品。"),
    (dt.date(2027, 4, 27), "第141届广交会第二期今天结束。第141届广交会第三期将于5月1日—5月5日举行。"),
    (dt.date(2027, 5, 1), "第141届广交会三期今天开幕，本期展览面积48万平方米。"),
]


def test_phase_reports_stay_attached_to_their_fair_as_its_phases_without_notices(
    session: Session, taxonomy: Taxonomy
) -> None:
    for day, text in _CANTON_FAIR_IN_PHASES:
        publish(session, taxonomy, day, text)
    assert entries(session) == [
        ("第141届中国进出口商品交易会(广交会)", dt.date(2027, 4, 15), dt.date(2027, 5, 5), "ongoing", 0)
    ]
    assert _phases(session) == [
        ("第一期", "2027-04-15", "2027-04-19"),
        ("第二期", "2027-04-23", "2027-04-27"),
        ("第三期", "2027-05-01", "2027-05-05"),
    ]


def test_a_fair_known_only_from_phase_reports_spans_them_and_its_own_dates_replace_the_span(
    session: Session, taxonomy: Taxonomy
) -> None:
    for day, text in _CANTON_FAIR_IN_PHASES[1:]:
        publish(session, taxonomy, day, text)
    # No announcement: the fair runs at least from the first phase's opening to the last phase's closing, and
    # widening to the next phase is no news.
    assert entries(session) == [("第141届广交会", dt.date(2027, 4, 15), dt.date(2027, 5, 5), "ongoing", 0)]
    assert [label for label, _, _ in _phases(session)] == ["第一期", "第二期", "第三期"]
    # A phase report is not the fair's own word: its stated dates win, and since they move a day, that is news.
    publish(session, taxonomy, dt.date(2027, 5, 2), "第141届广交会于4月15日至5月6日在广州举办，分三期进行。")
    assert entries(session)[0][1:3] == (dt.date(2027, 4, 15), dt.date(2027, 5, 6))
    assert entries(session)[0][4] == 1
