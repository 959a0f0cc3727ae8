"""What each subscriber is owed: alerts for new and changed events, digests and reminders, enqueued set-based.

Enqueueing is an ``INSERT … SELECT DISTINCT … ON CONFLICT DO NOTHING`` per event, built once per shape and run for
all of a poll's events in one executemany (list membership is ``= ANY(array)`` on PostgreSQL and ``IN json_each``
on SQLite, so the SQL text does not depend on list lengths). The unique key (subscriber, event, kind,
event_version, slot) makes it idempotent: a second source reporting the event, or a retry after a crash, owes
nobody a second message. Digest rows are due at each subscriber's own digest time (`db.alert_schedule`). Which
subscriptions match an event is `db.matching`'s rule; the queue these rows wait in is `db.outbox`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from db.alert_schedule import (
    CHANGED,
    DEFAULT_SCHEDULE,
    DIGEST,
    NEW,
    REMINDER,
    TOLD_KINDS,
    AlertSchedule,
    digest_due,
    parse_time_of_day,
    reminder_days,
)
from db.matching import match_terms, subscription_matches
from db.models.base import UTCDateTime, utcnow
from db.models.events import Event
from db.models.subscribers import Delivery, Subscriber, Subscription
from db.outbox import execute_counting
from extract.regions import RegionVocabulary


def is_upcoming(event: Event, today: dt.date) -> bool:
    """Worth a "new event" alert: shown (not hidden by an admin), not held for review, not cancelled or over, and
    not known to have ended before ``today``."""
    if not event.shown or event.review == "held":
        return False
    if event.cancelled_at is not None or event.status in ("cancelled", "held"):
        return False
    last_day = event.end_date or event.start_date
    return last_day is None or last_day >= today


def _member_of(column: InstrumentedAttribute[str], name: str, dialect: str) -> ColumnElement[bool]:
    """``column`` is one of the strings in the list bound as ``name``, in SQL whose text does not depend on the
    list's length (an expanding IN would), so that one statement can run for many events at once."""
    if dialect == "postgresql":
        return column == func.any(bindparam(name, type_=postgresql.ARRAY(String())))
    members = func.json_each(bindparam(name, type_=JSON())).table_valued("value")
    return column.in_(select(members.c.value))


def _one_of(column: InstrumentedAttribute[str], values: Sequence[str]) -> ColumnElement[bool]:
    # A constant IN list renders as an expanding parameter, which executemany refuses; ORs of equalities do not.
    return or_(*(column == value for value in values))


def _insert(dialect: str) -> Any:
    # Both dialects spell the same ON CONFLICT DO NOTHING; SQLAlchemy only needs to know which one to render.
    return postgresql.insert(Delivery) if dialect == "postgresql" else sqlite.insert(Delivery)


def _when(value: dt.datetime) -> ColumnElement[dt.datetime]:
    # No CAST: SQLite would turn CAST('2026-06-01 …' AS DATETIME) into the number 2026. PostgreSQL infers the type
    # from the column it is inserted into (a UNION needs it explicit, hence the labelled CASE around it there).
    return literal(value, UTCDateTime())


def _int(value: int) -> ColumnElement[int]:
    return cast(literal(value, Integer()), Integer())


def _str(value: str) -> ColumnElement[str]:
    return cast(literal(value, String()), String(20))


_COLUMNS = ("subscriber_id", "event_id", "kind", "event_version", "slot", "status", "attempts", "due_at", "created_at")


def enqueue_event_alerts(
    session: Session,
    event: Event,
    kind: str = NEW,
    *,
    now: dt.datetime | None = None,
    schedule: AlertSchedule = DEFAULT_SCHEDULE,
    regions: RegionVocabulary | None = None,
) -> int:
    """Owe every matching subscriber one message about ``event``; returns how many rows were added.

    ``kind`` is ``"new"`` for an event just found and ``"changed"`` after its version grew (dates, venue, place or
    cancellation). "new" goes to active subscribers with a matching subscription who have not been told about the
    event yet, once each however many subscriptions match; only while the event is upcoming. "changed" goes to
    those already told about it (and, as "new", to any who match only now). Digest subscribers get a ``digest``
    row due at their next digest time instead. One statement; idempotent; the caller commits.
    """
    return enqueue_alerts(session, [(event, kind)], now=now, schedule=schedule, regions=regions)


def enqueue_alerts(
    session: Session,
    alerts: Sequence[tuple[Event, str]],
    *,
    now: dt.datetime | None = None,
    schedule: AlertSchedule = DEFAULT_SCHEDULE,
    regions: RegionVocabulary | None = None,
) -> int:
    """:func:`enqueue_event_alerts` for many (event, kind) pairs, such as everything one poll found.

    ``regions`` is the deployment's region vocabulary (with config.yaml's groupings, ``regions.groups``): which region
    names contain the event's place is its rule.

    The statement is built once per shape and run with each event's facts as parameters: building a statement
    costs far more than running it, and a poll can bring dozens of events.
    """
    for _, kind in alerts:
        if kind not in (NEW, CHANGED):
            raise ValueError(f"kind must be {NEW!r} or {CHANGED!r}, not {kind!r}")
    if not alerts:
        return 0
    now = now or utcnow()
    session.flush()  # the events must have their ids and current facts in the database
    dialect = session.get_bind().dialect.name
    times = _digest_times(session)
    shared = {
        "now": now,
        "digest_default": schedule.next_digest_at(now),
        **{f"digest_{n}": schedule.next_digest_at(now, dt.time.fromisoformat(hhmm)) for n, hhmm in enumerate(times)},
    }
    today = schedule.today(now)
    # Events of one shape share a statement and go to the database together (executemany: one round trip on
    # PostgreSQL's pipeline, one prepared statement on SQLite).
    shapes: dict[tuple[bool, bool], list[dict[str, Any]]] = {}
    for event, kind in alerts:
        upcoming = is_upcoming(event, today)
        if (not upcoming and kind != CHANGED) or not event.shown:
            continue
        terms = match_terms(event, regions)
        shapes.setdefault((upcoming, kind == CHANGED), []).append(
            {
                **shared,
                "event_id": event.id,
                "event_version": event.version,
                "industries": terms.industries,
                "regions": terms.regions,
            }
        )
    added = 0
    for (upcoming, changed), params in shapes.items():
        statement = _alert_statement(dialect, upcoming=upcoming, changed=changed, digest_times=times)
        added += execute_counting(session, statement, params)
    return added


def _digest_times(session: Session) -> tuple[str, ...]:
    """The times of day (HH:MM) active digest subscribers chose: a handful, however many subscribers there are."""
    rows = session.scalars(
        select(Subscriber.reminder_time)
        .where(Subscriber.delivery_mode == DIGEST, Subscriber.active)
        .group_by(Subscriber.reminder_time)
    )
    return tuple(sorted(hhmm for hhmm in rows if parse_time_of_day(hhmm) is not None))


@functools.lru_cache(maxsize=64)
def _alert_statement(dialect: str, *, upcoming: bool, changed: bool, digest_times: tuple[str, ...]) -> Any:
    """The INSERT … SELECT owing one event's alerts; the event's facts and the times are bound parameters."""
    digest = Subscriber.delivery_mode == DIGEST
    now = bindparam("now", type_=UTCDateTime())
    digest_default = bindparam("digest_default", type_=UTCDateTime())
    due_branches = [
        (Subscriber.reminder_time == hhmm, bindparam(f"digest_{n}", type_=UTCDateTime()))
        for n, hhmm in enumerate(digest_times)
    ]
    digest_at = case(*due_branches, else_=digest_default) if due_branches else digest_default
    event_id = cast(bindparam("event_id", type_=Integer()), Integer())
    event_version = cast(bindparam("event_version", type_=Integer()), Integer())

    def owed(subscriber_id: Any, kind: str) -> Select[Any]:
        return select(
            subscriber_id.label("subscriber_id"),
            event_id.label("event_id"),
            case((digest, _str(DIGEST)), else_=_str(kind)).label("kind"),
            event_version.label("event_version"),
            case((digest, _str(kind)), else_=_str("")).label("slot"),
            _str("queued").label("status"),
            _int(0).label("attempts"),
            case((digest, digest_at), else_=now).label("due_at"),
            now.label("created_at"),
        )

    parts = []
    if upcoming:
        already_told = exists().where(
            Delivery.subscriber_id == Subscription.subscriber_id,
            Delivery.event_id == event_id,
            _one_of(Delivery.kind, (NEW, DIGEST)),
        )
        # `db.matching.subscription_matches`, over the lists `match_terms` gives, bound as parameters.
        matches = and_(
            _member_of(Subscription.industry, "industries", dialect),
            _member_of(Subscription.region, "regions", dialect),
        )
        parts.append(
            owed(Subscription.subscriber_id, NEW)
            .join(Subscriber, Subscriber.id == Subscription.subscriber_id)
            .where(Subscriber.active, matches, ~already_told)
            .distinct()
        )
    if changed:
        told = aliased(Delivery)
        parts.append(
            owed(told.subscriber_id, CHANGED)
            .join(Subscriber, Subscriber.id == told.subscriber_id)
            .where(
                Subscriber.active,
                told.event_id == event_id,
                _one_of(told.kind, TOLD_KINDS),
                _one_of(told.status, ("sent", "sending")),
                told.event_version < event_version,
            )
            .distinct()
        )
    rows = (parts[0] if len(parts) == 1 else union(*parts)).subquery()
    # SQLite needs a WHERE in an upsert's SELECT to parse ON CONFLICT unambiguously.
    source = select(*(rows.c[name] for name in _COLUMNS)).where(true())
    return _insert(dialect).from_select(list(_COLUMNS), source).on_conflict_do_nothing()


def reschedule_digests(session: Session, subscriber_id: int, *, due_at: dt.datetime) -> int:
    """Move a subscriber's waiting digest rows to a new digest time (after they changed it in /settings)."""
    statement = (
        update(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.kind == DIGEST, Delivery.status == "queued")
        .values(due_at=due_at)
    )
    return execute_counting(session, statement)


def align_digests(session: Session, *, now: dt.datetime, schedule: AlertSchedule = DEFAULT_SCHEDULE) -> int:
    """Put every waiting digest row at its subscriber's current digest time; returns how many moved.

    /settings moves a chat's digest when it changes its time or mode, but on PostgreSQL a poll enqueueing at that
    very moment can still write a row with the old time (it read the subscribers before the change committed).
    Run with the reminders, this puts such a row right within minutes. Rows already due are left to go, and so
    are rows being retried.
    """
    moved = 0
    chosen = session.execute(
        select(Subscriber.reminder_time, Subscriber.delivery_mode)
        .where(Subscriber.active)
        .group_by(Subscriber.reminder_time, Subscriber.delivery_mode)
    )
    for hhmm, mode in chosen:
        due = digest_due(schedule, now, reminder_time=hhmm, mode=mode)
        subscribers = select(Subscriber.id).where(
            Subscriber.active, Subscriber.reminder_time == hhmm, Subscriber.delivery_mode == mode
        )
        statement = (
            update(Delivery)
            .where(
                Delivery.kind == DIGEST,
                Delivery.status == "queued",
                # A row Telegram already refused waits out its backoff (or a flood wait), not the next digest.
                Delivery.attempts == 0,
                Delivery.due_at > now,
                Delivery.due_at != due,
                Delivery.subscriber_id.in_(subscribers),
            )
            .values(due_at=due)
        )
        moved += execute_counting(session, statement)
    return moved


def enqueue_due_reminders(
    session: Session,
    *,
    now: dt.datetime,
    schedule: AlertSchedule = DEFAULT_SCHEDULE,
    regions: RegionVocabulary | None = None,
) -> int:
    """Owe the "N days before" reminders due by ``now`` (injected, so tests need not wait for 09:00).

    A subscriber with ``reminder_days`` [7, 1] and ``reminder_time`` 09:00 gets, for each matching event starting
    7 or 1 days after today (in the schedule's zone), one reminder once their local time passes 09:00; a service
    down at 09:00 catches up the same day. One statement per (event, days) pair; idempotent via slot "7d"/"1d".
    """
    local = now.astimezone(schedule.zone)
    today, hhmm = local.date(), local.strftime("%H:%M")
    days_text = cast(Subscriber.reminder_days, Text)
    # The distinct settings in use are few ([7, 1], [1], []); compare the stored JSON text rather than parse it in SQL.
    forms: dict[int, list[str]] = {}
    for (stored,) in session.execute(select(days_text).where(Subscriber.active).group_by(days_text)):
        for days in reminder_days(stored):
            forms.setdefault(days, []).append(stored)
    added = 0
    for days, texts in sorted(forms.items()):
        start = today + dt.timedelta(days=days)
        events = session.scalars(
            select(Event).where(
                Event.start_date == start,
                Event.date_precision == "day",
                Event.cancelled_at.is_(None),
                Event.status.notin_(("cancelled", "held")),
                Event.shown,
                Event.review != "held",
            )
        )
        for event in events:
            source = (
                select(
                    Subscription.subscriber_id,
                    _int(event.id),
                    _str(REMINDER),
                    _int(event.version),
                    _str(f"{days}d"),
                    _str("queued"),
                    _int(0),
                    _when(now),
                    _when(now),
                )
                .join(Subscriber, Subscriber.id == Subscription.subscriber_id)
                .where(
                    Subscriber.active,
                    days_text.in_(texts),
                    Subscriber.reminder_time <= hhmm,
                    subscription_matches(match_terms(event, regions)),
                )
                .distinct()
            )
            statement = (
                _insert(session.get_bind().dialect.name).from_select(list(_COLUMNS), source).on_conflict_do_nothing()
            )
            added += execute_counting(session, statement)
    return added
