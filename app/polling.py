"""`eventradar poll-once`: build what polling needs, poll every enabled source (or the ones named) once, report
what happened."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from app.config import AppConfig
from app.pipeline import build_http_client, build_poller, enabled_sources, prepare_database, taxonomy_of
from db.engine import create_db_engine
from db.models.sources import Source
from scheduler.extraction import ProcessExtractor
from scheduler.jobs import ScheduledSource, poll_all
from scheduler.poller import PollOutcome


class UnknownSource(ValueError):
    """``--source`` named no source; the message lists the ones there are."""


def named_sources(engine: Engine, keys: Sequence[str]) -> list[ScheduledSource]:
    """The sources ``keys`` name, enabled or not: trying a source before turning it on is what ``--source`` is for."""
    with Session(engine) as session:
        rows = {source.key: source for source in session.scalars(select(Source).order_by(Source.key))}
    unknown = [key for key in keys if key not in rows]
    if unknown:
        raise UnknownSource(
            f"no source {', '.join(map(repr, unknown))} in config.yaml or the database "
            f"(there are: {', '.join(rows) or 'none'})"
        )
    return [ScheduledSource(rows[key].id, key, rows[key].interval_minutes) for key in dict.fromkeys(keys)]


async def poll_once(config: AppConfig, out: TextIO, *, progress: bool, only: Sequence[str] = ()) -> int:
    """Poll, print the summary; the exit code is 1 when a source failed. Raises UnknownSource."""
    engine = create_db_engine(config.database.url)
    extractor = ProcessExtractor(taxonomy_of(config))
    try:
        await asyncio.to_thread(prepare_database, engine, config)
        if only:
            sources = await asyncio.to_thread(named_sources, engine, only)
        else:
            sources = await asyncio.to_thread(enabled_sources, engine)
        bar = tqdm(total=len(sources), unit="source", disable=not progress, leave=False)

        def advance(_: PollOutcome) -> None:
            bar.update()

        async with build_http_client(config) as http:
            poller = build_poller(config, engine, http, extractor)
            outcomes = await poll_all(poller, [source.id for source in sources], on_done=advance)
        bar.close()
    finally:
        extractor.close()
        engine.dispose()
    print(summary(outcomes), file=out)
    return 1 if any(not outcome.ok for outcome in outcomes) else 0


def summary(outcomes: list[PollOutcome]) -> str:
    failed = [outcome for outcome in outcomes if not outcome.ok]
    lines = [
        f"sources: {len(outcomes) - len(failed)} ok, {len(failed)} failed"
        f" ({sum(outcome.not_modified for outcome in outcomes)} unchanged)",
        f"articles: {sum(o.articles_new for o in outcomes)} new, {sum(o.articles_updated for o in outcomes)} updated",
        f"events: {sum(o.events_new for o in outcomes)} new, {sum(o.events_changed for o in outcomes)} changed",
    ]
    lines += [f"failed: {outcome.source}: {outcome.error}" for outcome in failed]
    return "\n".join(lines)
