"""Tracking jobs in flight, so shutdown can let their database writes finish.

APScheduler 3's asyncio executor cancels running coroutine jobs when the scheduler shuts down; a poll cancelled
between fetching and committing would lose its work. Jobs therefore run inside :meth:`InFlight.track`, and the
service pauses the scheduler, waits for :meth:`InFlight.drain`, and only then shuts it down.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class InFlight:
    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._closing = False

    @property
    def count(self) -> int:
        return self._count

    @property
    def closing(self) -> bool:
        """True once shutdown has begun: long jobs should stop starting new work."""
        return self._closing

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        self._count += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    async def drain(self, within_seconds: float) -> bool:
        """Stop admitting work and wait for what runs; False if it did not finish within ``within_seconds``."""
        self._closing = True
        try:
            await asyncio.wait_for(self._idle.wait(), within_seconds)
        except TimeoutError:
            return False
        return True
