"""/settings: language, reminders, digest time and delivery mode."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.ext import ContextTypes

from bot import actions
from bot.buttons import SettingsChoice
from bot.handlers.common import (
    _LANGUAGE,
    _edit,
    _pressed,
    _refuse_non_admin,
    _reply,
    chat_info,
    services,
    stale_button,
)
from bot.texts import text
from bot.views.settings import settings as settings_view

log = logging.getLogger(__name__)


# --- /settings ---------------------------------------------------------------------------------------------


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings: language, reminders, digest time and delivery mode."""
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    current = await svc.run(partial(actions.settings, chat=chat_info(update, context)))
    await _reply(update, *settings_view(current, svc.defaults, svc.schedule.timezone))


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /settings button: change one setting and show the new state."""
    query, pressed = _pressed(update, SettingsChoice)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    if pressed is None or not actions.valid_setting(svc.defaults, pressed.setting, pressed.value):
        await stale_button(update, context)
        return
    current = await svc.run(
        partial(
            actions.change_setting,
            chat=chat_info(update, context),
            what=pressed.setting,
            value=pressed.value,
            schedule=svc.schedule,
            now=svc.clock(),
        )
    )
    if context.chat_data is not None:
        context.chat_data[_LANGUAGE] = current.language
    await query.answer(text("settings_saved", current.language))
    await _edit(update, *settings_view(current, svc.defaults, svc.schedule.timezone))
