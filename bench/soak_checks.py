"""Judging a soak run: from the plan, the chaos, what was watched and what the database and the fake Bot API hold at the
end, the checks of issue #12 (each passes or fails, with its figures) and the figures that are only reported.

The definitions, precisely:

* **Items**: every good item of a good source (the plan's owed items) is stored exactly once: one article with its
  guid, and one with its link. Bad items (inside good feeds) and the bad and SSRF sources' items are not owed.
* **Messages**: every ``deliveries`` row of an active chat that is not ``cancelled`` is owed; it must be ``sent``,
  and the fake Bot API must hold as many messages for its (chat, event, kind) as there are sent rows. Each event in
  the database whose industries meet the subscriptions must owe every active chat its "new" alert (nothing lost
  before the outbox). A message the fake holds more often than rows were sent is a duplicate; a duplicate is
  allowed only when its row was ``sending`` in the database at a ``kill -9`` of the service (a message in flight).
  The blocked chat (403) owes nothing; it must end inactive.
* **/healthz told the truth**: polling had *stopped* at a moment t, in a service run up for at least ``stall``
  seconds, when in the ``stall`` seconds before t either no good source was asked for anything, or no good item was
  stored though the feed server had served one not yet stored at least 30 s before t (fetched, never stored). A
  200 at such a moment is a lie. (A source that is merely backing off, or has nothing new, is not a stop.) After each
  ``kill -9`` of the extraction worker, within ``window`` seconds either an item published after the kill is stored
  (recovered) or every answer from ``grace`` seconds after the kill on is non-200 naming ``extraction``; anything
  else (200 while nothing is stored) is a silent failure. While a run is up, after its first answer, /healthz must
  answer: no stretch without an answer longer than ``max_silence`` seconds. While no run is up, no answer is
  expected.
* **Memory bounded**: the peak RSS of the service and its children together stays under ``max_rss_mb`` (the larger
  of the sampled sum and the sum of their high-water marks, VmHWM, which catches spikes between samples), and the
  median of the last third of the RSS samples is at most 1.5 times the median of the first third.
* **On time** (the issue's "polling a good source is never delayed more than its own interval by any number of bad
  sources"): a good item is stored within ``on_time`` seconds of appearing (a poll interval, its jitter and 20 s),
  unless a kill, a restart or a brief fault of its own source fell in between.
* Also: the internal address is never asked for anything and nothing from it is stored (SSRF), no GBK item is
  stored as mojibake, a killed service leaves no child running, the service never exits on its own, and SIGTERM at
  the end stops it within 5 s with exit code 0.
"""

from __future__ import annotations

import bisect
import collections
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from soak_feeds import INTERNAL_REACHED, FeedPlan, Item
from soak_probes import HealthProbe, Observations
from soak_telegram import Received

from bot.texts import text


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


_KINDS = {
    text("alert_new", "zh").split()[0]: "new",
    text("alert_changed", "zh").split()[0]: "changed",
    text("alert_cancelled", "zh").split()[0]: "changed",
    text("alert_reminder", "zh").split()[0]: "reminder",
    text("digest_header", "zh").split()[0]: "digest",
}
_EVENT_ID = re.compile(r"/event (\d+)")
# An item fetched this long ago should be stored by now: extraction and one write take seconds, not half a minute.
FETCH_TO_STORE = 30.0


def message_key(message: Received) -> tuple[int, int, str]:
    """(chat, event, kind) of an alert as the fake received it."""
    kind = _KINDS.get(message.text.split()[0] if message.text else "", "other")
    found = _EVENT_ID.search(message.text)
    return message.chat_id, int(found.group(1)) if found else 0, kind


def judge(
    plan: FeedPlan,
    runs: Sequence[Run],
    chaos: Sequence[Chaos],
    seen: Observations,
    final: Final,
    limits: Limits,
    *,
    subscribed: frozenset[str],
    chats: Sequence[int],
    blocked: int,
) -> Verdict:
    verdict = Verdict()
    _items(plan, seen, final, verdict)
    _on_time(plan.owed(), runs, chaos, seen, final, limits, verdict)
    _messages(chaos, final, verdict, subscribed=subscribed, chats=chats, blocked=blocked)
    _health(plan.owed(), runs, chaos, seen, final, limits, verdict)
    _memory(seen, limits, verdict)
    _rest(runs, chaos, seen, final, verdict)
    return verdict


def _items(plan: FeedPlan, seen: Observations, final: Final, verdict: Verdict) -> None:
    owed = plan.owed()
    copies = [max(final.guid_copies.get(i.guid, 0), final.url_copies.get(i.link, 0)) for i in owed]
    missing = [i for i, n in zip(owed, copies, strict=True) if n == 0]
    extra = sum(n - 1 for n in copies if n > 1)
    lost_by = collections.Counter(i.source for i in missing)
    detail = f"{len(owed)} owed, {sum(1 for n in copies if n == 1)} stored once, {len(missing)} missing, {extra} extra"
    if missing:
        detail += " (missing by source: " + ", ".join(f"{k} {n}" for k, n in sorted(lost_by.items())) + ")"
    verdict.checks.append(("every good item stored exactly once", detail, not missing and not extra))
    bad = [i for i in plan.items if i.bad]
    kinds = collections.Counter(i.bad for i in bad)
    verdict.figures.append(
        (
            "bad items inside good feeds",
            f"{len(bad)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); stored repaired: "
            f"{final.bad_items_stored}",
        )
    )
    lags = sorted(seen.stored_at[i.guid] - i.at for i in owed if i.guid in seen.stored_at)
    if lags:
        p95 = lags[min(len(lags) - 1, int(len(lags) * 0.95))]
        verdict.figures.append(
            (
                "good item published → seen stored (2 s sampling; includes restarts)",
                f"median {statistics.median(lags):.0f} s, p95 {p95:.0f} s, max {lags[-1]:.0f} s",
            )
        )


def _on_time(
    owed: Sequence[Item],
    runs: Sequence[Run],
    chaos: Sequence[Chaos],
    seen: Observations,
    final: Final,
    limits: Limits,
    verdict: Verdict,
) -> None:
    """Good sources polled on time: an item is late when stored more than ``on_time`` after it appeared, though no
    kill, restart or fault of its own source fell in between (those delay it by their own rules)."""
    moments = [e.at for e in chaos] + [r.started for r in runs]
    late: list[tuple[Item, float]] = []
    excused = 0
    for item in owed:
        stored = seen.stored_at.get(item.guid)
        if stored is None or stored - item.at <= limits.on_time:
            continue
        faults = final.good_faults.get(item.source, [])
        if any(item.at - 5 <= t <= stored for t in [*moments, *faults]):
            excused += 1
        else:
            late.append((item, stored - item.at))
    worst = max(late, key=lambda pair: pair[1], default=None)
    verdict.checks.append(
        (
            f"good sources polled on time (stored within {limits.on_time:.0f} s)",
            f"{len(late)} late without a kill, restart or fault of their own source in between"
            + (f" (worst {worst[0].guid}: {worst[1]:.0f} s)" if worst else "")
            + f"; {excused} later for such a reason",
            not late,
        )
    )


def _messages(
    chaos: Sequence[Chaos],
    final: Final,
    verdict: Verdict,
    *,
    subscribed: frozenset[str],
    chats: Sequence[int],
    blocked: int,
) -> None:
    active_chats = [chat for chat in chats if final.active.get(chat)]
    owed = [r for r in final.rows if r.chat_id in chats and r.status != "cancelled"]
    unsent = collections.Counter(r.status for r in owed if r.status != "sent")
    sent_rows = collections.Counter((r.chat_id, r.event_id, r.kind) for r in owed if r.status == "sent")
    got = collections.Counter(message_key(m) for m in final.received if m.chat_id in chats)
    never_arrived = sum(max(0, n - got.get(key, 0)) for key, n in sent_rows.items())
    duplicated = {key: n - sent_rows.get(key, 0) for key, n in got.items() if n > sent_rows.get(key, 0)}
    in_flight = {key for event in chaos for key in event.in_flight}
    unexplained = {key: n for key, n in duplicated.items() if key not in in_flight}
    new_rows = {(r.chat_id, r.event_id) for r in final.rows if r.kind == "new"}
    matching = [e for e, industries in final.event_industries.items() if subscribed & set(industries)]
    never_owed = sum(1 for e in matching for chat in active_chats if (chat, e) not in new_rows)
    lost = sum(unsent.values()) + never_arrived + never_owed
    detail = (
        f"{len(owed)} owed to {len(chats)} chats, {len(owed) - sum(unsent.values())} sent, "
        f"{len(final.received) - sum(1 for m in final.received if m.chat_id not in chats)} received; "
        f"lost {lost} (unsent {dict(unsent) or 0}, marked sent but never received {never_arrived}, "
        f"events never owed {never_owed}); chats still active {len(active_chats)}/{len(chats)}"
    )
    verdict.checks.append(("every owed message delivered", detail, lost == 0 and len(active_chats) == len(chats)))
    verdict.checks.append(
        (
            "duplicates only for messages in flight at a kill",
            f"{sum(duplicated.values())} duplicated, {sum(unexplained.values())} of them not in flight at a kill "
            f"({sum(len(e.in_flight) for e in chaos)} rows were in flight at the kills)",
            not unexplained,
        )
    )
    blocked_rows = collections.Counter(r.status for r in final.rows if r.chat_id == blocked)
    verdict.checks.append(
        (
            "the blocked chat (403) deactivated, owed nothing",
            f"active: {final.active.get(blocked)}; its rows: {dict(blocked_rows) or 0}",
            final.active.get(blocked) is False,
        )
    )
    answers = ", ".join(f"{k} {n}" for k, n in sorted(final.answers.items()))
    verdict.figures.append(("fake Bot API answers to sendMessage", answers or "none"))


def _stalled(
    owed: Sequence[Item], seen: Observations, final: Final, stored: list[float], at: float, stall: float
) -> bool:
    """Polling stopped at ``at`` (see the module docstring)."""
    if bisect.bisect_right(final.asked, at) == bisect.bisect_right(final.asked, at - stall):
        return True  # no good source was even asked
    if bisect.bisect_right(stored, at) > bisect.bisect_right(stored, at - stall):
        return False

    def fetched(item: Item) -> bool:
        return any(item.at <= t and at - stall < t <= at - FETCH_TO_STORE for t in final.served.get(item.source, ()))

    # Items fetched, long enough ago, and still not stored.
    return any(seen.stored_at.get(item.guid, float("inf")) > at and fetched(item) for item in owed)


def _health(
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
        if p.code not in (200, None)
    ]
    verdict.figures.append(
        (
            "/healthz answers while a run was up",
            ", ".join(f"{k}: {n}" for k, n in sorted(codes.items()))
            + (f"; not 200: {', '.join(refusals[:6])}{' …' if len(refusals) > 6 else ''}" if refusals else ""),
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


def _memory(seen: Observations, limits: Limits, verdict: Verdict) -> None:
    samples = seen.memory
    if len(samples) < 3:
        verdict.checks.append(("memory bounded", "too few samples", False))
        return
    peak = max(samples, key=lambda s: s.total_kb)
    # Spikes between two samples (a gzip bomb inflating) show in each process's high-water mark; their sum bounds
    # the tree's true peak from above.
    hwm = max(samples, key=lambda s: sum(s.hwm_by_role.values()))
    bound = max(peak.total_kb, sum(hwm.hwm_by_role.values())) / 1024
    third = len(samples) // 3
    first = statistics.median(s.total_kb for s in samples[:third]) / 1024
    last = statistics.median(s.total_kb for s in samples[-third:]) / 1024
    roles: dict[str, int] = {}
    for sample in samples:
        for role, kb in sample.hwm_by_role.items():
            roles[role] = max(roles.get(role, 0), kb)
    verdict.checks.append(
        (
            f"memory bounded (peak < {limits.max_rss_mb:.0f} MB, last third ≤ 1.5 × first)",
            f"peak {bound:.0f} MB (sampled {peak.total_kb / 1024:.0f} MB at {peak.at:.0f} s); median RSS of the "
            f"first third of the samples {first:.0f} MB, of the last third {last:.0f} MB",
            bound < limits.max_rss_mb and last <= 1.5 * first,
        )
    )
    peaks = ", ".join(f"{role} {kb / 1024:.0f} MB" for role, kb in sorted(roles.items()) if kb)
    verdict.figures.append(("peak RSS by process (VmHWM)", peaks))


def _rest(runs: Sequence[Run], chaos: Sequence[Chaos], seen: Observations, final: Final, verdict: Verdict) -> None:
    exits = [f"run {r.number} {r.how} at {r.ended:.0f} s" for r in runs if r.how.startswith("exited") and r.ended]
    verdict.checks.append(
        ("the service never exited on its own", "; ".join(exits) or "never", not exits),
    )
    reached = final.feed_counts.get(INTERNAL_REACHED, 0)
    verdict.checks.append(
        (
            "the internal address never reached, nothing from it stored (SSRF)",
            f"reached {reached} times, {final.internal_stored} stored",
            not reached and not final.internal_stored,
        )
    )
    verdict.checks.append(
        (
            "no GBK item stored as mojibake",
            f"{final.mojibake_stored} of {final.gbk_stored} stored GBK items garbled",
            not final.mojibake_stored,
        )
    )
    orphans = [o for e in chaos for o in e.orphans]
    verdict.checks.append(
        (
            "a killed service leaves no child running",
            f"{len(orphans)} left running ({'; '.join(orphans)})" if orphans else "none left",
            not orphans,
        )
    )
    clean = final.stop_code == 0 and final.stop_seconds <= 5 and not final.stop_orphans
    verdict.checks.append(
        (
            "SIGTERM at the end: exit 0 within 5 s, no child left",
            f"exit {final.stop_code} after {final.stop_seconds:.1f} s; children left: {len(final.stop_orphans)}",
            clean,
        )
    )
    kills = collections.Counter(e.kind for e in chaos)
    # From a kill -9 of the service to the first answer of the run started after it.
    restarts = [
        min((p.at for p in seen.health if p.code is not None and p.at > e.at), default=e.at) - e.at
        for e in chaos
        if e.kind == "service"
    ]
    verdict.figures.append(
        (
            "chaos",
            f"kill -9 service {kills['service']}, kill -9 worker {kills['worker']}, runs {len(runs)} "
            f"({', '.join(r.how for r in runs if r.how.startswith('exited'))})".replace(" ()", "")
            + (f"; restart to first /healthz answer: max {max(restarts):.0f} s" if restarts else ""),
        )
    )
    verdict.figures.append(("moments", ", ".join(f"{e.kind} {e.at:.0f} s" for e in chaos) or "none"))
    faults = ", ".join(f"{k} {n}" for k, n in sorted(final.feed_counts.items()))
    verdict.figures.append(("feed server answers", faults))
    verdict.figures.append(
        (
            "service logs",
            f"{final.poll_crashes} poll crash(es) outside the error handling, {final.tracebacks} tracebacks",
        )
    )
