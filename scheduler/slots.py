"""Fetch slots: which source fetches next, and how long one fetch may keep others waiting.

``max_concurrent_fetches`` bounds the fetches in flight, but a bound alone lets bad sources starve good ones:
a site that trickles its body a byte a second keeps its slot until the fetch deadline, and a few of them fill every
slot. So a slot is lent, not given:

- a fetch holds a *fast* slot for at most ``slow_after`` seconds; a fetch still running then moves to the *slow*
  lane (as many slots again) and frees its fast slot for the next source; when the slow lane is full too, it fails
  as a timeout instead of waiting;
- a source whose last poll failed waits behind every healthy source for a fast slot.

A healthy source therefore waits at most ``slow_after`` seconds (plus the fetches of other healthy sources) for a
slot, whatever number of sources are known to fail. Sites that fail for the first time cannot be told apart
beforehand: each holds a fast slot for ``slow_after`` seconds once, so N of them queued ahead of a healthy source
delay it by about N / slots x ``slow_after`` in that round, and never again while they keep failing.
"""

from __future__ import annotations

import asyncio
from collections import deque


class PrioritySlots:
    """A counting semaphore whose waiters are served preferred-first, then in arrival order."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiters: dict[bool, deque[asyncio.Future[None]]] = {True: deque(), False: deque()}

    @property
    def full(self) -> bool:
        return self._free == 0

    def try_acquire(self) -> bool:
        if self._free == 0 or self._waiting():
            return False
        self._free -= 1
        return True

    async def acquire(self, *, preferred: bool = True) -> None:
        if self.try_acquire():
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._waiters[preferred]
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot just as we were cancelled: pass it on
            else:
                queue.remove(waiter)
            raise

    def release(self) -> None:
        # Hand the slot straight to the next waiter, so a newcomer cannot overtake the queue.
        for preferred in (True, False):
            queue = self._waiters[preferred]
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._free += 1

    def _waiting(self) -> bool:
        return any(not waiter.done() for queue in self._waiters.values() for waiter in queue)
