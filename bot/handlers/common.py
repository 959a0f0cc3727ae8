"""What every handler shares: the services, the chat, its language, replying and editing, who may change a
chat's settings, and the answer to a button that no longer works."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import actions
from bot.actions import BotServices, ChatInfo
from bot.choices import Parsed
from bot.render import escape
from bot.texts import language_for, text
from db.models.subscribers import ANY

log = logging.getLogger(__name__)
Keyboard = list[list[InlineKeyboardButton]]


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


def _callback(update: Update) -> tuple[CallbackQuery, str]:
    query = update.callback_query
    if query is None or query.data is None:
        raise ValueError("a button handler got an update without a button press")
    return query, query.data


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press whose data we did not make (or no longer understand): say so, change nothing."""
    query = update.callback_query
    if query is None:
        return
    language = language_for(update.effective_user.language_code if update.effective_user else None)
    if update.effective_chat is not None:
        language = await _language(update, context)
    await query.answer(text("button_invalid", language))


def _pair_label(svc: BotServices, industry: str, region: str, language: str) -> str:
    industry_label = (
        text("any_industry", language) if industry == ANY else svc.choices.industry_label(industry, language)
    )
    region_label = text("any_region", language) if region == ANY else svc.choices.region_label(region, language)
    return f"{industry_label} · {region_label}"


def _pairs(svc: BotServices, pairs: Sequence[tuple[str, str]], language: str) -> str:
    return "\n".join(f"• {escape(_pair_label(svc, i, r, language))}" for i, r in pairs)


def _unknown_reply(svc: BotServices, parsed: Parsed, language: str) -> str:
    words = text("list_separator", language).join(escape(word) for word, _ in parsed.unknown)
    lines = [text("unknown_words", language, words=words)]
    for word, suggestions in parsed.unknown:
        if suggestions:
            joined = text("list_separator", language).join(escape(s) for s in suggestions)
            lines.append(text("did_you_mean", language, word=escape(word), suggestions=joined))
    lines.append(text("choices_hint", language, industries=_industry_list(svc, language)))
    return "\n".join(lines)


def _industry_list(svc: BotServices, language: str) -> str:
    return text("list_separator", language).join(
        f"{escape(svc.choices.industry_label(i.id, language))} (<code>{i.id}</code>)" for i in svc.choices.industries
    )


def _main_buttons(language: str) -> Keyboard:
    return [
        [
            InlineKeyboardButton(text("btn_subscribe", language), callback_data="pi:"),
            InlineKeyboardButton(text("btn_upcoming", language), callback_data="up:new"),
        ]
    ]
