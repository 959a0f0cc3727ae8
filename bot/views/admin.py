"""What admins see: /sources and their health, the answers of /addsource, and /stats."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.render import escape
from bot.texts import text
from bot.views.review import correction_summary
from db.models.sources import Source
from db.subscriptions import Stats
from scheduler.netpolicy import AddressBlocked

# A message stays under Telegram's 4096 characters with room to spare: /sources cuts whole lines past this.
_MAX_SOURCES_TEXT = 4000
_MAX_ERROR = 120
_MAX_SOURCE_NAME = 60


def sources(rows: Sequence[Source], language: str) -> str:
    """Each source with its state (⏸ off, ⚠️ failing, ✅ fine), kind, interval, last success and last error."""
    lines = [_source_line(source, language) for source in rows]
    body = text("sources", language, count=len(rows), items="\n".join(lines))
    # Many sources could pass the message limit; cut whole lines.
    while len(body) > _MAX_SOURCES_TEXT and lines:
        lines.pop()
        body = text("sources", language, count=len(rows), items="\n".join([*lines, "…"]))
    return body


def _source_line(source: Source, language: str) -> str:
    icon = "⏸" if not source.enabled else "⚠️" if source.consecutive_failures else "✅"
    error = (
        text(
            "source_error",
            language,
            failures=source.consecutive_failures,
            error=escape((source.last_error or "")[:_MAX_ERROR]),
        )
        if source.consecutive_failures
        else ""
    )
    success = (
        source.last_success_at.strftime("%Y-%m-%d %H:%M UTC") if source.last_success_at else text("never", language)
    )
    return text(
        "source_line",
        language,
        icon=icon,
        key=escape(source.key),
        name=escape(source.name[:_MAX_SOURCE_NAME]),
        kind=source.kind,
        interval=source.interval_minutes,
        success=success,
        error=error,
    )


def addsource_usage(kinds: Sequence[str], language: str) -> str:
    return text("addsource_usage", language, kinds=", ".join(kinds))


def addsource_bad_kind(kind: str, kinds: Sequence[str], language: str) -> str:
    return text("addsource_bad_kind", language, kind=escape(kind), kinds=", ".join(kinds))


def addsource_private(refusal: AddressBlocked, language: str) -> str:
    """The address is on a private network: sources are polled only on the public internet."""
    return text("addsource_private", language, host=escape(refusal.host), address=escape(refusal.address))


def addsource_result(result: actions.AddSourceResult, kind: str, language: str) -> str:
    key = "addsource_done" if result.created else "addsource_exists"
    return text(key, language, key=escape(result.key), kind=kind)


def stats(counts: Stats, outbox: dict[str, int], corrections: dict[str, int], language: str) -> str:
    """Subscribers, subscriptions, events, sources, the outbox by status, and admins' corrections."""
    done, open_reports = correction_summary(corrections, language)
    return text(
        "stats",
        language,
        subscribers=counts.subscribers,
        active=counts.active_subscribers,
        groups=counts.groups,
        subscriptions=counts.subscriptions,
        events=counts.events_upcoming,
        sources=counts.sources_enabled,
        failing=counts.sources_failing,
        outbox=", ".join(f"{status} {n}" for status, n in sorted(outbox.items())) or "0",
    ) + text("stats_corrections", language, corrections=done, open_reports=open_reports)
