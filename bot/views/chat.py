"""What the bot says in any chat: the welcome with its buttons, /help, and the answer to a command it does not know."""

from __future__ import annotations

from bot.buttons import PickerStep, Upcoming
from bot.choices import Choices
from bot.render import escape
from bot.texts import text
from bot.views.keyboard import Keyboard, button
from bot.views.subscriptions import industry_list

# How much of an unknown command is repeated back.
_MAX_COMMAND = 64


def welcome(language: str, then: str | None = None) -> tuple[str, Keyboard]:
    """The welcome, followed by ``then`` (what a deep link subscribed to, or the words it did not know), with buttons
    to subscribe and to see what is coming."""
    body = text("start", language) if then is None else f"{text('start', language)}\n\n{then}"
    keyboard = [
        [
            button(text("btn_subscribe", language), PickerStep("start")),
            button(text("btn_upcoming", language), Upcoming(None)),
        ]
    ]
    return body, keyboard


def help_text(choices: Choices, language: str) -> str:
    return text("help", language, industries=industry_list(choices, language))


def unknown_command(command: str, language: str) -> str:
    return text("unknown_command", language, command=escape(command[:_MAX_COMMAND]))
