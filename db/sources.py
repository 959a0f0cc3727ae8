"""Source rows: keeping them in step with config.yaml, and their health: what a poll's success or failure records,
how long a failing source backs off, and when the admins hear of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.sources import Source

# Fields config.yaml decides for the sources it declares; health and conditional-GET state are the poller's.
_CONFIG_FIELDS = (
    "name",
    "kind",
    "url",
    "interval_minutes",
    "enabled",
    "province",
    "city",
    "industries",
    "encoding",
    "link_selector",
    "allow_private_network",
)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    key: str
    name: str
    kind: str
    url: str
    interval_minutes: int
    enabled: bool
    province: str | None
    city: str | None
    industries: tuple[str, ...]
    encoding: str | None
    link_selector: str | None
    allow_private_network: bool = False


@dataclass(frozen=True, slots=True)
class SyncResult:
    added: tuple[str, ...]
    updated: tuple[str, ...]
    disabled: tuple[str, ...]


def sync_config_sources(session: Session, specs: Sequence[SourceSpec]) -> SyncResult:
    """Make the database's config-declared sources match ``specs``.

    A source removed from the file is disabled, not deleted, so its articles and the events they support stay.
    Sources added by admins through the bot are left alone. The caller commits.
    """
    existing = {source.key: source for source in session.scalars(select(Source))}
    added: list[str] = []
    updated: list[str] = []
    for spec in specs:
        values = {field: getattr(spec, field) for field in _CONFIG_FIELDS}
        values["industries"] = list(spec.industries)
        source = existing.get(spec.key)
        if source is None:
            session.add(Source(key=spec.key, origin="config", **values))
            added.append(spec.key)
            continue
        changed = {field: value for field, value in values.items() if getattr(source, field) != value}
        if source.origin != "config":
            # An admin added it first; the file now claims it, and the file wins.
            changed["origin"] = "config"
        if changed:
            for field, value in changed.items():
                setattr(source, field, value)
            updated.append(spec.key)
    declared = {spec.key for spec in specs}
    disabled = []
    for key, source in existing.items():
        if source.origin == "config" and key not in declared and source.enabled:
            source.enabled = False
            disabled.append(key)
    session.flush()
    return SyncResult(tuple(added), tuple(updated), tuple(disabled))


def list_sources(session: Session) -> list[Source]:
    return list(session.scalars(select(Source).order_by(Source.enabled.desc(), Source.key)))


# Consecutive failures after which the admins are told (once, until the source succeeds again).
FAILURE_ALERT_THRESHOLD = 10


def backoff_seconds(interval_minutes: int, failures: int, cap_seconds: int) -> float:
    """Exponential in the number of consecutive failures, from one interval up to the cap."""
    return float(min(cap_seconds, interval_minutes * 60 * 2 ** min(failures - 1, 30)))


def record_success(
    session: Session, source_id: int, *, etag: str | None, last_modified: str | None, validated: bool, now: dt.datetime
) -> None:
    """A poll worked: the failures are forgotten, and the answer's validators (when ``validated``) kept for the
    next conditional GET."""
    source = session.get_one(Source, source_id)
    if validated:
        source.etag, source.last_modified = etag, last_modified
    source.last_polled_at = source.last_success_at = now
    source.consecutive_failures = 0
    source.next_poll_at = None
    source.failure_alert_sent = False


def record_failure(
    session: Session,
    source_id: int,
    *,
    error: str,
    retry_after: float | None,
    max_backoff_seconds: int,
    now: dt.datetime,
) -> str | None:
    """A poll failed: count it and back off (or wait what the server asked, if longer); returns the admin alert to
    send when the source has just crossed the threshold, else None."""
    source = session.get_one(Source, source_id)
    source.consecutive_failures += 1
    source.last_polled_at = source.last_error_at = now
    source.last_error = error[:2000]
    delay = backoff_seconds(source.interval_minutes, source.consecutive_failures, max_backoff_seconds)
    source.next_poll_at = now + dt.timedelta(seconds=max(delay, retry_after or 0))
    if source.consecutive_failures >= FAILURE_ALERT_THRESHOLD and not source.failure_alert_sent:
        source.failure_alert_sent = True
        return (
            f"Source {source.key} ({source.url}) has failed {source.consecutive_failures} times in a row; "
            f"last error: {error}"
        )
    return None
