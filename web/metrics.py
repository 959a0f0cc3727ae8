"""/metrics in the Prometheus text format (0.0.4): source health, articles, events, the delivery outbox, people's
corrections (admin actions, open reports, unconfirmed events), poll and send latencies, and the extraction worker's
restarts.

Counts come from the database at scrape time (:mod:`db.metrics`). Send latency is measured from the outbox (due →
sent) over the last day. Poll latency is not stored anywhere, so the poller reports it to a :class:`Latencies`
object the composition root shares with the web app; until it does, the histogram stays empty but present. The
extraction worker's restarts are counted by the extractor itself (:class:`scheduler.extraction.WorkerStatus`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections.abc import Iterable

from sqlalchemy import Engine

from db.engine import reading
from db.metrics import Counts, read_counts
from scheduler.extraction import WorkerStatus
from web.validators import Clock

BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
SEND_WINDOW = dt.timedelta(days=1)


class Histogram:
    """A cumulative Prometheus histogram, safe to observe from any thread."""

    def __init__(self, buckets: Iterable[float] = BUCKETS) -> None:
        self.buckets = tuple(sorted(buckets))
        self._counts = [0] * (len(self.buckets) + 1)
        self._sum = 0.0
        self._lock = threading.Lock()

    def observe(self, seconds: float) -> None:
        with self._lock:
            self._counts[bisect.bisect_left(self.buckets, seconds)] += 1
            self._sum += seconds

    def lines(self, name: str, labels: str = "") -> list[str]:
        with self._lock:
            counts, total = list(self._counts), self._sum
        out, running = [], 0
        sep = "," if labels else ""
        for bound, count in zip((*self.buckets, float("inf")), counts, strict=True):
            running += count
            le = "+Inf" if bound == float("inf") else f"{bound:g}"
            out.append(f'{name}_bucket{{{labels}{sep}le="{le}"}} {running}')
        suffix = f"{{{labels}}}" if labels else ""
        out.append(f"{name}_sum{suffix} {total:.6f}")
        out.append(f"{name}_count{suffix} {running}")
        return out


class Latencies:
    """Timings the other components report: the poller observes ``poll`` (seconds per source poll)."""

    def __init__(self) -> None:
        self.poll = Histogram()


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _family(name: str, kind: str, help_text: str) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]


def format_metrics(
    counts: Counts, now: dt.datetime, latencies: Latencies, extraction: WorkerStatus | None = None
) -> str:
    lines: list[str] = []
    enabled = [s for s in counts.sources if s.enabled]
    failing = [s for s in enabled if s.consecutive_failures > 0]
    lines += _family("eventradar_sources", "gauge", "Enabled sources by health (failing: last poll failed).")
    lines.append(f'eventradar_sources{{state="ok"}} {len(enabled) - len(failing)}')
    lines.append(f'eventradar_sources{{state="failing"}} {len(failing)}')
    lines += _family("eventradar_source_up", "gauge", "1 when the source's last poll succeeded, per enabled source.")
    for source in enabled:
        lines.append(f'eventradar_source_up{{source="{_label(source.key)}"}} {0 if source.consecutive_failures else 1}')
    lines += _family("eventradar_source_consecutive_failures", "gauge", "Failed polls in a row, per enabled source.")
    for source in enabled:
        lines.append(
            f'eventradar_source_consecutive_failures{{source="{_label(source.key)}"}} {source.consecutive_failures}'
        )
    lines += _family(
        "eventradar_source_last_success_age_seconds", "gauge", "Seconds since the source last answered, per source."
    )
    for source in enabled:
        if source.last_success_at is not None:
            age = max((now - source.last_success_at).total_seconds(), 0.0)
            lines.append(f'eventradar_source_last_success_age_seconds{{source="{_label(source.key)}"}} {age:.0f}')
    lines += _family("eventradar_articles", "gauge", "Articles stored.")
    lines.append(f"eventradar_articles {counts.articles}")
    lines += _family("eventradar_events", "gauge", "Events stored, by status.")
    for status, count in counts.events_by_status.items():
        lines.append(f'eventradar_events{{status="{status}"}} {count}')
    lines += _family("eventradar_deliveries", "gauge", "Messages in the delivery outbox, by status.")
    for status, count in counts.deliveries_by_status.items():
        lines.append(f'eventradar_deliveries{{status="{status}"}} {count}')
    lines += _family(
        "eventradar_corrections_total", "counter", "Admin corrections of events, by action (db.corrections)."
    )
    for action, count in sorted(counts.corrections.items()):
        if action != "open_reports":
            lines.append(f'eventradar_corrections_total{{action="{_label(action)}"}} {count}')
    lines += _family("eventradar_reports_open", "gauge", "Readers' reports waiting for an admin.")
    lines.append(f"eventradar_reports_open {counts.corrections.get('open_reports', 0)}")
    lines += _family("eventradar_events_unconfirmed", "gauge", "Events held for an admin's approval before alerts.")
    lines.append(f"eventradar_events_unconfirmed {counts.events_held}")
    lines += _family(
        "eventradar_poll_duration_seconds", "histogram", "Time to poll one source (fetch, extract, store)."
    )
    lines += latencies.poll.lines("eventradar_poll_duration_seconds")
    send = Histogram()
    for seconds in counts.send_latencies:
        send.observe(seconds)
    lines += _family(
        "eventradar_send_latency_seconds", "histogram", "From a message being due to Telegram accepting it, last 24 h."
    )
    lines += send.lines("eventradar_send_latency_seconds")
    worker = extraction or WorkerStatus()
    lines += _family(
        "eventradar_extraction_worker_restarts_total",
        "counter",
        "Extraction worker processes replaced after one died (killed, e.g. by the OOM killer).",
    )
    lines.append(f"eventradar_extraction_worker_restarts_total {worker.restarts}")
    lines += _family(
        "eventradar_extraction_worker_up",
        "gauge",
        "0 while no new extraction worker works (one died on an empty batch).",
    )
    lines.append(f"eventradar_extraction_worker_up {0 if worker.broken else 1}")
    return "\n".join(lines) + "\n"


class MetricsCollector:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        latencies: Latencies | None = None,
        extraction: WorkerStatus | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self.latencies = latencies or Latencies()
        self.extraction = extraction

    def render(self) -> str:
        now = self._clock()
        with reading(self._engine) as session:
            counts = read_counts(session, since=now - SEND_WINDOW)
        return format_metrics(counts, now, self.latencies, self.extraction)
