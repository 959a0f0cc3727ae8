"""The delivery outbox: what each subscriber is owed, enqueued set-based, and the dispatcher's claim/mark queries.

Enqueueing is an ``INSERT … SELECT DISTINCT … ON CONFLICT DO NOTHING`` per event, built once per shape and run for
all of a poll's events in one executemany (list membership is ``= ANY(array)`` on PostgreSQL and ``IN json_each``
on SQLite, so the SQL text does not depend on list lengths). The unique key (subscriber, event, kind,
event_version, slot) makes it idempotent: a second source reporting the event, or a retry after a crash, owes
nobody a second message. Digest rows are due at each subscriber's own digest time.

The dispatcher claims due rows by flipping them from ``queued`` to ``sending`` in a transaction, sends, and marks
each row ``sent`` in its own transaction right after Telegram answers. After a crash the rows still ``sending``
are queued again (:func:`requeue_in_flight`): nothing is lost, and only messages that Telegram accepted in the
instant before the crash (sent, not yet marked) can go out twice. One dispatcher runs per database.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from db.matching import match_terms, subscription_matches
from db.models import (
    Article,
    Delivery,
    Event,
    EventArticle,
    EventChange,
    Source,
    Subscriber,
    Subscription,
    UTCDateTime,
    utcnow,
)
from outgoing.links import safe_link

NEW, CHANGED, REMINDER, DIGEST = "new", "changed", "reminder", "digest"
# Deliveries that mean "this chat has been told about the event" (the ones a change notice follows).
_TOLD_KINDS = (NEW, CHANGED, DIGEST)
# Reminders go at most this many days ahead; /settings offers less.
MAX_REMINDER_DAYS = 30


@dataclass(frozen=True, slots=True)
class AlertSchedule:
    """When reminders and digests go out: a local time of day in a time zone (config ``reminders``)."""

    time: dt.time = dt.time(9, 0)
    timezone: str = "Asia/Shanghai"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self, now: dt.datetime) -> dt.date:
        return now.astimezone(self.zone).date()

    def next_digest_at(self, now: dt.datetime, time: dt.time | None = None) -> dt.datetime:
        """The next digest at ``time`` (default: the configured one) as UTC: today's if still ahead, else tomorrow's."""
        time = time or self.time
        local = now.astimezone(self.zone)
        at = dt.datetime.combine(local.date(), time, self.zone)
        if at <= local:
            at = dt.datetime.combine(local.date() + dt.timedelta(days=1), time, self.zone)
        return at.astimezone(dt.UTC)


DEFAULT_SCHEDULE = AlertSchedule()


def is_upcoming(event: Event, today: dt.date) -> bool:
    """Worth a "new event" alert: not cancelled or over, and not known to have ended before ``today``."""
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


def _execute_counting(
    session: Session, statement: Any, params: dict[str, Any] | list[dict[str, Any]] | None = None
) -> int:
    # psycopg reports no row count for INSERT … SELECT unless SQLAlchemy is asked to keep it. On the session's
    # connection, not the session: the ORM would read a parameter dict as rows to bulk-insert. That also skips
    # autoflush, so a caller whose statement must see pending ORM changes flushes first.
    result = session.connection().execute(statement, params, execution_options={"preserve_rowcount": True})
    return max(int(result.rowcount), 0)


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
) -> int:
    """Owe every matching subscriber one message about ``event``; returns how many rows were added.

    ``kind`` is ``"new"`` for an event just found and ``"changed"`` after its version grew (dates, venue, place or
    cancellation). "new" goes to active subscribers with a matching subscription who have not been told about the
    event yet, once each however many subscriptions match; only while the event is upcoming. "changed" goes to
    those already told about it (and, as "new", to any who match only now). Digest subscribers get a ``digest``
    row due at their next digest time instead. One statement; idempotent; the caller commits.
    """
    return enqueue_alerts(session, [(event, kind)], now=now, schedule=schedule)


def enqueue_alerts(
    session: Session,
    alerts: Sequence[tuple[Event, str]],
    *,
    now: dt.datetime | None = None,
    schedule: AlertSchedule = DEFAULT_SCHEDULE,
) -> int:
    """:func:`enqueue_event_alerts` for many (event, kind) pairs, such as everything one poll found.

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
        if not upcoming and kind != CHANGED:
            continue
        terms = match_terms(event)
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
        added += _execute_counting(session, statement, params)
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
                _one_of(told.kind, _TOLD_KINDS),
                _one_of(told.status, ("sent", "sending")),
                told.event_version < event_version,
            )
            .distinct()
        )
    rows = (parts[0] if len(parts) == 1 else union(*parts)).subquery()
    # SQLite needs a WHERE in an upsert's SELECT to parse ON CONFLICT unambiguously.
    source = select(*(rows.c[name] for name in _COLUMNS)).where(true())
    return _insert(dialect).from_select(list(_COLUMNS), source).on_conflict_do_nothing()


def parse_time_of_day(hhmm: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(hhmm)
    except ValueError:
        return None


def digest_due(schedule: AlertSchedule, now: dt.datetime, *, reminder_time: str, mode: str) -> dt.datetime:
    """When a chat's waiting digest goes out: at the next digest time it chose, or now once it is instant."""
    return schedule.next_digest_at(now, parse_time_of_day(reminder_time)) if mode == DIGEST else now


def reschedule_digests(session: Session, subscriber_id: int, *, due_at: dt.datetime) -> int:
    """Move a subscriber's waiting digest rows to a new digest time (after they changed it in /settings)."""
    statement = (
        update(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.kind == DIGEST, Delivery.status == "queued")
        .values(due_at=due_at)
    )
    return _execute_counting(session, statement)


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
        moved += _execute_counting(session, statement)
    return moved


def enqueue_due_reminders(session: Session, *, now: dt.datetime, schedule: AlertSchedule = DEFAULT_SCHEDULE) -> int:
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
        for days in _days(stored):
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
                    subscription_matches(match_terms(event)),
                )
                .distinct()
            )
            statement = (
                _insert(session.get_bind().dialect.name).from_select(list(_COLUMNS), source).on_conflict_do_nothing()
            )
            added += _execute_counting(session, statement)
    return added


def _days(stored: str | None) -> list[int]:
    try:
        value = json.loads(stored or "[]")
    except ValueError:
        return []
    return [d for d in value if isinstance(d, int) and 0 <= d <= MAX_REMINDER_DAYS] if isinstance(value, list) else []


# --- the dispatcher's side -------------------------------------------------------------------------------------


@dataclass
class SourceLink:
    url: str
    title: str | None
    source_name: str


@dataclass
class Claimed:
    """One message to send: usually one delivery row; a digest gathers all of a chat's due digest rows."""

    ids: tuple[int, ...]
    kind: str
    slot: str
    subscriber: Subscriber
    events: list[Event]
    links: dict[int, list[SourceLink]] = field(default_factory=dict)
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)


def requeue_in_flight(session: Session) -> int:
    """After a crash or restart: rows left ``sending`` are owed again (the caller commits)."""
    return _execute_counting(session, update(Delivery).where(Delivery.status == "sending").values(status="queued"))


def claim_due(
    session: Session, *, now: dt.datetime, limit: int, busy_subscribers: Collection[int] = ()
) -> list[Claimed]:
    """Claim up to ``limit`` messages due by ``now``, at most one per chat, skipping ``busy_subscribers``.

    Messages about cancelled events (other than change notices) are cancelled instead of claimed.
    The caller commits; rows come back ``sending`` with attempts counted.
    """
    query = (
        select(Delivery.id, Delivery.subscriber_id, Delivery.kind, Delivery.slot, Delivery.event_id)
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .where(Delivery.status == "queued", Delivery.due_at <= now, Subscriber.active)
        .order_by(Delivery.due_at, Delivery.id)
        # Over-fetch: a chat with a long queue must not use up the whole batch (we take one per chat).
        .limit(limit * 4)
        .with_for_update(skip_locked=True, of=Delivery)
    )
    if busy_subscribers:
        query = query.where(Delivery.subscriber_id.notin_(list(busy_subscribers)))
    picked: dict[int, tuple[int, str, str, int]] = {}
    for delivery_id, subscriber_id, kind, slot, event_id in session.execute(query):
        if subscriber_id not in picked and len(picked) < limit:
            picked[subscriber_id] = (delivery_id, kind, slot, event_id)
    if not picked:
        return []
    groups: dict[int, list[tuple[int, str, int]]] = {
        sid: [(did, slot, eid)] for sid, (did, kind, slot, eid) in picked.items()
    }
    digest_chats = [sid for sid, (_, kind, _, _) in picked.items() if kind == DIGEST]
    if digest_chats:
        rest = session.execute(
            select(Delivery.id, Delivery.subscriber_id, Delivery.slot, Delivery.event_id).where(
                Delivery.subscriber_id.in_(digest_chats),
                Delivery.kind == DIGEST,
                Delivery.status == "queued",
                Delivery.due_at <= now,
            )
        )
        for delivery_id, subscriber_id, slot, event_id in rest:
            if delivery_id != picked[subscriber_id][0]:
                groups[subscriber_id].append((delivery_id, slot, event_id))
    all_ids = [did for rows in groups.values() for did, _, _ in rows]
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(all_ids), Delivery.status == "queued")
        .values(status="sending", attempts=Delivery.attempts + 1)
    )
    subscribers = {s.id: s for s in session.scalars(select(Subscriber).where(Subscriber.id.in_(list(groups))))}
    event_ids = {eid for rows in groups.values() for _, _, eid in rows}
    events = {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(event_ids)))}
    links = event_sources(session, event_ids)
    claimed: list[Claimed] = []
    dropped: list[int] = []
    for subscriber_id, rows in groups.items():
        kind = picked[subscriber_id][1]
        keep = []
        for delivery_id, slot, event_id in rows:
            event = events[event_id]
            cancelled = event.cancelled_at is not None or event.status == "cancelled"
            # A cancellation is itself news for those already told; nothing else about a cancelled event is.
            if cancelled and not (kind == CHANGED or (kind == DIGEST and slot == CHANGED)):
                dropped.append(delivery_id)
            else:
                keep.append((delivery_id, slot, event_id))
        if not keep:
            continue
        ordered = sorted({eid for _, _, eid in keep}, key=lambda eid: (events[eid].start_date or dt.date.max, eid))
        claimed.append(
            Claimed(
                ids=tuple(did for did, _, _ in keep),
                kind=kind,
                slot=keep[0][1],
                subscriber=subscribers[subscriber_id],
                events=[events[eid] for eid in ordered],
                links={eid: links.get(eid, []) for eid in ordered},
            )
        )
    if dropped:
        mark_final(session, dropped, status="cancelled", error="event cancelled")
    changed_ids = [c.events[0].id for c in claimed if c.kind == CHANGED]
    if changed_ids:
        latest = session.execute(
            select(EventChange.event_id, EventChange.version, EventChange.changes).where(
                EventChange.event_id.in_(changed_ids)
            )
        )
        by_event: dict[int, tuple[int, dict[str, Any]]] = {}
        for event_id, version, changes in latest:
            if event_id not in by_event or version > by_event[event_id][0]:
                by_event[event_id] = (version, changes)
        for item in claimed:
            if item.kind == CHANGED and item.events[0].id in by_event:
                item.changes[item.events[0].id] = by_event[item.events[0].id][1]
    return claimed


def event_sources(session: Session, event_ids: Collection[int], *, per_event: int = 5) -> dict[int, list[SourceLink]]:
    """The articles that report each event, earliest first, as links: only addresses that may be shown as links
    (``outgoing.links``), so unusable ones do not take the places of usable ones."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(EventArticle.event_id, Article.url, Article.title, Source.name)
        .join(Article, Article.id == EventArticle.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(EventArticle.event_id.in_(list(event_ids)), Article.url.is_not(None))
        .order_by(EventArticle.event_id, Article.published_at, Article.id)
    )
    links: dict[int, list[SourceLink]] = {}
    for event_id, url, title, source_name in rows:
        bucket = links.setdefault(event_id, [])
        if url and safe_link(url) and len(bucket) < per_event and all(link.url != url for link in bucket):
            bucket.append(SourceLink(url, title, source_name))
    return links


def mark_sent(session: Session, ids: Sequence[int], *, message_id: int | None, now: dt.datetime) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(list(ids)))
        .values(status="sent", sent_at=now, telegram_message_id=message_id, last_error=None)
    )


def mark_retry(session: Session, ids: Sequence[int], *, due_at: dt.datetime, error: str) -> None:
    """Back to the queue, not before ``due_at`` (network trouble, flood control)."""
    session.execute(
        update(Delivery).where(Delivery.id.in_(list(ids))).values(status="queued", due_at=due_at, last_error=error)
    )


def mark_final(session: Session, ids: Sequence[int], *, status: str, error: str) -> None:
    """Give up (``failed``) or drop (``cancelled``), with the reason recorded."""
    session.execute(update(Delivery).where(Delivery.id.in_(list(ids))).values(status=status, last_error=error[:1000]))


def deactivate_subscriber(session: Session, subscriber_id: int, *, reason: str) -> int:
    """The chat blocked or removed us: stop owing it anything. Returns how many queued rows were cancelled."""
    session.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id)
        .values(active=False, deactivated_reason=reason[:300], updated_at=utcnow())
    )
    return _execute_counting(
        session,
        update(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.status.in_(("queued", "sending")))
        .values(status="cancelled", last_error=f"subscriber inactive: {reason}"[:1000]),
    )


def migrate_subscriber(session: Session, subscriber_id: int, new_chat_id: int) -> None:
    """A group became a supergroup with a new chat id: follow it, keeping subscriptions and the outbox."""
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None:
        return
    try:
        with session.begin_nested():
            subscriber.chat_id = new_chat_id
            subscriber.chat_type = "supergroup"
            session.flush()
    except IntegrityError:
        # The supergroup already talked to us and has its own row; this one is a leftover of the old group.
        session.expire(subscriber)
        deactivate_subscriber(session, subscriber_id, reason=f"migrated to {new_chat_id}")


def outbox_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
    return {status: count for status, count in rows}
