"""The outbox on SQLite and PostgreSQL: who is owed what, once, and how the dispatcher's claims resume."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.alert_schedule import AlertSchedule
from db.alerts import align_digests, enqueue_due_reminders, enqueue_event_alerts
from db.models.events import EventChange
from db.models.subscribers import Delivery, Subscriber
from db.outbox import claim_due, mark_retry, mark_sent, requeue_in_flight
from db.subscriptions import add_subscriptions, deactivate_subscriber, ensure_subscriber, migrate_subscriber
from tests.bot.conftest import make_event as _event

NOW = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai


def _subscriber(
    session: Session, chat_id: int, pairs: list[tuple[list[str], list[str]]], **values: object
) -> Subscriber:
    subscriber = ensure_subscriber(session, chat_id=chat_id)
    for key, value in values.items():
        setattr(subscriber, key, value)
    for industries, regions in pairs:
        add_subscriptions(session, subscriber, industries, regions)
    return subscriber


def _owed(session: Session) -> list[tuple[int, str, str]]:
    rows = session.execute(
        select(Subscriber.chat_id, Delivery.kind, Delivery.slot)
        .join(Subscriber)
        .order_by(Subscriber.chat_id, Delivery.kind)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_new_event_is_owed_once_to_each_matching_subscriber(session: Session) -> None:
    _subscriber(session, 1, [(["biomedicine"], ["广东"]), (["biomedicine"], ["广州"]), ([], ["海珠"])])  # 3 matches
    _subscriber(session, 2, [(["biomedicine"], [])])
    _subscriber(session, 3, [([], [])])
    _subscriber(session, 4, [(["biomedicine"], ["上海"])])  # wrong region
    _subscriber(session, 5, [(["semiconductors"], ["广东"])])  # wrong industry
    _subscriber(session, 6, [(["biomedicine"], ["广东"])], active=False)
    _subscriber(session, 7, [(["biomedicine"], ["广东"])], delivery_mode="digest")
    event = _event()
    session.add(event)
    assert enqueue_event_alerts(session, event, "new", now=NOW) == 4
    # A second source reporting it, or a retry, owes nothing more.
    assert enqueue_event_alerts(session, event, "new", now=NOW) == 0
    session.commit()
    assert _owed(session) == [(1, "new", ""), (2, "new", ""), (3, "new", ""), (7, "digest", "new")]
    digest = session.scalars(select(Delivery).where(Delivery.kind == "digest")).one()
    # Digest rows wait for 09:00 Shanghai the next day (it is 10:00 there now).
    assert digest.due_at == dt.datetime(2026, 6, 2, 1, 0, tzinfo=dt.UTC)


def test_a_past_or_cancelled_event_is_not_news(session: Session) -> None:
    _subscriber(session, 1, [([], [])])
    past = _event(start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 5, 3), merge_key="past")
    cancelled = _event(status="cancelled", merge_key="c")
    session.add_all([past, cancelled])
    assert enqueue_event_alerts(session, past, "new", now=NOW) == 0
    assert enqueue_event_alerts(session, cancelled, "new", now=NOW) == 0


def test_a_change_goes_to_those_told_and_new_matches_get_it_as_new(session: Session) -> None:
    told = _subscriber(session, 1, [(["biomedicine"], [])])
    queued = _subscriber(session, 2, [(["biomedicine"], [])])
    _subscriber(session, 3, [(["ai"], [])])
    event = _event()
    session.add(event)
    enqueue_event_alerts(session, event, "new", now=NOW)
    session.flush()
    sent = session.scalars(select(Delivery).where(Delivery.subscriber_id == told.id)).one()
    sent.status = "sent"
    event.version = 2
    event.venue = "深圳国际会展中心"
    event.industries = ["biomedicine", "ai"]
    session.add(
        EventChange(event_id=event.id, version=2, changes={"venue": ["中国进出口商品交易会展馆", "深圳国际会展中心"]})
    )
    assert enqueue_event_alerts(session, event, "changed", now=NOW) == 2
    assert enqueue_event_alerts(session, event, "changed", now=NOW) == 0
    session.commit()
    # 2's "new" has not gone yet: it will show the new venue, so no change notice.
    assert _owed(session) == [(1, "changed", ""), (1, "new", ""), (2, "new", ""), (3, "new", "")]
    assert queued.id


def test_reminders_follow_the_injected_clock(session: Session) -> None:
    _subscriber(session, 1, [(["biomedicine"], ["广东"])])
    _subscriber(session, 2, [(["biomedicine"], ["广东"])], reminder_days=[1])
    _subscriber(session, 3, [(["biomedicine"], ["广东"])], reminder_days=[])
    session.add(_event())  # starts 2026-06-20
    session.flush()
    schedule = AlertSchedule(dt.time(9, 0), "Asia/Shanghai")
    shanghai = schedule.zone
    before_nine = dt.datetime(2026, 6, 13, 8, 59, tzinfo=shanghai)
    assert enqueue_due_reminders(session, now=before_nine, schedule=schedule) == 0
    at_nine = dt.datetime(2026, 6, 13, 9, 0, tzinfo=shanghai)
    assert enqueue_due_reminders(session, now=at_nine, schedule=schedule) == 1
    assert enqueue_due_reminders(session, now=at_nine + dt.timedelta(hours=3), schedule=schedule) == 0
    day_before = dt.datetime(2026, 6, 19, 15, 0, tzinfo=shanghai)  # the service was down at 09:00
    assert enqueue_due_reminders(session, now=day_before, schedule=schedule) == 2
    session.commit()
    assert sorted(_owed(session)) == [(1, "reminder", "1d"), (1, "reminder", "7d"), (2, "reminder", "1d")]


def test_claims_resume_after_a_crash_and_digests_gather(session: Session) -> None:
    a = _subscriber(session, 1, [([], [])])
    b = _subscriber(session, 2, [([], [])], delivery_mode="digest")
    first, second = _event(merge_key="1"), _event(merge_key="2", name="第二届机器人大会")
    session.add_all([first, second])
    enqueue_event_alerts(session, first, now=NOW)
    enqueue_event_alerts(session, second, now=NOW)
    session.commit()
    later = NOW + dt.timedelta(days=1)
    claimed = claim_due(session, now=later, limit=10)
    session.commit()
    # One message per chat per claim; the digest chat's two rows form one message.
    assert sorted((c.recipient.chat_id, len(c.ids), len(c.events)) for c in claimed) == [(1, 1, 1), (2, 2, 2)]
    assert claim_due(session, now=later, limit=10, busy_subscribers=[a.id, b.id]) == []
    session.commit()
    # Crash: nothing was marked; all come back.
    assert requeue_in_flight(session) == 3
    session.commit()
    claimed = claim_due(session, now=later, limit=10)
    for item in claimed:
        mark_sent(session, item.ids, message_id=1, now=later)
    session.commit()
    claimed = claim_due(session, now=later, limit=10)
    assert [(c.recipient.chat_id, len(c.ids)) for c in claimed] == [(1, 1)]


def test_blocked_and_migrated_chats(session: Session) -> None:
    a = _subscriber(session, -100, [([], [])])
    b = _subscriber(session, 2, [([], [])])
    event = _event()
    session.add(event)
    enqueue_event_alerts(session, event, now=NOW)
    assert deactivate_subscriber(session, b.id, reason="Forbidden: bot was blocked by the user") == 1
    migrate_subscriber(session, a.id, -1001234)
    session.commit()
    assert session.get(Subscriber, a.id).chat_id == -1001234  # type: ignore[union-attr]
    assert [d.status for d in session.scalars(select(Delivery).order_by(Delivery.subscriber_id))] == [
        "queued",
        "cancelled",
    ]
    # Migrating onto a chat id that already has a row retires the old row instead.
    c = _subscriber(session, -200, [([], [])])
    migrate_subscriber(session, c.id, -1001234)
    session.commit()
    session.refresh(c)
    assert c.active is False


def test_a_digest_written_with_an_outdated_time_is_put_right(session: Session) -> None:
    schedule = AlertSchedule()
    evening = _subscriber(session, 1, [(["biomedicine"], [])], delivery_mode="digest")
    gone_instant = _subscriber(session, 2, [(["biomedicine"], [])], delivery_mode="digest")
    event = _event()
    session.add(event)
    enqueue_event_alerts(session, event, "new", now=NOW, schedule=schedule)  # both due at 09:00 tomorrow
    # The chats' /settings changes committed while that poll was writing, so they could not move its rows.
    evening.reminder_time, gone_instant.delivery_mode = "18:00", "instant"
    session.flush()
    assert align_digests(session, now=NOW, schedule=schedule) == 2
    due = {
        (chat_id, due_at.astimezone(schedule.zone).strftime("%d %H:%M"))
        for chat_id, due_at in session.execute(select(Subscriber.chat_id, Delivery.due_at).join(Subscriber))
    }
    assert due == {(1, "01 18:00"), (2, "01 10:00")}  # today at 18:00; now (10:00) for the chat gone instant
    assert align_digests(session, now=NOW, schedule=schedule) == 0

    # At 18:00 Telegram refuses the evening digest for a while: its retry is not put off until tomorrow.
    six = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)
    (claimed,) = [c for c in claim_due(session, now=six, limit=10) if c.recipient.chat_id == 1]
    retry_at = six + dt.timedelta(seconds=160)
    mark_retry(session, claimed.ids, due_at=retry_at, error="429: retry after 160")
    assert align_digests(session, now=six + dt.timedelta(minutes=1), schedule=schedule) == 0
    assert session.get_one(Delivery, claimed.ids[0]).due_at == retry_at
