"""What no other handler takes: unknown commands, plain text, a group becoming a supergroup, and the one error
handler."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import actions
from bot.handlers.common import _language, _reply, services
from bot.handlers.corrections import _answer_pending
from bot.texts import language_for, text
from bot.views import chat as chat_views

log = logging.getLogger(__name__)


# --- everything else ------------------------------------------------------------------------------------------


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown command: say so and point to /help."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0]
    if "@" in command and not command.endswith("@" + (context.bot.username or "")):
        return  # addressed to another bot in the group
    await _reply(update, chat_views.unknown_command(command, await _language(update, context)))


async def plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in a private chat: the answer to a question the bot asked, else a hint to send a command."""
    if await _answer_pending(update, context):
        return
    await _reply(update, text("plain_text", await _language(update, context)))


async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup (a new chat id): its subscriptions and what it was doing follow it."""
    # Telegram says so in both chats; whichever message comes first moves things, the second finds nothing to move.
    message = update.effective_message
    if message is None:
        return
    old = message.migrate_from_chat_id or message.chat.id
    new = message.migrate_to_chat_id or message.chat.id
    # PTB creates an empty chat_data for every chat it hears from, the new supergroup included, before any
    # handler runs: only data actually in progress moves, and only onto none.
    chats = context.application.chat_data
    if chats.get(old) and not chats.get(new):
        context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)
    await services(context).run(partial(actions.follow_migration, old_chat_id=old, new_chat_id=new))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log the exception and tell the user something went wrong."""
    log.error("bot handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        language = language_for(update.effective_user.language_code if update.effective_user else None)
        try:
            await update.effective_message.reply_text(text("error", language))
        except TelegramError:
            log.warning("could not tell the chat about the error either")
