"""Running the extractor for a batch of items: in a worker process for the service, in a thread for tests.

Extraction is pure CPU work. In a thread it competes with fetching and database writes for the interpreter lock;
a worker process puts it on the machine's second core.

A worker process can die under us: the OOM killer picks the biggest process on a machine short of memory, an
operator sends `kill -9`. Python's process pool is then broken for good, so :class:`ProcessExtractor` replaces it,
counts the restart (``/metrics``) and runs the batch in flight once more on the new worker. A batch that kills a
fresh worker too is taken for the cause (a pathological article), not a victim: it raises :class:`ExtractionError`,
which the poller records as that source's failure, so the source backs off and every other source keeps its
worker. Second tries take turns, so such a batch kills the new worker alone, not the other batches that died with
the first one. When even an empty batch kills a new worker, the worker itself is down (it cannot start, e.g. for
want of memory): the extractor reports itself broken (``/healthz``) until a batch succeeds again.

The worker also dies with the service, however the service dies: a `kill -9` of the service must not leave the
worker running as an orphan (see :func:`_die_with_parent`).
"""

from __future__ import annotations

import asyncio
import ctypes
import datetime as dt
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Protocol

from extract import ExtractedEvent, SourceHints, Taxonomy, extract_events

log = logging.getLogger(__name__)

Texts = Sequence[tuple[str, dt.date | None]]
Found = list[list[ExtractedEvent]]
Task = Callable[[list[tuple[str, dt.date | None]], SourceHints], Found]

# From <linux/prctl.h>.
PR_SET_PDEATHSIG = 1


class BatchExtractor(Protocol):
    async def extract(self, texts: Texts, hints: SourceHints) -> list[list[ExtractedEvent]]: ...


class ExtractionError(Exception):
    """A batch could not be extracted, though a fresh worker was tried; the message says why, without internals."""


@dataclass
class WorkerStatus:
    """What /healthz and /metrics tell of the extraction worker."""

    # Broken pools replaced by new ones since the service started.
    restarts: int = 0
    # No new worker works: after a batch failed twice, an empty batch failed too. Cleared by the next batch that works.
    broken: bool = False


def _extract_all(texts: Texts, hints: SourceHints, taxonomy: Taxonomy) -> list[list[ExtractedEvent]]:
    return [extract_events(text, published=published, hints=hints, taxonomy=taxonomy) for text, published in texts]


class ThreadExtractor:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy

    async def extract(self, texts: Texts, hints: SourceHints) -> list[list[ExtractedEvent]]:
        return await asyncio.to_thread(_extract_all, texts, hints, self._taxonomy)


_worker_taxonomy: Taxonomy | None = None


def _die_with_parent(parent_pid: int) -> None:
    """Have Linux SIGKILL this worker when the service dies, even by SIGKILL, when nothing of ours runs to clean up.

    The request follows the thread that started the worker. Workers start from ``submit``, which the service calls
    from its event loop, the thread that lives as long as the service. With the worker gone, the last write end of
    multiprocessing's resource-tracker pipe closes, and the tracker ends too (after unlinking the pool's
    semaphores), so nothing is left behind.
    """
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        log.warning("extraction worker: prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(ctypes.get_errno()))
    if os.getppid() != parent_pid:
        # The service died before the request took hold: nobody is left to send us work.
        os._exit(1)


def _start_worker(taxonomy: Taxonomy, parent_pid: int) -> None:
    global _worker_taxonomy
    _die_with_parent(parent_pid)
    _worker_taxonomy = taxonomy


def extract_in_worker(texts: list[tuple[str, dt.date | None]], hints: SourceHints) -> list[list[ExtractedEvent]]:
    assert _worker_taxonomy is not None, "worker started without a taxonomy"
    return _extract_all(texts, hints, _worker_taxonomy)


class ProcessExtractor:
    """Extraction in worker processes; the taxonomy is sent once per worker, not with every batch.

    ``task`` is what a worker runs on a batch; it is :func:`extract_in_worker` except in tests that make a worker
    die on purpose.
    """

    def __init__(self, taxonomy: Taxonomy, *, workers: int = 1, task: Task = extract_in_worker) -> None:
        self._taxonomy = taxonomy
        self._workers = workers
        self._task = task
        self.status = WorkerStatus()
        self._retry_turn = asyncio.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the service has threads (database, web server) that a forked child must not inherit.
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self._taxonomy, os.getpid()),
        )

    async def extract(self, texts: Texts, hints: SourceHints) -> list[list[ExtractedEvent]]:
        batch = list(texts)
        reason = await self._attempt(batch, hints)
        if isinstance(reason, list):
            return reason
        # Second tries take turns: a batch that kills the new worker too then kills it on its own turn, and the
        # other batches that died with the first worker get theirs on the worker started after it.
        async with self._retry_turn:
            found = await self._attempt(batch, hints)
            if isinstance(found, list):
                return found
            # The batch, or the worker? A worker that cannot read an empty batch either is down (it dies on start:
            # no memory, no processes left); otherwise it was this batch, and the new worker is fine.
            probe = await self._attempt([], hints)
        self.status.broken = not isinstance(probe, list)
        down = "; no new worker works either" if self.status.broken else ""
        raise ExtractionError(f"{found}, twice: {len(batch)} item(s) not read{down}")

    async def _attempt(self, batch: list[tuple[str, dt.date | None]], hints: SourceHints) -> Found | str:
        """The batch's events, or why the worker failed (after replacing it)."""
        pool = self._pool
        try:
            # submit may start the worker; OSError there means it could not be started (no memory, no pids).
            future = pool.submit(self._task, batch, hints)
        except (BrokenProcessPool, OSError) as exc:
            self._replace(pool, exc)
            return "the extraction worker could not be started"
        try:
            found = await asyncio.wrap_future(future)
        except BrokenProcessPool as exc:
            self._replace(pool, exc)
            return "the extraction worker died while reading this batch (killed, perhaps short of memory)"
        self.status.broken = False
        return found

    def _replace(self, broken: ProcessPoolExecutor, cause: BaseException) -> None:
        # Every batch in flight on a broken pool fails at once; only the first to get here replaces it.
        if broken is not self._pool:
            return
        broken.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        self.status.restarts += 1
        log.warning("extraction worker died; started a new one (%d restart(s) so far): %s", self.status.restarts, cause)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
