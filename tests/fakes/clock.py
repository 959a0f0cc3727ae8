"""A settable UTC clock for code that takes its time as a parameter: tests move time instead of waiting."""

from __future__ import annotations

import datetime as dt


class FakeClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)
