"""`eventradar poll-once`: build what polling needs, poll every enabled source once, report what happened."""

from __future__ import annotations

import asyncio
from typing import TextIO

from tqdm import tqdm

from app.config import AppConfig
from app.service import build_http_client, build_poller, enabled_sources, prepare_database, taxonomy_of
from db.engine import create_db_engine
from scheduler.extraction import ProcessExtractor
from scheduler.jobs import poll_all
from scheduler.poller import PollOutcome


async def poll_once(config: AppConfig, out: TextIO, *, progress: bool) -> int:
    engine = create_db_engine(config.database.url)
    extractor = ProcessExtractor(taxonomy_of(config))
    try:
        await asyncio.to_thread(prepare_database, engine, config)
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
