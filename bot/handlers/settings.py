"""/settings: language, reminders, digest time and delivery mode."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot import actions
from bot.actions import BotServices
from bot.handlers.common import (
    _LANGUAGE,
    Keyboard,
    _callback,
    _edit,
    _refuse_non_admin,
    _reply,
    chat_info,
    services,
    stale_button,
)
from bot.handlers.subscriptions import _mark
from bot.texts import text

log = logging.getLogger(__name__)


# --- /settings ---------------------------------------------------------------------------------------------


def _settings_view(svc: BotServices, current: actions.Settings) -> tuple[str, Keyboard]:
    defaults = svc.defaults
    language = current.language
    days = current.reminder_days

    def reminder_label(values: Sequence[int]) -> str:
        if not values:
            return text("reminders_off", language)
        return text("reminders_days", language, days="/".join(str(d) for d in values))

    body = text(
        "settings",
        language,
        language=text("language_name", language),
        reminders=reminder_label(days),
        time=current.reminder_time,
        timezone=svc.schedule.timezone,
        mode=text(f"mode_{current.mode}", language),
    )
    keyboard = [
        [
            InlineKeyboardButton(_mark(language == "zh", "中文"), callback_data="set:lang:zh"),
            InlineKeyboardButton(_mark(language == "en", "English"), callback_data="set:lang:en"),
        ],
        [
            InlineKeyboardButton(_mark(days == values, reminder_label(values)), callback_data=f"set:rem:{key}")
            for key, values in defaults.day_presets.items()
        ],
        [
            InlineKeyboardButton(_mark(current.reminder_time == hhmm, hhmm), callback_data=f"set:time:{hhmm}")
            for hhmm in defaults.time_presets
        ],
        [
            InlineKeyboardButton(
                _mark(current.mode == mode, text(f"mode_{mode}", language)), callback_data=f"set:mode:{mode}"
            )
            for mode in ("instant", "digest")
        ],
    ]
    return body, keyboard


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings: language, reminders, digest time and delivery mode."""
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    current = await svc.run(partial(actions.settings, chat=chat_info(update, context)))
    await _reply(update, *_settings_view(svc, current))


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /settings button: change one setting and show the new state."""
    query, data = _callback(update)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    _, what, value = [*data.split(":", 2), "", ""][:3]
    if not actions.valid_setting(svc.defaults, what, value):
        await stale_button(update, context)
        return
    current = await svc.run(
        partial(
            actions.change_setting,
            chat=chat_info(update, context),
            what=what,
            value=value,
            schedule=svc.schedule,
            now=svc.clock(),
        )
    )
    if context.chat_data is not None:
        context.chat_data[_LANGUAGE] = current.language
    await query.answer(text("settings_saved", current.language))
    await _edit(update, *_settings_view(svc, current))
