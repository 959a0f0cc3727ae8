"""HTTP validators for feeds: ETag from the bytes, a Last-Modified that never moves backwards, 304 decisions.

Last-Modified starts from the newest update time of the events in a feed, but that alone can go back in time: when
the most recently changed event leaves the feed (deleted, merged into another, aged out of the window, or its
cancellation expired) the maximum drops, and a client sending ``If-Modified-Since`` would be told "not modified"
about a feed that did change. So each feed keeps a high-water mark: when its bytes change and the computed time is
not later than what we last announced, we announce the present moment instead (and always at least one second
later, the resolution of HTTP dates).

The marks live in memory. A restarted process cannot know what it announced before, so until it has seen a feed,
it announces no earlier than its own start: every earlier announcement was made before that instant, and the cost
is one full download per client after a restart. Forgetting a mark to bound memory raises that floor likewise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from email.utils import format_datetime, parsedate_to_datetime

Clock = Callable[[], dt.datetime]
_SECOND = dt.timedelta(seconds=1)


def whole_seconds(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def etag_of(body: bytes) -> str:
    # Weak, because GZipMiddleware serves the same entity compressed when asked and keeps the header as it is.
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


class HighWaterMarks:
    """Per feed: the ETag and Last-Modified last announced. Thread-safe; bounded to ``capacity`` feeds."""

    def __init__(self, clock: Clock, capacity: int = 10_000) -> None:
        self._clock = clock
        self._capacity = capacity
        self._floor = whole_seconds(clock())
        self._marks: OrderedDict[str, tuple[str, dt.datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def last_modified(self, key: str, etag: str, computed: dt.datetime | None) -> dt.datetime:
        """What to announce for feed ``key`` whose bytes hash to ``etag`` and whose newest event changed at
        ``computed`` (None for an empty feed)."""
        candidate = whole_seconds(computed) if computed is not None else None
        with self._lock:
            previous = self._marks.get(key)
            if previous is None:
                announced = max(candidate or self._floor, self._floor)
            elif previous[0] == etag:
                announced = max(previous[1], candidate or previous[1])
            elif candidate is not None and candidate > previous[1]:
                announced = candidate
            else:
                announced = max(whole_seconds(self._clock()), previous[1] + _SECOND)
            self._marks[key] = (etag, announced)
            self._marks.move_to_end(key)
            while len(self._marks) > self._capacity:
                _, (_, forgotten) = self._marks.popitem(last=False)
                # Whatever we announced for the forgotten feed is at most now: announce no earlier from here on.
                self._floor = max(self._floor, forgotten, whole_seconds(self._clock()))
            return announced


def not_modified(headers: Mapping[str, str], etag: str, last_modified: dt.datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since (ignored if unreadable)."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag.removeprefix("W/") in wanted
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return last_modified <= since
