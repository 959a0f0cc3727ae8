"""Telling the admins (telegram.admin_chat_ids) about trouble to look at, such as a source that keeps failing."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot
from telegram.error import TelegramError

from bot.render import escape

log = logging.getLogger(__name__)


def admin_notifier(bot: Bot | None, admin_chat_ids: Sequence[int]) -> Callable[[str], Awaitable[None]]:
    """A notifier that logs the alert and, when the bot is on, sends it to every admin chat."""

    async def notify(message: str) -> None:
        log.warning("admin alert: %s", message)
        if bot is None:
            return
        for chat_id in admin_chat_ids:
            try:
                # The message quotes sources' names and errors: text we did not write.
                await bot.send_message(chat_id, escape(message), parse_mode="HTML")
            except TelegramError as exc:
                # One unreachable admin must not keep the others from hearing it.
                log.warning("could not tell admin chat %s: %s", chat_id, exc)

    return notify
