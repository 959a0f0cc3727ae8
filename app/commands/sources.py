"""`eventradar sources list`: the configured sources and their polling health, read without writing anything.

config.yaml decides a source's settings, and they reach the database at the next ``eventradar run`` or
``poll-once``; the database holds its health. Listing must not be the moment the file is applied (listing with
another config file used to disable every source it did not name), so the listing shows the file's settings
with the database's health, and says where the two differ: a source not polled yet, a source removed from the
file (disabled at the next start), a source an admin added in Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.config import AppConfig
    from db.models.sources import Source


@dataclass(frozen=True, slots=True)
class _Row:
    key: str
    kind: str
    enabled: bool
    interval_minutes: int
    url: str
    stored: Source | None
    note: str | None = None


def list_sources(config: AppConfig, engine: Engine, out: TextIO) -> None:
    from sqlalchemy.orm import Session

    from db.sources import list_sources as stored_sources

    with Session(engine) as session:
        rows = _rows(config, stored_sources(session))
        print(f"{'SOURCE':<16} {'KIND':<12} {'ON':<3} {'EVERY':>6} {'FAILS':>5}  LAST SUCCESS      URL", file=out)
        for row in rows:
            failures = row.stored.consecutive_failures if row.stored else 0
            success = row.stored.last_success_at if row.stored else None
            last = success.strftime("%Y-%m-%d %H:%M") if success else "never"
            print(
                f"{row.key:<16} {row.kind:<12} {'yes' if row.enabled else 'no':<3} "
                f"{row.interval_minutes:>5}m {failures:>5}  {last:<17} {row.url}",
                file=out,
            )
            if row.stored is not None and row.stored.last_error and failures:
                print(f"{'':<16} last error: {row.stored.last_error.splitlines()[0]}", file=out)
            if row.note:
                print(f"{'':<16} {row.note}", file=out)


def _rows(config: AppConfig, stored: list[Source]) -> list[_Row]:
    by_key = {source.key: source for source in stored}
    rows = []
    note: str | None
    for source in config.sources:
        row = by_key.pop(source.id, None)
        note = None if row else "not in the database yet: the next `eventradar run` or `poll-once` adds it"
        rows.append(_Row(source.id, source.kind, source.enabled, source.interval_minutes, source.url, row, note))
    for row in by_key.values():
        removed = row.origin == "config"
        if removed and row.enabled:
            note = "no longer in config.yaml: disabled at the next `eventradar run` or `poll-once`"
        else:
            note = "added by an admin in Telegram" if row.origin == "admin" else None
        rows.append(_Row(row.key, row.kind, row.enabled and not removed, row.interval_minutes, row.url, row, note))
    return sorted(rows, key=lambda row: (not row.enabled, row.key))
