"""What a soak run records for judging (`bench/soak_checks.py`): each run of the service, each kill, the limits the
checks hold it to, what the database, the fakes and the logs hold at the end, and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field

from soak_telegram import Received


@dataclass(frozen=True, slots=True)
class Row:
    """A ``deliveries`` row as the checks need it."""

    chat_id: int
    event_id: int
    kind: str
    status: str


@dataclass
class Run:
    """One start of ``eventradar run``, until it was killed or stopped."""

    number: int
    pid: int
    started: float
    ended: float | None = None
    how: str = ""


@dataclass
class Chaos:
    at: float
    kind: str  # "service" | "worker"
    pid: int
    run: int
    in_flight: list[tuple[int, int, str]] = field(default_factory=list)  # (chat, event, kind) rows "sending"
    orphans: list[str] = field(default_factory=list)


@dataclass
class Limits:
    stall: float
    window: float
    grace: float
    max_silence: float
    max_rss_mb: float
    on_time: float  # an item is late when stored more than this after it appeared (a poll interval and jitter, + 20 s)


@dataclass
class Final:
    """What the database, the fakes and the logs hold at the end."""

    guid_copies: dict[str, int]
    url_copies: dict[str, int]
    bad_items_stored: int
    internal_stored: int
    mojibake_stored: int
    gbk_stored: int
    rows: list[Row]
    event_industries: dict[int, list[str]]
    active: dict[int, bool]
    received: list[Received]
    answers: dict[str, int]
    feed_counts: dict[str, int]
    good_faults: dict[str, list[float]]  # good source -> when it answered with a brief fault
    served: dict[str, list[float]]  # good source -> when it answered 200 with its feed
    asked: list[float]  # when any good source was asked for anything
    stop_code: int | None
    stop_seconds: float
    stop_orphans: list[str]
    poll_crashes: int
    tracebacks: int


@dataclass
class Verdict:
    checks: list[tuple[str, str, bool]] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(ok for _, _, ok in self.checks)
