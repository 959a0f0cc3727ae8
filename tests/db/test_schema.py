"""The schema as users of the data rely on it, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.engine import create_db_engine
from db.migrate import current_revision, downgrade, head_revision, upgrade
from db.models.base import Base
from db.models.events import Event, EventArticle
from db.models.sources import Article, Source
from db.models.subscribers import Delivery, Subscriber, Subscription


def _source(key: str = "demo") -> Source:
    return Source(key=key, name=key, kind="rss", url=f"http://127.0.0.1/{key}.xml")


def _event(name: str = "2024中国国际医药博览会") -> Event:
    return Event(name=name, merge_key=name, start_date=dt.date(2024, 6, 27), end_date=dt.date(2024, 6, 30))


def test_migrations_create_exactly_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_go_down_and_up_again(engine: Engine) -> None:
    downgrade(engine, "base")
    with engine.connect() as connection:
        tables = connection.dialect.get_table_names(connection)
    assert "events" not in tables
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_delivery_is_owed_once_per_subscriber_event_kind_and_version(session: Session) -> None:
    subscriber = Subscriber(chat_id=1001)
    event = _event()
    session.add_all([subscriber, event])
    session.flush()
    session.add(Delivery(subscriber_id=subscriber.id, event_id=event.id, kind="new", event_version=1))
    session.commit()

    session.add(Delivery(subscriber_id=subscriber.id, event_id=event.id, kind="new", event_version=1))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()

    # A new version, or a reminder in another slot, is a different message.
    session.add_all(
        [
            Delivery(subscriber_id=subscriber.id, event_id=event.id, kind="changed", event_version=2),
            Delivery(subscriber_id=subscriber.id, event_id=event.id, kind="reminder", event_version=1, slot="7d"),
            Delivery(subscriber_id=subscriber.id, event_id=event.id, kind="reminder", event_version=1, slot="1d"),
        ]
    )
    session.commit()
    assert len(session.scalars(select(Delivery)).all()) == 4


def test_article_is_stored_once_per_source_and_guid(session: Session) -> None:
    first, second = _source("a"), _source("b")
    session.add_all([first, second])
    session.flush()
    session.add_all(
        [
            Article(source_id=first.id, guid="item-1", text="正文", content_hash="0" * 64),
            # The same guid from another source is another article.
            Article(source_id=second.id, guid="item-1", text="正文", content_hash="0" * 64),
        ]
    )
    session.commit()
    session.add(Article(source_id=first.id, guid="item-1", text="改过的正文", content_hash="1" * 64))
    with pytest.raises(IntegrityError):
        session.commit()


def test_removing_a_subscriber_removes_its_subscriptions_and_deliveries(session: Session) -> None:
    subscriber = Subscriber(chat_id=-100200300)
    event = _event()
    session.add_all([subscriber, event])
    session.flush()
    session.add_all(
        [
            Subscription(subscriber_id=subscriber.id, industry="biomedicine", region="广东"),
            Delivery(subscriber_id=subscriber.id, event_id=event.id, kind="new", event_version=1),
        ]
    )
    session.commit()
    session.execute(delete(Subscriber).where(Subscriber.id == subscriber.id))
    session.commit()
    assert session.scalars(select(Subscription)).all() == []
    assert session.scalars(select(Delivery)).all() == []
    assert session.get(Event, event.id) is not None


def test_link_to_a_missing_article_is_refused(session: Session) -> None:
    event = _event()
    session.add(event)
    session.flush()
    session.add(EventArticle(event_id=event.id, article_id=999_999))
    with pytest.raises(IntegrityError):
        session.commit()


def test_event_keeps_its_public_id_and_times_come_back_in_utc(session: Session) -> None:
    first, second = _event("第一届论坛"), _event("第二届论坛")
    session.add_all([first, second])
    session.commit()
    public_id = first.public_id
    assert len(public_id) >= 22  # 16 random bytes: unguessable, fit for an iCal UID
    assert public_id != second.public_id

    first.venue = "广州琶洲会展中心"
    first.version += 1
    first.updated_at = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    session.commit()
    session.expire_all()
    reread = session.scalars(select(Event).where(Event.id == first.id)).one()
    assert reread.public_id == public_id
    assert reread.version == 2
    assert reread.updated_at == dt.datetime(2024, 6, 1, 0, 0, tzinfo=dt.UTC)
    assert reread.updated_at.tzinfo is not None


def test_event_refuses_an_unknown_status(session: Session) -> None:
    event = _event()
    event.status = "postponed"
    session.add(event)
    with pytest.raises(IntegrityError):
        session.commit()


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/nested/folder/radar.db")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()


def test_events_stored_before_date_evidence_keep_their_dates_and_gain_their_basis(engine: Engine) -> None:
    downgrade(engine, "0003")
    with engine.begin() as connection:
        for name, start, end, precision in (
            ("第135届广交会", "2024-04-15", "2024-05-05", "day"),
            ("2024中关村论坛年会", "2024-04-25", "2024-04-25", "day"),
            ("2024年中国国际消费品博览会", "2024-04-01", "2024-04-30", "month"),
        ):
            connection.execute(
                text(
                    "INSERT INTO events (public_id, name, merge_key, start_date, end_date, date_precision, industries,"
                    " status, confidence, version, first_seen_at, updated_at) VALUES (:p, :n, :n, :s, :e, :pr, '[]',"
                    " 'upcoming', 0.9, 3, '2024-03-01 00:00:00', '2024-03-01 00:00:00')"
                ),
                {"p": name[:8] + str(len(name)), "n": name, "s": start, "e": end, "pr": precision},
            )
    upgrade(engine)
    with Session(engine) as session:
        rows = session.execute(
            select(
                Event.name,
                Event.merge_key,
                Event.edition,
                Event.start_date,
                Event.end_date,
                Event.start_basis,
                Event.end_basis,
                Event.version,
            ).order_by(Event.id)
        ).all()
    assert [tuple(row) for row in rows] == [
        (
            "第135届广交会",
            "中国进出口商品交易会",
            "n135",
            dt.date(2024, 4, 15),
            dt.date(2024, 5, 5),
            "range",
            "range",
            3,
        ),
        (
            "2024中关村论坛年会",
            "中关村论坛年会",
            "y2024",
            dt.date(2024, 4, 25),
            dt.date(2024, 4, 25),
            "stated",
            "implied",
            3,
        ),
        (
            "2024年中国国际消费品博览会",
            "中国国际消费品博览会",
            "y2024",
            dt.date(2024, 4, 1),
            dt.date(2024, 4, 30),
            "month",
            "month",
            3,
        ),
    ]
