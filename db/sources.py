"""Source rows: keeping them in step with config.yaml, and reading their health."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Source

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
