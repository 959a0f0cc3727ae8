"""A scheduler heartbeat: proof for /healthz that jobs really fire, not just that the scheduler object exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

HEARTBEAT_SECONDS = 30


@dataclass
class Heartbeat:
    clock: Callable[[], dt.datetime]
    last_beat: dt.datetime | None = field(default=None)

    def beat(self) -> None:
        self.last_beat = self.clock()

    def age_seconds(self) -> float | None:
        if self.last_beat is None:
            return None
        return (self.clock() - self.last_beat).total_seconds()

    def is_stale(self) -> bool:
        age = self.age_seconds()
        # Two missed beats (plus slack for a busy loop) before calling the scheduler stuck.
        return age is not None and age > 2 * HEARTBEAT_SECONDS + 10
