"""Command handlers: each parses its input, calls one function and formats the reply."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.texts import language_for, text

log = logging.getLogger(__name__)


def _language(update: Update) -> str:
    user = update.effective_user
    return language_for(user.language_code if user else None)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(text("start", _language(update)))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(text("help", _language(update)))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("bot handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        await update.effective_message.reply_text(text("error", _language(update)))
