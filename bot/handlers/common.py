"""What every handler shares: the services, the chat, its language, replying and editing, who may change a
chat's settings, the button a press stands for, and the answer to a button that no longer works."""

from __future__ import annotations

import logging
from functools import partial
from typing import TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import actions, buttons
from bot.actions import BotServices, ChatInfo
from bot.texts import language_for, text
from bot.views.keyboard import Keyboard

log = logging.getLogger(__name__)
B = TypeVar("B", bound=buttons.Button)


# --- helpers -------------------------------------------------------------------------------------------------


def services(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    value: BotServices = context.application.bot_data["services"]
    return value


def chat_info(update: Update, context: ContextTypes.DEFAULT_TYPE) -> ChatInfo:
    chat = update.effective_chat
    message = update.effective_message
    user = update.effective_user
    assert chat is not None
    thread = message.message_thread_id if message is not None and message.is_topic_message else None
    return ChatInfo(
        chat_id=chat.id,
        chat_type=chat.type,
        title=chat.title,
        thread_id=thread,
        language=language_for(user.language_code if user else None),
        defaults=services(context).defaults,
    )


async def _language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The chat's language, read from the database once and then kept in the chat's data (`_LANGUAGE`): every
    update needs it, and a transaction per update for one word is waste. /settings, the only place it changes,
    keeps the copy in step."""
    if context.chat_data is not None and isinstance(known := context.chat_data.get(_LANGUAGE), str):
        return known
    language = await services(context).run(partial(actions.chat_language, chat=chat_info(update, context)))
    if context.chat_data is not None:
        context.chat_data[_LANGUAGE] = language
    return language


# The chat's language as last read or set, in the chat's data (persisted with it, `bot.persistence`).
_LANGUAGE = "language"


async def _reply(update: Update, body: str, keyboard: Keyboard | None = None) -> Message | None:
    """Answer the update's message in HTML, with the given buttons."""
    message = update.effective_message
    if message is None:
        return None
    markup = InlineKeyboardMarkup(keyboard) if keyboard else None
    # reply_text keeps the forum topic: PTB sends message_thread_id of the message it answers.
    return await message.reply_text(body, parse_mode=ParseMode.HTML, reply_markup=markup, do_quote=False)


async def _edit(update: Update, body: str, keyboard: Keyboard | None = None) -> None:
    """Re-render the message a button belongs to (unchanged content is not an error)."""
    query = update.callback_query
    if query is None:
        return
    markup = InlineKeyboardMarkup(keyboard) if keyboard else None
    try:
        await query.edit_message_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)
    except TelegramError as exc:
        # "message is not modified" when a button re-renders the same state: nothing to do.
        if "not modified" not in str(exc):
            raise


async def _may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In groups only administrators change subscriptions and settings; private chats always may."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous administrator writes as the group itself
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def _refuse_non_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In a group, tell a member who may not change the chat's settings so; True when refused."""
    if await _may_change(update, context):
        return False
    language = await _language(update, context)
    if update.callback_query is not None:
        await update.callback_query.answer(text("group_admins_only", language), show_alert=True)
    else:
        await _reply(update, text("group_admins_only", language))
    return True


def _pressed(update: Update, kind: type[B]) -> tuple[CallbackQuery, B | None]:
    """The press, and the ``kind`` of button its data decodes to (None: not one, for :func:`stale_button`)."""
    query = update.callback_query
    if query is None or query.data is None:
        raise ValueError("a button handler got an update without a button press")
    pressed = buttons.decode(query.data)
    return query, pressed if isinstance(pressed, kind) else None


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press whose data we did not make (or no longer understand): say so, change nothing."""
    query = update.callback_query
    if query is None:
        return
    language = language_for(update.effective_user.language_code if update.effective_user else None)
    if update.effective_chat is not None:
        language = await _language(update, context)
    await query.answer(text("button_invalid", language))
