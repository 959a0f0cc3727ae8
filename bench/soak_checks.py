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

import collections
import re
import statistics
from collections.abc import Sequence

from soak_feeds import INTERNAL_REACHED, FeedPlan, Item
from soak_health import health_checks
from soak_probes import Observations
from soak_record import Chaos, Final, Limits, Run, Verdict
from soak_telegram import Received

from bot.texts import text

_KINDS = {
    text("alert_new", "zh").split()[0]: "new",
    text("alert_changed", "zh").split()[0]: "changed",
    text("alert_cancelled", "zh").split()[0]: "changed",
    text("alert_reminder", "zh").split()[0]: "reminder",
    text("digest_header", "zh").split()[0]: "digest",
}
_EVENT_ID = re.compile(r"/event (\d+)")


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
    health_checks(plan.owed(), runs, chaos, seen, final, limits, verdict)
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
