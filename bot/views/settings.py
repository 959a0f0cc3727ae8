"""/settings: the chat's language, reminders, digest time and delivery mode, each with buttons to change it."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.buttons import SettingsChoice
from bot.texts import text
from bot.views.keyboard import Keyboard, button, ticked

# The languages offered, each named in itself.
_LANGUAGES = (("zh", "中文"), ("en", "English"))
_MODES = ("instant", "digest")


def settings(current: actions.Settings, defaults: actions.Preferences, timezone: str) -> tuple[str, Keyboard]:
    """The settings as they are, and a row of choices for each, the current one ticked."""
    language = current.language
    days = current.reminder_days
    body = text(
        "settings",
        language,
        language=text("language_name", language),
        reminders=_reminders(days, language),
        time=current.reminder_time,
        timezone=timezone,
        mode=text(f"mode_{current.mode}", language),
    )
    keyboard = [
        [button(ticked(language == code, name), SettingsChoice("lang", code)) for code, name in _LANGUAGES],
        [
            button(ticked(days == values, _reminders(values, language)), SettingsChoice("rem", key))
            for key, values in defaults.day_presets.items()
        ],
        [
            button(ticked(current.reminder_time == hhmm, hhmm), SettingsChoice("time", hhmm))
            for hhmm in defaults.time_presets
        ],
        [
            button(ticked(current.mode == mode, text(f"mode_{mode}", language)), SettingsChoice("mode", mode))
            for mode in _MODES
        ],
    ]
    return body, keyboard


def _reminders(days: Sequence[int], language: str) -> str:
    if not days:
        return text("reminders_off", language)
    return text("reminders_days", language, days="/".join(str(d) for d in days))
