"""Judging a soak run's /healthz: it never answers 200 while polling has stopped, after each ``kill -9`` of the
extraction worker it either recovers or says so naming ``extraction``, and it answers while the service runs. The
definitions, precisely, are in the docstring of `bench/soak_checks.py`."""

from __future__ import annotations

import bisect
import collections
from collections.abc import Sequence

from soak_feeds import Item
from soak_probes import HealthProbe, Observations
from soak_record import Chaos, Final, Limits, Run, Verdict

# An item fetched this long ago should be stored by now: extraction and one write take seconds, not half a minute.
FETCH_TO_STORE = 30.0


def _stalled(
    owed: Sequence[Item], seen: Observations, final: Final, stored: list[float], at: float, stall: float
) -> bool:
    """Polling stopped at ``at`` (see the docstring of `bench/soak_checks.py`)."""
    if bisect.bisect_right(final.asked, at) == bisect.bisect_right(final.asked, at - stall):
        return True  # no good source was even asked
    if bisect.bisect_right(stored, at) > bisect.bisect_right(stored, at - stall):
        return False

    def fetched(item: Item) -> bool:
        return any(item.at <= t and at - stall < t <= at - FETCH_TO_STORE for t in final.served.get(item.source, ()))

    # Items fetched, long enough ago, and still not stored.
    return any(seen.stored_at.get(item.guid, float("inf")) > at and fetched(item) for item in owed)


def health_checks(
    owed: Sequence[Item],
    runs: Sequence[Run],
    chaos: Sequence[Chaos],
    seen: Observations,
    final: Final,
    limits: Limits,
    verdict: Verdict,
) -> None:
    started = {run.number: run.started for run in runs}
    stored = sorted(seen.stored_at.values())
    up = [p for p in seen.health if p.instance]
    answered = {run.number: min((p.at for p in up if p.instance == run.number and p.code), default=0.0) for run in runs}
    stalled = [
        p
        for p in up
        if p.at - limits.stall >= started[p.instance] and _stalled(owed, seen, final, stored, p.at, limits.stall)
    ]
    lies = [p for p in stalled if p.code == 200]
    codes = collections.Counter(
        str(p.code) if p.code else "no answer" if p.at > answered[p.instance] else "no answer yet (starting)"
        for p in up
    )
    refusals = [
        f"{'+'.join(p.failing) or p.status} at {p.at:.0f} s ({p.at - started[p.instance]:.0f} s into run {p.instance})"
        for p in up
        if p.code != 200 and (p.code is not None or p.at > answered[p.instance])
    ]
    verdict.figures.append(
        (
            "/healthz answers while a run was up",
            ", ".join(f"{k}: {n}" for k, n in sorted(codes.items()))
            + (
                f"; not 200 after the first answer: {', '.join(refusals[:6])}{' …' if len(refusals) > 6 else ''}"
                if refusals
                else ""
            ),
        )
    )
    verdict.checks.append(
        (
            f"/healthz never 200 while polling stopped (>{limits.stall:.0f} s)",
            f"polling stopped at {len(stalled)} probes, 200 at {len(lies)}"
            + (f" (first at {lies[0].at:.0f} s, last at {lies[-1].at:.0f} s)" if lies else ""),
            not lies,
        )
    )
    silent = _worker_kills(owed, runs, chaos, seen, limits, verdict)
    verdict.checks.append(
        (
            "after each worker kill: recovered, or /healthz 503 naming extraction",
            f"{sum(1 for e in chaos if e.kind == 'worker')} worker kills, {silent} silent",
            silent == 0,
        )
    )
    longest = _longest_silence(up, runs)
    verdict.checks.append(
        (
            "/healthz answers while the service runs",
            f"longest stretch without an answer: {longest:.0f} s",
            longest <= limits.max_silence,
        )
    )


def _worker_kills(
    owed: Sequence[Item],
    runs: Sequence[Run],
    chaos: Sequence[Chaos],
    seen: Observations,
    limits: Limits,
    verdict: Verdict,
) -> int:
    silent = 0
    ends = {run.number: run.ended for run in runs}
    for event in (e for e in chaos if e.kind == "worker"):
        run_end = ends.get(event.run)
        end = min(event.at + limits.window, run_end if run_end is not None else float("inf"))
        later = [seen.stored_at[i.guid] for i in owed if i.at > event.at and i.guid in seen.stored_at]
        recovered = min((t for t in later if t <= end), default=None)
        workers = [t for pid, (run, t) in seen.workers_seen.items() if run == event.run and t > event.at]
        new_worker = f"new worker after {min(workers) - event.at:.0f} s" if workers else "no new worker seen"
        probes = [p for p in seen.health if p.instance == event.run and event.at < p.at <= end]
        late = [p for p in probes if p.at >= event.at + limits.grace]
        codes = collections.Counter(str(p.code) if p.code else "none" for p in probes)
        if recovered is not None:
            outcome = f"recovered: an item published after the kill stored {recovered - event.at:.0f} s after the kill"
        elif end < event.at + limits.window:
            outcome = f"inconclusive: the run ended {end - event.at:.0f} s after the kill"
        elif late and all(p.code != 200 and "extraction" in p.failing for p in late):
            outcome = "reported: nothing stored, /healthz 503 naming extraction"
        else:
            silent += 1
            outcome = f"SILENT: nothing stored for {limits.window:.0f} s while /healthz answered 200"
        verdict.figures.append(
            (
                f"kill -9 worker {event.pid} at {event.at:.0f} s",
                f"{outcome}; {new_worker}; /healthz in the window: {dict(codes)}",
            )
        )
    return silent


def _longest_silence(up: Sequence[HealthProbe], runs: Sequence[Run]) -> float:
    longest = 0.0
    for run in runs:
        probes = [p for p in up if p.instance == run.number]
        answered = [i for i, p in enumerate(probes) if p.code is not None]
        if not answered:
            continue
        silent_since: float | None = None
        for probe in probes[answered[0] :]:
            if probe.code is None:
                silent_since = probe.at if silent_since is None else silent_since
                longest = max(longest, probe.at - silent_since + 1.0)
            else:
                silent_since = None
    return longest
