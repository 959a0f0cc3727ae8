"""The outbox queue: the dispatcher's claim and mark queries over ``deliveries`` and the one count of its statuses.

The dispatcher claims due rows by flipping them from ``queued`` to ``sending`` in a transaction, sends, and marks
each row ``sent`` in its own transaction right after Telegram answers. After a crash the rows still ``sending``
are queued again (:func:`requeue_in_flight`): nothing is lost, and only messages that Telegram accepted in the
instant before the crash (sent, not yet marked) can go out twice. One dispatcher runs per database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.alert_schedule import CHANGED, DIGEST
from db.calendar import CalendarEvent, calendar_events
from db.models.events import Event, EventArticle, EventChange
from db.models.sources import Article, Source
from db.models.subscribers import DELIVERY_STATUSES, Delivery, Subscriber
from outgoing.links import safe_link


def execute_counting(
    session: Session, statement: Any, params: dict[str, Any] | list[dict[str, Any]] | None = None
) -> int:
    """Run an INSERT/UPDATE on the session's connection and return how many rows it touched."""
    # psycopg reports no row count for INSERT … SELECT unless SQLAlchemy is asked to keep it. On the session's
    # connection, not the session: the ORM would read a parameter dict as rows to bulk-insert. That also skips
    # autoflush, so a caller whose statement must see pending ORM changes flushes first.
    result = session.connection().execute(statement, params, execution_options={"preserve_rowcount": True})
    return max(int(result.rowcount), 0)


@dataclass(frozen=True, slots=True)
class SourceLink:
    url: str
    title: str | None
    source_name: str


@dataclass(frozen=True, slots=True)
class Recipient:
    """The chat a message goes to, as it was when the message was claimed."""

    subscriber_id: int
    chat_id: int
    chat_type: str
    thread_id: int | None
    language: str


@dataclass(frozen=True, slots=True)
class Claimed:
    """One message to send: usually one delivery row; a digest gathers all of a chat's due digest rows.

    Plain frozen values, not ORM rows: the dispatcher renders the message after the claiming transaction closed,
    outside the database thread, and nothing it reads can load lazily or change under it."""

    ids: tuple[int, ...]
    kind: str
    slot: str
    recipient: Recipient
    events: tuple[CalendarEvent, ...]
    links: dict[int, list[SourceLink]] = field(default_factory=dict)
    # For a change notice: what changed in the event's latest version ({"field": [old, new], "because": …}).
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)


def requeue_in_flight(session: Session) -> int:
    """After a crash or restart: rows left ``sending`` are owed again (the caller commits)."""
    return execute_counting(session, update(Delivery).where(Delivery.status == "sending").values(status="queued"))


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
    recipients = {
        row.id: Recipient(row.id, row.chat_id, row.chat_type, row.message_thread_id, row.language)
        for row in session.execute(
            select(
                Subscriber.id,
                Subscriber.chat_id,
                Subscriber.chat_type,
                Subscriber.message_thread_id,
                Subscriber.language,
            ).where(Subscriber.id.in_(list(groups)))
        )
    }
    event_ids = {eid for rows in groups.values() for _, _, eid in rows}
    events = calendar_events(session, event_ids)
    hidden = set(session.scalars(select(Event.id).where(Event.id.in_(event_ids), ~Event.shown)))
    links = event_sources(session, event_ids)
    changes = _latest_changes(session, [picked[sid][3] for sid in groups if picked[sid][1] == CHANGED])
    claimed: list[Claimed] = []
    dropped: list[int] = []
    for subscriber_id, rows in groups.items():
        kind = picked[subscriber_id][1]
        keep = []
        for delivery_id, slot, event_id in rows:
            cancelled = events[event_id].cancelled
            # A cancellation is itself news for those already told; nothing else about a cancelled event is. An
            # event an admin hid or merged away is no news at all.
            if event_id in hidden or (cancelled and not (kind == CHANGED or (kind == DIGEST and slot == CHANGED))):
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
                recipient=recipients[subscriber_id],
                events=tuple(events[eid] for eid in ordered),
                links={eid: links.get(eid, []) for eid in ordered},
                changes={eid: changes[eid] for eid in ordered if kind == CHANGED and eid in changes},
            )
        )
    if dropped:
        mark_final(session, dropped, status="cancelled", error="event cancelled")
    return claimed


def _latest_changes(session: Session, event_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What changed in each event's latest version, for change notices."""
    if not event_ids:
        return {}
    latest = session.execute(
        select(EventChange.event_id, EventChange.version, EventChange.changes).where(
            EventChange.event_id.in_(list(event_ids))
        )
    )
    by_event: dict[int, tuple[int, dict[str, Any]]] = {}
    for event_id, version, changes in latest:
        if event_id not in by_event or version > by_event[event_id][0]:
            by_event[event_id] = (version, changes)
    return {event_id: changes for event_id, (_, changes) in by_event.items()}


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


def outbox_counts(session: Session) -> dict[str, int]:
    """How many deliveries are in each status (every status listed, zeros included): for /stats and /metrics."""
    counts = dict.fromkeys(DELIVERY_STATUSES, 0)
    for status, count in session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)):
        counts[status] = count
    return counts
