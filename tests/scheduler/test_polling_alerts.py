"""Polling sources served by a real local HTTP server: each new event is owed, once, to the subscribers it matches."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.pipeline import alert_subscribers
from db.alert_schedule import AlertSchedule
from db.models.events import Event
from db.models.subscribers import Delivery, Subscriber, Subscription
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import EXPO_TEXT, AddSource, PollerFactory, rss_feed


async def test_a_new_event_is_owed_once_to_each_matching_subscriber(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    with Session(engine) as session, session.begin():
        fan, other, outsider = Subscriber(chat_id=101), Subscriber(chat_id=102), Subscriber(chat_id=103)
        session.add_all([fan, other, outsider])
        session.flush()
        session.add_all(
            [
                Subscription(subscriber_id=fan.id, industry="biomedicine", region="上海"),
                Subscription(subscriber_id=fan.id, industry="biomedicine", region="*"),  # two matches, one message
                Subscription(subscriber_id=other.id, industry="*", region="上海"),
                Subscription(subscriber_id=outsider.id, industry="semiconductors", region="广东"),
            ]
        )
    path = "/news.xml"
    source = add_source(
        "news", server.route(path, Route(body=rss_feed(("expo-1", "Mon, 02 Nov 2026 02:00:00 GMT", EXPO_TEXT))))
    )
    poller = make_poller(event_sink=alert_subscribers(AlertSchedule()))
    await poller.poll(source)
    await poller.poll(source, force=True)
    with Session(engine) as session:
        owed = session.execute(
            select(Subscriber.chat_id, Delivery.kind).join(Delivery, Delivery.subscriber_id == Subscriber.id)
        ).all()
    assert sorted(owed) == [(101, "new"), (102, "new")]


async def test_every_event_of_one_poll_is_owed_to_its_own_subscribers(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    with Session(engine) as session, session.begin():
        chats = {chat_id: Subscriber(chat_id=chat_id) for chat_id in (201, 202, 203, 204)}
        chats[204].delivery_mode, chats[204].reminder_time = "digest", "18:00"
        session.add_all(chats.values())
        session.flush()
        session.add_all(
            [
                Subscription(subscriber_id=chats[201].id, industry="biomedicine", region="*"),
                Subscription(subscriber_id=chats[202].id, industry="*", region="上海"),
                Subscription(subscriber_id=chats[203].id, industry="semiconductors", region="广东"),
                Subscription(subscriber_id=chats[204].id, industry="biomedicine", region="广州"),
            ]
        )
    news = [
        ("bio-sh", EXPO_TEXT),  # biomedicine in 上海
        ("chips-sz", "2027深圳国际半导体产业博览会将于2027年3月10日至12日在深圳国际会展中心举办，集成电路企业参展。"),
        ("bio-gz", "2027广州生物医药产业对接会将于2027年4月8日在广州琶洲举办，邀请医药企业参加。"),
    ]
    path = "/news.xml"
    feed = rss_feed(*((guid, "Mon, 02 Nov 2026 02:00:00 GMT", text) for guid, text in news))
    source = add_source("news", server.route(path, Route(body=feed)))
    poller = make_poller(event_sink=alert_subscribers(AlertSchedule()))
    outcome = await poller.poll(source)
    assert outcome.events_new == 3
    with Session(engine) as session:
        owed = session.execute(
            select(Subscriber.chat_id, Event.city, Delivery.kind, Delivery.due_at)
            .join(Delivery, Delivery.subscriber_id == Subscriber.id)
            .join(Event, Event.id == Delivery.event_id)
        ).all()
    assert sorted((chat_id, city, kind) for chat_id, city, kind, _ in owed) == [
        (201, "上海", "new"),
        (201, "广州", "new"),
        (202, "上海", "new"),
        (203, "深圳", "new"),
        (204, "广州", "digest"),
    ]
    digest_at = next(due for chat_id, _, _, due in owed if chat_id == 204)
    assert digest_at.astimezone(dt.timezone(dt.timedelta(hours=8))).time() == dt.time(18, 0)
