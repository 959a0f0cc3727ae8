"""Admin commands (/sources, /addsource, /stats): only in a private chat with one of ``telegram.admin_chat_ids``."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import actions
from bot.handlers.common import _language, _reply, services
from bot.render import escape
from bot.review_views import (
    correction_summary,
)
from bot.texts import text
from outgoing.links import safe_link
from scheduler.netpolicy import url_refusal

log = logging.getLogger(__name__)


# --- admins -------------------------------------------------------------------------------------------------


def _admin_here(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The one rule for who acts as an admin: one of the service's admins, in a private chat with the bot."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != ChatType.PRIVATE:
        return False
    return services(context).is_admin(user.id if user else None)


async def _refuse_non_service_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Admin commands: only in a private chat, only from an admin (see the module's docstring for groups)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await _reply(update, text("admin_private_only", await _language(update, context)))
        return True
    if _admin_here(update, context):
        return False
    await _reply(update, text("admin_only", await _language(update, context)))
    return True


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources (admins): the sources and their health."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    rows = await svc.run(actions.sources)
    lines = []
    for source in rows:
        icon = "⏸" if not source.enabled else "⚠️" if source.consecutive_failures else "✅"
        error = (
            text(
                "source_error",
                language,
                failures=source.consecutive_failures,
                error=escape((source.last_error or "")[:120]),
            )
            if source.consecutive_failures
            else ""
        )
        success = (
            source.last_success_at.strftime("%Y-%m-%d %H:%M UTC") if source.last_success_at else text("never", language)
        )
        lines.append(
            text(
                "source_line",
                language,
                icon=icon,
                key=escape(source.key),
                name=escape(source.name[:60]),
                kind=source.kind,
                interval=source.interval_minutes,
                success=success,
                error=error,
            )
        )
    body = text("sources", language, count=len(rows), items="\n".join(lines))
    # Many sources could pass the message limit; cut whole lines.
    while len(body) > 4000 and lines:
        lines.pop()
        body = text("sources", language, count=len(rows), items="\n".join([*lines, "…"]))
    await _reply(update, body)


async def add_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addsource URL [kind] (admins): add a public source to poll."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    kinds = actions.source_kinds()
    kinds_text = ", ".join(kinds)
    args = context.args or []
    if not args or len(args) > 2:
        await _reply(update, text("addsource_usage", language, kinds=kinds_text))
        return
    url, kind = args[0], (args[1] if len(args) > 1 else "rss")
    # The same rule as for every link we show (outgoing.links), and no longer than the column it is stored in.
    if safe_link(url) is None or len(url) > actions.MAX_SOURCE_URL:
        await _reply(update, text("addsource_bad_url", language))
        return
    if kind not in kinds:
        await _reply(update, text("addsource_bad_kind", language, kind=escape(kind), kinds=kinds_text))
        return
    refusal = await url_refusal(url)
    if refusal is not None:
        await _reply(
            update, text("addsource_private", language, host=escape(refusal.host), address=escape(refusal.address))
        )
        return
    result = await svc.run(partial(actions.add_source, url=url, kind=kind))
    key = "addsource_done" if result.created else "addsource_exists"
    await _reply(update, text(key, language, key=escape(result.key), kind=kind))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): subscribers, events, outbox, corrections."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    counts, outbox, fixes = await svc.run(partial(actions.admin_stats, today=svc.today()))
    corrections, open_reports = correction_summary(fixes, language)
    await _reply(
        update,
        text(
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
        )
        + text("stats_corrections", language, corrections=corrections, open_reports=open_reports),
    )
