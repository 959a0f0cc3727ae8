"""Admin commands (/sources, /addsource, /stats): only in a private chat with one of ``telegram.admin_chat_ids``."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import actions
from bot.handlers.common import _language, _reply, services
from bot.texts import text
from bot.views import admin as views
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
    await _reply(update, views.sources(rows, language))


async def add_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addsource URL [kind] (admins): add a public source to poll."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    kinds = actions.source_kinds()
    args = context.args or []
    if not args or len(args) > 2:
        await _reply(update, views.addsource_usage(kinds, language))
        return
    url, kind = args[0], (args[1] if len(args) > 1 else "rss")
    # The same rule as for every link we show (outgoing.links), and no longer than the column it is stored in.
    if safe_link(url) is None or len(url) > actions.MAX_SOURCE_URL:
        await _reply(update, text("addsource_bad_url", language))
        return
    if kind not in kinds:
        await _reply(update, views.addsource_bad_kind(kind, kinds, language))
        return
    refusal = await url_refusal(url)
    if refusal is not None:
        await _reply(update, views.addsource_private(refusal, language))
        return
    result = await svc.run(partial(actions.add_source, url=url, kind=kind))
    await _reply(update, views.addsource_result(result, kind, language))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): subscribers, events, outbox, corrections."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    counts, outbox, fixes = await svc.run(partial(actions.admin_stats, today=svc.today()))
    await _reply(update, views.stats(counts, outbox, fixes, language))
