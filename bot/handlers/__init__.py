"""Command and button handlers: each parses its input, calls ``bot.actions`` and sends what a view returns.

A button press arrives as callback data, which `bot.buttons` owns: each handler gets the typed value it stands for
(``_pressed``), routed by the prefixes of its kind. Telegram does not check callback data: a modified client can
press a button with any data on any message of ours. So data that does not decode (`bot.buttons.decode`), or
carries a value this deployment does not offer (an unknown industry or region, a settings choice not offered), is
answered with a short "this button no longer works" (:func:`stale_button`): never an exception, never a change.
Messages and keyboards are made by `bot.views`.

Admin commands (/sources, /addsource, /stats) answer only in a private chat with one of ``telegram.admin_chat_ids``.
In a group, whoever types them gets a one-line reply to use a private chat: silence would look like a broken bot,
and the same reply for everyone tells the group neither the figures nor who the admins are."""

from __future__ import annotations

from bot.handlers.admin import add_source, sources, stats
from bot.handlers.common import chat_info, services, stale_button
from bot.handlers.corrections import admin_pressed, group_reply, report_pressed, review_command
from bot.handlers.events import calendar, calendar_button, event, event_button, upcoming, upcoming_button
from bot.handlers.fallbacks import chat_migrated, on_error, plain_text, unknown_command
from bot.handlers.settings import settings, settings_button
from bot.handlers.subscriptions import (
    PickerState,
    help_command,
    picker_button,
    start,
    subscribe,
    subscriptions,
    unsubscribe,
    unsubscribe_button,
)

__all__ = [
    "PickerState",
    "add_source",
    "admin_pressed",
    "calendar",
    "calendar_button",
    "chat_info",
    "chat_migrated",
    "event",
    "event_button",
    "group_reply",
    "help_command",
    "on_error",
    "picker_button",
    "plain_text",
    "report_pressed",
    "review_command",
    "services",
    "settings",
    "settings_button",
    "sources",
    "stale_button",
    "start",
    "stats",
    "subscribe",
    "subscriptions",
    "unknown_command",
    "unsubscribe",
    "unsubscribe_button",
    "upcoming",
    "upcoming_button",
]
