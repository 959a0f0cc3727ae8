"""Inline keyboards: a button is a label and a `bot.buttons` value, laid out in rows; a selected choice is ticked."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton

from bot.buttons import Button, encode

Keyboard = list[list[InlineKeyboardButton]]


def button(label: str, pressed: Button) -> InlineKeyboardButton:
    """A button that, pressed, sends ``pressed`` back (`bot.buttons.encode`)."""
    return InlineKeyboardButton(label, callback_data=encode(pressed))


def ticked(selected: bool, label: str) -> str:
    """A choice's label, with a tick when it is the one (or among those) selected."""
    return f"✅ {label}" if selected else label


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> Keyboard:
    """``buttons`` in rows of ``width``."""
    return [list(buttons[n : n + width]) for n in range(0, len(buttons), width)]
