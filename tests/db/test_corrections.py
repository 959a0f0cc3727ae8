"""Corrections by people stick (issue #16), on SQLite and PostgreSQL.

Reports are read by the real extractor and merged as a poll would (`publish`, from the coverage tests); a subscriber
to 广东 is told through the real outbox statements. What a user would notice: whether a hidden non-event comes back,
whether a later news report undoes an admin's dates, who is told of a correction and how often, what the page, the
feeds and /upcoming list, and that a held event waits for approval.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.config import load_config
from db import corrections
from db.alert_schedule import CHANGED, NEW
from db.alerts import enqueue_alerts
from db.calendar import event_by_public_id, feed_events, page_events
from db.events import upcoming_events
from db.matching import EVERYTHING
from db.models.corrections import Correction, EventReport
from db.models.events import Event, EventArticle
from db.models.subscribers import ANY, Delivery, Subscriber, Subscription
from db.reports import NEWS, ReportLimits, report, reports_to_tell
from extract.taxonomy import Taxonomy
from tests.db.test_merge_coverage import publish

_REASONS = "not_event, wrong_dates, wrong_place, duplicate, cancelled, postponed"
_ANNOUNCED = dt.date(2027, 3, 1)
_NOW = dt.datetime(2027, 3, 2, 4, 0, tzinfo=dt.UTC)
_FAIR = "第九届中国（广州）国际生物医药产业博览会将于2027年5月10日至12日在广州中国进出口商品交易会展馆举办。"
_NOT_EVENT = "2027粤港澳大湾区企业家峰会将于2027年4月8日至9日在深圳会展中心举办，聚焦人工智能与先进制造。"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_config(Path(__file__).resolve().parents[2] / "config.yaml", environ={}).taxonomy()


def _event(session: Session, fragment: str) -> Event:
    return session.scalars(select(Event).where(Event.name.contains(fragment)).order_by(Event.id)).one()


def _reports_of(session: Session, event: Event) -> int:
    return len(session.scalars(select(EventArticle.article_id).where(EventArticle.event_id == event.id)).all())


def _subscriber(session: Session, chat_id: int = 1001) -> Subscriber:
    subscriber = Subscriber(chat_id=chat_id, chat_type="private")
    session.add(subscriber)
    session.flush()
    session.add(Subscription(subscriber_id=subscriber.id, industry=ANY, region="广东"))
    session.flush()
    return subscriber


def _told(session: Session, event: Event, subscriber: Subscriber) -> None:
    """The subscriber was alerted about the event (the alert went out)."""
    enqueue_alerts(session, [(event, NEW)], now=_NOW)
    session.execute(update(Delivery).where(Delivery.subscriber_id == subscriber.id).values(status="sent", sent_at=_NOW))
    session.commit()


def _owed(session: Session, event: Event) -> list[tuple[str, str]]:
    rows = session.execute(
        select(Delivery.kind, Delivery.status).where(Delivery.event_id == event.id).order_by(Delivery.id)
    )
    return [(kind, status) for kind, status in rows]


def _listed(session: Session, today: dt.date = _ANNOUNCED) -> dict[str, list[str]]:
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    last = today + dt.timedelta(days=400)
    page = page_events(session, today=today, last=last, cancelled_since=since, where=EVERYTHING, limit=100)
    feed = feed_events(session, first=today, last=last, cancelled_since=since, where=EVERYTHING)
    return {
        "page": [e.name for e in page],
        "feed": [e.name for e in feed],
        "upcoming": [e.name for e in upcoming_events(session, today=today)],
    }


def test_a_hidden_non_event_leaves_every_listing_and_stays_hidden_when_read_again(
    session: Session, taxonomy: Taxonomy
) -> None:
    publish(session, taxonomy, _ANNOUNCED, _NOT_EVENT)
    summit = _event(session, "企业家峰会")
    subscriber = _subscriber(session)
    enqueue_alerts(session, [(summit, NEW)], now=_NOW)
    session.commit()
    assert _owed(session, summit) == [(NEW, "queued")]

    corrections.hide(session, summit.id, actor="tg:42", now=_NOW)
    session.commit()
    assert _owed(session, summit) == [(NEW, "cancelled")]  # the alert not yet sent never goes out
    assert all("企业家峰会" not in name for names in _listed(session).values() for name in names)
    assert event_by_public_id(session, summit.public_id) is None

    # The same edition reported again, and next year's edition: neither comes back, and nobody is owed anything.
    publish(session, taxonomy, dt.date(2027, 3, 20), _NOT_EVENT)
    publish(session, taxonomy, dt.date(2028, 2, 1), _NOT_EVENT.replace("2027", "2028"))
    session.commit()
    assert all("企业家峰会" not in name for names in _listed(session, dt.date(2028, 2, 1)).values() for name in names)
    assert session.scalars(select(Delivery).where(Delivery.status == "queued")).all() == []
    assert subscriber.active


def test_an_admins_dates_are_told_once_and_no_later_report_moves_them(session: Session, taxonomy: Taxonomy) -> None:
    publish(session, taxonomy, _ANNOUNCED, _FAIR)
    fair = _event(session, "生物医药产业博览会")
    subscriber = _subscriber(session)
    _told(session, fair, subscriber)

    corrected = corrections.set_dates(
        session, fair.id, start=dt.date(2027, 5, 11), end=dt.date(2027, 5, 13), actor="tg:42", now=_NOW
    )
    enqueue_alerts(session, [(event, CHANGED) for event in corrected.notify], now=_NOW)
    session.commit()
    assert (fair.start_date, fair.end_date) == (dt.date(2027, 5, 11), dt.date(2027, 5, 13))
    assert _owed(session, fair) == [(NEW, "sent"), (CHANGED, "queued")]

    # The announcement again, then the opening report: both disagree with the admin, and change nothing.
    publish(session, taxonomy, dt.date(2027, 4, 20), _FAIR)
    publish(
        session,
        taxonomy,
        dt.date(2027, 5, 10),
        "今天（5月10日），第九届中国（广州）国际生物医药产业博览会在广州开幕。",
    )
    session.refresh(fair)
    assert (fair.start_date, fair.end_date) == (dt.date(2027, 5, 11), dt.date(2027, 5, 13))
    assert fair.version == 2  # the announcement and the admin's fix; the news made no third version


def test_a_later_postponement_goes_to_the_admins_instead_of_moving_fixed_dates(
    session: Session, taxonomy: Taxonomy
) -> None:
    publish(session, taxonomy, _ANNOUNCED, _FAIR)
    fair = _event(session, "生物医药产业博览会")
    corrections.set_dates(
        session, fair.id, start=dt.date(2027, 5, 10), end=dt.date(2027, 5, 12), actor="tg:42", now=_NOW
    )
    session.commit()

    postponed = "原定5月10日至12日举办的第九届中国（广州）国际生物医药产业博览会延期至2027年9月6日至8日举办。"
    publish(session, taxonomy, dt.date(2027, 4, 28), postponed)
    publish(session, taxonomy, dt.date(2027, 4, 29), postponed)
    session.refresh(fair)
    assert (fair.start_date, fair.end_date) == (dt.date(2027, 5, 10), dt.date(2027, 5, 12))
    reports = session.scalars(select(EventReport).where(EventReport.event_id == fair.id)).all()
    assert [(r.reporter, r.reason, r.status) for r in reports] == [(NEWS, "postponed", "open")]  # told once
    assert "延期" in (reports[0].comment or "")


def test_a_duplicate_merged_by_an_admin_sends_its_later_reports_to_the_event_it_joined(
    session: Session, taxonomy: Taxonomy
) -> None:
    publish(session, taxonomy, _ANNOUNCED, _FAIR)
    duplicate_text = "2027广州生物医药创新展将于5月10日至12日在广州举办，展示创新药与医疗器械成果。"
    publish(session, taxonomy, dt.date(2027, 3, 2), duplicate_text)
    fair, duplicate = _event(session, "产业博览会"), _event(session, "创新展")

    corrections.merge_events(session, duplicate.id, fair.id, actor="tg:42", now=_NOW)
    session.commit()
    assert [name for name in _listed(session)["page"] if "生物医药" in name] == [fair.name]
    moved_page = event_by_public_id(session, duplicate.public_id)
    assert moved_page is not None
    assert moved_page.name == fair.name  # old links lead to the event it joined
    assert _reports_of(session, fair) == 2  # and its report is now the fair's

    publish(session, taxonomy, dt.date(2027, 3, 25), duplicate_text)
    session.refresh(fair)
    assert _reports_of(session, fair) == 3
    assert [name for name in _listed(session)["page"] if "生物医药" in name] == [fair.name]


def test_a_cancellation_by_an_admin_is_told_and_a_later_report_does_not_revive_the_event(
    session: Session, taxonomy: Taxonomy
) -> None:
    publish(session, taxonomy, _ANNOUNCED, _FAIR)
    fair = _event(session, "生物医药产业博览会")
    subscriber = _subscriber(session)
    _told(session, fair, subscriber)

    corrected = corrections.cancel(session, fair.id, actor="tg:42", now=_NOW)
    enqueue_alerts(session, [(event, CHANGED) for event in corrected.notify], now=_NOW)
    session.commit()
    publish(session, taxonomy, dt.date(2027, 4, 20), _FAIR)
    session.refresh(fair)
    assert fair.status == "cancelled"
    assert _owed(session, fair) == [(NEW, "sent"), (CHANGED, "queued")]
    actions = session.scalars(select(Correction.action).where(Correction.event_id == fair.id)).all()
    assert actions == ["cancel"]


def test_readers_reports_are_grouped_for_the_admins_once_and_a_flood_is_refused(
    session: Session, taxonomy: Taxonomy
) -> None:
    publish(session, taxonomy, _ANNOUNCED, _FAIR)
    publish(session, taxonomy, _ANNOUNCED, _NOT_EVENT)
    fair, summit = _event(session, "生物医药产业博览会"), _event(session, "企业家峰会")

    for chat in ("tg:1", "tg:2", "tg:3"):
        assert report(session, event_id=summit.id, reason="not_event", reporter=chat, now=_NOW).accepted
    again = report(session, event_id=summit.id, reason="not_event", reporter="tg:1", now=_NOW)
    assert again.accepted  # the same reader saying it again adds nothing
    report(session, event_id=fair.id, reason="wrong_dates", reporter="tg:2", now=_NOW, comment="  应为\n5月11日 ")

    groups = reports_to_tell(session, now=_NOW)
    assert sorted((g.event_name, g.reasons) for g in groups) == sorted(
        [(summit.name, {"not_event": 3}), (fair.name, {"wrong_dates": 1})]
    )
    assert next(g for g in groups if g.event_id == fair.id).comments == ("应为 5月11日",)
    assert reports_to_tell(session, now=_NOW) == []  # told once

    limits = ReportLimits(per_hour=2, per_day=3)
    reasons = ["wrong_place", "duplicate", "postponed"]
    results = [report(session, event_id=fair.id, reason=r, reporter="web:x", now=_NOW, limits=limits) for r in reasons]
    assert [r.accepted for r in results] == [True, True, False]
    assert results[2].refused == "too many reports: please try again later"
    refused = report(session, event_id=fair.id, reason="boring", reporter="tg:9", now=_NOW)
    assert (refused.accepted, refused.refused) == (False, f"unknown reason 'boring' (expected one of: {_REASONS})")


@pytest.mark.parametrize("approve", [True, False], ids=["approved", "still-held"])
def test_a_held_event_waits_for_approval_before_alerts_and_feeds(
    session: Session, taxonomy: Taxonomy, approve: bool
) -> None:
    publish(session, taxonomy, _ANNOUNCED, _FAIR)
    fair = _event(session, "生物医药产业博览会")
    _subscriber(session)
    ready = corrections.hold_doubtful([fair], corrections.ReviewPolicy(hold_kinds=("exhibition",)))
    enqueue_alerts(session, [(event, NEW) for event in ready], now=_NOW)
    session.commit()
    assert (ready, fair.review) == ([], "held")
    assert _owed(session, fair) == []
    listed = _listed(session)
    assert (fair.name in listed["page"], fair.name in listed["feed"], fair.name in listed["upcoming"]) == (
        True,
        False,
        False,
    )
    page = page_events(
        session,
        today=_ANNOUNCED,
        last=dt.date(2028, 1, 1),
        cancelled_since=_NOW,
        where=EVERYTHING,
        limit=10,
    )
    assert [e.unconfirmed for e in page if e.id == fair.id] == [True]

    if approve:
        corrected = corrections.approve(session, fair.id, actor="tg:42", now=_NOW)
        enqueue_alerts(session, [(event, NEW) for event in corrected.notify], now=_NOW)
        session.commit()
        assert _owed(session, fair) == [(NEW, "queued")]
        assert fair.name in _listed(session)["feed"]
    else:
        assert _owed(session, fair) == []
