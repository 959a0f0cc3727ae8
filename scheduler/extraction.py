"""Running the extractor for a batch of items: in a worker process for the service, in a thread for tests.

Extraction is pure CPU work. In a thread it competes with fetching and database writes for the interpreter lock;
a worker process puts it on the machine's second core.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol

from extract import ExtractedEvent, SourceHints, Taxonomy, extract_events

Texts = Sequence[tuple[str, dt.date | None]]


class BatchExtractor(Protocol):
    async def extract(self, texts: Texts, hints: SourceHints) -> list[list[ExtractedEvent]]: ...


def _extract_all(texts: Texts, hints: SourceHints, taxonomy: Taxonomy) -> list[list[ExtractedEvent]]:
    return [extract_events(text, published=published, hints=hints, taxonomy=taxonomy) for text, published in texts]


class ThreadExtractor:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy

    async def extract(self, texts: Texts, hints: SourceHints) -> list[list[ExtractedEvent]]:
        return await asyncio.to_thread(_extract_all, texts, hints, self._taxonomy)


_worker_taxonomy: Taxonomy | None = None


def _start_worker(taxonomy: Taxonomy) -> None:
    global _worker_taxonomy
    _worker_taxonomy = taxonomy


def _extract_in_worker(texts: Texts, hints: SourceHints) -> list[list[ExtractedEvent]]:
    assert _worker_taxonomy is not None, "worker started without a taxonomy"
    return _extract_all(texts, hints, _worker_taxonomy)


class ProcessExtractor:
    """Extraction in worker processes; the taxonomy is sent once per worker, not with every batch."""

    def __init__(self, taxonomy: Taxonomy, *, workers: int = 1) -> None:
        # spawn, not fork: the service has threads (database, web server) that a forked child must not inherit.
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(taxonomy,),
        )

    async def extract(self, texts: Texts, hints: SourceHints) -> list[list[ExtractedEvent]]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _extract_in_worker, list(texts), hints)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
