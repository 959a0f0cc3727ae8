"""Command and button handlers: each parses its input, calls one function of ``bot.actions`` and formats the reply.

Callback data (at most 64 bytes) is ``<prefix>:<value>``: ``pi``/``pr``/``pp``/``pn``/``pb``/``pm``/``pd`` drive
the subscription picker, ``un``/``ua`` remove subscriptions, ``up`` pages /upcoming, ``ev`` opens an event,
``cal`` renews or revokes the calendar address, ``set`` changes a setting; ``rp``/``rr``/``rs`` are a reader's
report and ``ad`` an admin's correction (`bot.review`).

Telegram does not check callback data: a modified client can press a button with any data on any message of ours.
So each button handler reads its value strictly (a known industry or region, an id a row can have, one of the
offered settings), and anything else, like data no handler's prefix matches, is answered with a short "this button
no longer works" (:func:`stale_button`): never an exception, never a change.

Admin commands (/sources, /addsource, /stats) answer only in a private chat with one of ``telegram.admin_chat_ids``.
In a group, whoever types them gets a one-line reply to use a private chat: silence would look like a broken bot,
and the same reply for everyone tells the group neither the figures nor who the admins are.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

from telegram import CallbackQuery, ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import actions, review
from bot.actions import BotServices, ChatInfo
from bot.admin_replies import ReplyError
from bot.choices import Parsed
from bot.render import escape
from bot.review_views import (
    comment_view,
    correction_summary,
    held_card,
    outcome_text,
    question,
    reasons_view,
    reply_error,
    report_card,
    report_keyboard,
    report_result,
    review_header,
)
from bot.texts import language_for, text
from db.models import ANY
from outgoing.links import safe_link
from scheduler.netpolicy import url_refusal

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


# --- /start and /help ----------------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: welcome, or subscribe from a deep link (sub-<industry>-<region>)."""
    svc = services(context)
    chat = chat_info(update, context)
    payload = context.args[0] if context.args else ""
    parsed = svc.choices.parse_deep_link(payload) if payload else None
    if parsed is not None and not parsed.unknown:
        if await _refuse_non_admin(update, context):
            return
        result = await svc.run(
            partial(actions.subscribe, chat=chat, industries=parsed.industries, regions=parsed.regions)
        )
        body = text("start", result.language) + "\n\n" + _subscribed_text(svc, result)
        await _reply(update, body, _main_buttons(result.language))
        return
    language = await svc.run(partial(actions.register, chat=chat))
    body = text("start", language)
    if parsed is not None:
        body += "\n\n" + _unknown_reply(svc, parsed, language)
    await _reply(update, body, _main_buttons(language))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: the commands and what each does."""
    language = await _language(update, context)
    await _reply(update, text("help", language, industries=_industry_list(services(context), language)))


# --- /subscribe ---------------------------------------------------------------------------------------------


def _subscribed_text(svc: BotServices, result: actions.SubscribeResult) -> str:
    parts = []
    if result.added:
        parts.append(text("subscribed", result.language, items=_pairs(svc, result.added, result.language)))
    if result.existing:
        parts.append(text("already_subscribed", result.language, items=_pairs(svc, result.existing, result.language)))
    return "\n".join(parts)


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [industries] [regions]: subscribe directly, or open the picker without words."""
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    chat = chat_info(update, context)
    if not context.args:
        language = await _language(update, context)
        _picker(context).clear()
        await _reply(update, text("pick_industries", language), _industry_keyboard(svc, context, language))
        return
    parsed = svc.choices.parse(context.args)
    if parsed.unknown:
        language = await _language(update, context)
        await _reply(update, _unknown_reply(svc, parsed, language))
        return
    result = await svc.run(partial(actions.subscribe, chat=chat, industries=parsed.industries, regions=parsed.regions))
    await _reply(update, _subscribed_text(svc, result))


def _picker(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    # Per chat: in a group, the admins build one selection together.
    assert context.chat_data is not None
    picker: dict[str, Any] = context.chat_data.setdefault("picker", {})
    picker.setdefault("industries", [])
    picker.setdefault("regions", [])
    return picker


def _mark(selected: bool, label: str) -> str:
    return f"✅ {label}" if selected else label


def _industry_keyboard(svc: BotServices, context: ContextTypes.DEFAULT_TYPE, language: str) -> Keyboard:
    chosen = _picker(context)["industries"]
    buttons = [
        InlineKeyboardButton(
            _mark(i.id in chosen, svc.choices.industry_label(i.id, language)), callback_data=f"pi:{i.id}"
        )
        for i in svc.choices.industries
    ]
    rows = [buttons[n : n + 2] for n in range(0, len(buttons), 2)]
    rows.append(
        [
            InlineKeyboardButton(_mark(not chosen, text("btn_all_industries", language)), callback_data="pi:*"),
            InlineKeyboardButton(text("btn_next", language), callback_data="pn:"),
        ]
    )
    return rows


def _region_keyboard(svc: BotServices, context: ContextTypes.DEFAULT_TYPE, language: str) -> Keyboard:
    picker = _picker(context)
    chosen: list[str] = picker["regions"]
    province = picker.get("province")
    if province:
        whole = svc.choices.region_name(province)
        assert whole is not None
        label = text("btn_whole_province", language, province=svc.choices.region_label(province, language))
        rows = [[InlineKeyboardButton(_mark(province in chosen, label), callback_data=f"pr:{whole.key}")]]
        cities = svc.choices.cities_of(province)
        buttons = [InlineKeyboardButton(_mark(c.name in chosen, c.name), callback_data=f"pr:{c.key}") for c in cities]
        rows += [buttons[n : n + 4] for n in range(0, len(buttons), 4)]
        rows.append([InlineKeyboardButton(text("btn_back", language), callback_data="pb:")])
        return rows
    provinces = svc.choices.provinces if picker.get("all_provinces") else svc.choices.featured_provinces
    buttons = [
        InlineKeyboardButton(
            _mark(p.name in chosen or any(_in_province(svc, c, p.name) for c in chosen), p.name),
            callback_data=f"pp:{p.key}",
        )
        for p in provinces
    ]
    rows = [buttons[n : n + 4] for n in range(0, len(buttons), 4)]
    if not picker.get("all_provinces"):
        rows.append([InlineKeyboardButton(text("btn_more_provinces", language), callback_data="pm:")])
    rows.append(
        [
            InlineKeyboardButton(_mark(not chosen, text("btn_all_regions", language)), callback_data="pr:*"),
            InlineKeyboardButton(text("btn_done", language), callback_data="pd:"),
        ]
    )
    return rows


def _in_province(svc: BotServices, region: str, province: str) -> bool:
    found = svc.choices.region_name(region)
    return found is not None and found.province == province and found.name != province


def _regions_text(svc: BotServices, context: ContextTypes.DEFAULT_TYPE, language: str) -> str:
    picker = _picker(context)
    industries = picker["industries"]
    names = [svc.choices.industry_label(i, language) for i in industries] or [text("any_industry", language)]
    body = text("pick_regions", language, industries=escape(text("list_separator", language).join(names)))
    regions = [svc.choices.region_label(r, language) for r in picker["regions"]] or [text("any_region", language)]
    chosen = escape(text("list_separator", language).join(regions))
    return body + "\n" + text("selected_regions", language, regions=chosen)


def _picker_value_known(svc: BotServices, action: str, value: str) -> bool:
    if action == "pi":
        return value in ("", "*") or any(industry.id == value for industry in svc.choices.industries)
    if action == "pp":
        return svc.choices.region_by_key(value) is not None
    if action == "pr":
        return value == "*" or svc.choices.region_by_key(value) is not None
    # pn, pb, pm and pd carry no value. Anything else is not ours: PTB hands a press without data to every handler.
    return action in ("pn", "pb", "pm", "pd")


async def picker_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of the /subscribe picker: toggle an industry or region, page, or confirm."""
    query, data = _callback(update)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    action, _, value = data.partition(":")
    if not _picker_value_known(svc, action, value):
        await stale_button(update, context)
        return
    language = await _language(update, context)
    picker = _picker(context)
    await query.answer()
    if action == "pi":
        if value == "*":
            picker["industries"] = []
        elif value:
            chosen = picker["industries"]
            chosen.remove(value) if value in chosen else chosen.append(value)
        else:
            picker.clear()
            await _reply(update, text("pick_industries", language), _industry_keyboard(svc, context, language))
            return
        await _edit(update, text("pick_industries", language), _industry_keyboard(svc, context, language))
        return
    if action in ("pn", "pb", "pm", "pp", "pr"):
        if action == "pb":
            picker["province"] = None
        elif action == "pm":
            picker["all_provinces"] = True
        elif action == "pp":
            region = svc.choices.region_by_key(value)
            picker["province"] = region.name if region is not None else None
        elif action == "pr":
            region = svc.choices.region_by_key(value) if value != "*" else None
            if region is None:
                picker["regions"] = []
            else:
                chosen = picker["regions"]
                chosen.remove(region.name) if region.name in chosen else chosen.append(region.name)
        await _edit(update, _regions_text(svc, context, language), _region_keyboard(svc, context, language))
        return
    if action == "pd":
        industries, regions = list(picker["industries"]), list(picker["regions"])
        picker.clear()
        result = await svc.run(
            partial(actions.subscribe, chat=chat_info(update, context), industries=industries, regions=regions)
        )
        await _edit(update, _subscribed_text(svc, result))


# --- /subscriptions and /unsubscribe ---------------------------------------------------------------------------


def _subscriptions_view(svc: BotServices, listing: actions.SubscriptionList) -> tuple[str, Keyboard | None]:
    language = listing.language
    if not listing.items:
        return text("no_subscriptions", language), None
    items = _pairs(svc, [(i, r) for _, i, r in listing.items], language)
    keyboard = [
        [
            InlineKeyboardButton(
                text("btn_remove", language, label=_pair_label(svc, i, r, language)), callback_data=f"un:{sid}"
            )
        ]
        for sid, i, r in listing.items[:30]
    ]
    keyboard.append([InlineKeyboardButton(text("btn_remove_all", language), callback_data="ua:")])
    return text("subscriptions", language, items=items), keyboard


async def subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscriptions: the chat's filters, each with a button to remove it."""
    svc = services(context)
    listing = await svc.run(partial(actions.list_for, chat=chat_info(update, context)))
    await _reply(update, *_subscriptions_view(svc, listing))


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe [words|all]: remove matching filters, or list them with buttons."""
    svc = services(context)
    chat = chat_info(update, context)
    if not context.args:
        await subscriptions(update, context)
        return
    if await _refuse_non_admin(update, context):
        return
    language = await _language(update, context)
    everything = any(word.lower() in ("all", "全部", "*") for word in context.args)
    parsed = svc.choices.parse([] if everything else context.args)
    if parsed.unknown:
        await _reply(update, _unknown_reply(svc, parsed, language))
        return
    count = await svc.run(
        partial(
            actions.unsubscribe, chat=chat, industries=parsed.industries, regions=parsed.regions, everything=everything
        )
    )
    await _reply(
        update, text("unsubscribed", language, count=count) if count else text("nothing_to_unsubscribe", language)
    )


async def unsubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A remove button of /subscriptions or /unsubscribe."""
    query, data = _callback(update)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    chat = chat_info(update, context)
    action, _, value = data.partition(":")
    subscription_id = actions.row_id(value)
    if action == "ua":
        await svc.run(partial(actions.unsubscribe, chat=chat, industries=[], regions=[], everything=True))
    elif subscription_id is None:
        await stale_button(update, context)
        return
    else:
        await svc.run(partial(actions.unsubscribe_one, chat=chat, subscription_id=subscription_id))
    await query.answer()
    listing = await svc.run(partial(actions.list_for, chat=chat))
    await _edit(update, *_subscriptions_view(svc, listing))


# --- /upcoming and /event ----------------------------------------------------------------------------------------


async def _upcoming_view(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int) -> tuple[str, Keyboard | None]:
    """One page of /upcoming with its paging buttons."""
    svc = services(context)
    assert context.chat_data is not None
    industries, regions = context.chat_data.get("upcoming_filters", ([], []))
    chat = chat_info(update, context)
    language = await _language(update, context)
    result = await svc.run(
        partial(actions.upcoming, chat=chat, industries=industries, regions=regions, page=page, today=svc.today())
    )
    if not result.events:
        return text("upcoming_empty", language), None
    start = (result.page - 1) * actions.PAGE_SIZE
    items = "\n\n".join(
        svc.renderer.listing_item(start + n + 1, event, language) for n, event in enumerate(result.events)
    )
    labels = [svc.choices.industry_label(i, language) for i in industries] + [
        svc.choices.region_label(r, language) for r in regions
    ]
    joined = escape(text("list_separator", language).join(labels))
    filters = text("upcoming_filters", language, filters=joined) if labels else ""
    body = text("upcoming", language, page=result.page, pages=result.pages, filters=filters, items=items)
    nav = []
    if result.page > 1:
        nav.append(InlineKeyboardButton(text("btn_prev", language), callback_data=f"up:{result.page - 1}"))
    if result.page < result.pages:
        nav.append(InlineKeyboardButton(text("btn_next_page", language), callback_data=f"up:{result.page + 1}"))
    details = [
        InlineKeyboardButton(f"{start + n + 1}", callback_data=f"ev:{e.id}") for n, e in enumerate(result.events)
    ]
    return body, [details, nav] if nav else [details]


async def upcoming(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/upcoming [filters]: upcoming events for the filters or the chat's subscriptions."""
    svc = services(context)
    parsed = svc.choices.parse(context.args or [])
    if parsed.unknown:
        await _reply(update, _unknown_reply(svc, parsed, await _language(update, context)))
        return
    assert context.chat_data is not None
    context.chat_data["upcoming_filters"] = (parsed.industries, parsed.regions)
    await _reply(update, *await _upcoming_view(update, context, 1))


async def upcoming_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A paging button of /upcoming."""
    query, data = _callback(update)
    value = data.partition(":")[2]
    # A page past the last one shows the last one (the listing may have shrunk since the button was made).
    page = actions.row_id(value)
    if value != "new" and page is None:
        await stale_button(update, context)
        return
    await query.answer()
    if page is None:
        # From the welcome's button: a new listing of the chat's subscriptions, below the welcome.
        assert context.chat_data is not None
        context.chat_data["upcoming_filters"] = ([], [])
        await _reply(update, *await _upcoming_view(update, context, 1))
        return
    await _edit(update, *await _upcoming_view(update, context, page))


async def event(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/event N: one event's card with its sources."""
    svc = services(context)
    language = await _language(update, context)
    if not context.args:
        await _reply(update, text("event_usage", language))
        return
    reference = context.args[0]
    found = await svc.run(partial(actions.find_event, reference=reference))
    if found is None:
        await _reply(update, text("event_not_found", language, id=escape(reference, 40)))
        return
    await _reply(update, svc.renderer.card(*found, language), report_keyboard(found[0].id, language))


async def event_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A details button under a listing: the event's card."""
    query, data = _callback(update)
    svc = services(context)
    value = data.partition(":")[2]
    if not value.isascii() or not value.isdigit():  # our buttons carry the event's number, nothing else
        await stale_button(update, context)
        return
    language = await _language(update, context)
    found = await svc.run(partial(actions.find_event, reference=value))
    if found is None:
        # Merged into another or gone: the button's message stays as it was, the press is told why nothing opens.
        await query.answer(text("event_not_found", language, id=value[:12]))
        return
    await query.answer()
    await _reply(update, svc.renderer.card(*found, language), report_keyboard(found[0].id, language))


# --- /calendar ---------------------------------------------------------------------------------------------


def _calendar_view(svc: BotServices, token: str, language: str) -> tuple[str, Keyboard]:
    https = f"{svc.config.server.public_url}/calendar/{token}.ics"
    webcal = "webcal://" + https.split("://", 1)[1]
    keyboard = [
        [
            InlineKeyboardButton(text("btn_calendar_renew", language), callback_data="cal:new"),
            InlineKeyboardButton(text("btn_calendar_revoke", language), callback_data="cal:off"),
        ]
    ]
    return text("calendar", language, https=escape(https), webcal=escape(webcal)), keyboard


async def calendar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calendar: the chat's personal iCal address, with renew and revoke buttons."""
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    token, language = await svc.run(partial(actions.calendar_token, chat=chat_info(update, context)))
    await _reply(update, *_calendar_view(svc, token, language))


async def calendar_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Renew or revoke the personal calendar address."""
    query, data = _callback(update)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    if data not in ("cal:new", "cal:off"):
        await stale_button(update, context)
        return
    await query.answer()
    chat = chat_info(update, context)
    if data == "cal:off":
        language = await svc.run(partial(actions.revoke_calendar, chat=chat))
        await _edit(update, text("calendar_revoked", language))
        return
    token, language = await svc.run(partial(actions.calendar_token, chat=chat, renew=True))
    await _edit(update, *_calendar_view(svc, token, language))


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


# --- admins -------------------------------------------------------------------------------------------------


def _admin_here(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The one rule for who acts as an admin: one of the service's admins, in a private chat with the bot."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != ChatType.PRIVATE:
        return False
    return services(context).is_admin(user.id if user else None)


async def _refuse_non_service_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Admin commands: only in a private chat, only from an admin (see the module's docstring for groups)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await _reply(update, text("admin_private_only", await _language(update, context)))
        return True
    if _admin_here(update, context):
        return False
    await _reply(update, text("admin_only", await _language(update, context)))
    return True


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources (admins): the sources and their health."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    rows = await svc.run(actions.sources)
    lines = []
    for source in rows:
        icon = "⏸" if not source.enabled else "⚠️" if source.consecutive_failures else "✅"
        error = (
            text(
                "source_error",
                language,
                failures=source.consecutive_failures,
                error=escape((source.last_error or "")[:120]),
            )
            if source.consecutive_failures
            else ""
        )
        success = (
            source.last_success_at.strftime("%Y-%m-%d %H:%M UTC") if source.last_success_at else text("never", language)
        )
        lines.append(
            text(
                "source_line",
                language,
                icon=icon,
                key=escape(source.key),
                name=escape(source.name[:60]),
                kind=source.kind,
                interval=source.interval_minutes,
                success=success,
                error=error,
            )
        )
    body = text("sources", language, count=len(rows), items="\n".join(lines))
    # Many sources could pass the message limit; cut whole lines.
    while len(body) > 4000 and lines:
        lines.pop()
        body = text("sources", language, count=len(rows), items="\n".join([*lines, "…"]))
    await _reply(update, body)


async def add_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addsource URL [kind] (admins): add a public source to poll."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    kinds = actions.source_kinds()
    kinds_text = ", ".join(kinds)
    args = context.args or []
    if not args or len(args) > 2:
        await _reply(update, text("addsource_usage", language, kinds=kinds_text))
        return
    url, kind = args[0], (args[1] if len(args) > 1 else "rss")
    # The same rule as for every link we show (outgoing.links), and no longer than the column it is stored in.
    if safe_link(url) is None or len(url) > actions.MAX_SOURCE_URL:
        await _reply(update, text("addsource_bad_url", language))
        return
    if kind not in kinds:
        await _reply(update, text("addsource_bad_kind", language, kind=escape(kind), kinds=kinds_text))
        return
    refusal = await url_refusal(url)
    if refusal is not None:
        await _reply(
            update, text("addsource_private", language, host=escape(refusal.host), address=escape(refusal.address))
        )
        return
    result = await svc.run(partial(actions.add_source, url=url, kind=kind))
    key = "addsource_done" if result.created else "addsource_exists"
    await _reply(update, text(key, language, key=escape(result.key), kind=kind))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): subscribers, events, outbox, corrections."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    counts, outbox, fixes = await svc.run(partial(actions.admin_stats, today=svc.today()))
    corrections, open_reports = correction_summary(fixes, language)
    await _reply(
        update,
        text(
            "stats",
            language,
            subscribers=counts.subscribers,
            active=counts.active_subscribers,
            groups=counts.groups,
            subscriptions=counts.subscriptions,
            events=counts.events_upcoming,
            sources=counts.sources_enabled,
            failing=counts.sources_failing,
            outbox=", ".join(f"{status} {n}" for status, n in sorted(outbox.items())) or "0",
        )
        + text("stats_corrections", language, corrections=corrections, open_reports=open_reports),
    )


# --- reports and corrections (bot.review) ------------------------------------------------------------------


def _pending(context: ContextTypes.DEFAULT_TYPE, value: review.Pending | None) -> None:
    assert context.chat_data is not None
    if value is None:
        context.chat_data.pop("pending", None)
    else:
        context.chat_data["pending"] = value.as_data()


def _log_refused(update: Update, why: str) -> None:
    _, data = _callback(update)
    chat, user = update.effective_chat, update.effective_user
    log.warning(
        "refused button %r from chat %s, user %s: %s",
        data[:64],
        chat.id if chat else None,
        user.id if user else None,
        why,
    )


async def report_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reader's report buttons: the reasons, then a reason (a comment may follow), or Skip (filed as it is)."""
    query, data = _callback(update)
    svc = services(context)
    language = await _language(update, context)
    button = review.parse_button(data)
    if button is None or button.kind == "ad":
        _log_refused(update, "not a report button")
        await stale_button(update, context)
        return
    brief = await svc.run(partial(review.event_brief, event_id=button.event_id))
    if brief is None or not brief.shown:
        await query.answer(text("report_no_event", language), show_alert=True)
        return
    await query.answer()
    if button.kind == "rp":
        await _reply(update, *reasons_view(brief, language))
    elif button.kind == "rr":
        await _edit(update, *comment_view(brief, button.value, language))
        prompt = query.message.message_id if query.message else 0
        _pending(context, review.Pending("comment", brief.id, prompt, svc.clock(), button.value))
    else:
        _pending(context, None)
        chat = chat_info(update, context)
        filed = await svc.run(
            partial(
                review.file_report,
                chat_id=chat.chat_id,
                event_id=brief.id,
                reason=button.value,
                comment=None,
                now=svc.clock(),
            )
        )
        await _edit(update, report_result(brief, filed, language))


async def admin_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's correction button: act at once, or ask for the dates, the place or the other event first."""
    query, data = _callback(update)
    svc = services(context)
    language = await _language(update, context)
    if not _admin_here(update, context):
        _log_refused(update, "not an admin in a private chat")
        await query.answer(text("admin_only_button", language), show_alert=True)
        return
    button = review.parse_button(data)
    if button is None or button.kind != "ad":
        _log_refused(update, "not an admin button")
        await stale_button(update, context)
        return
    await query.answer()
    do = review.question_of(button.value)
    if do is not None:
        brief = await svc.run(partial(review.event_brief, event_id=button.event_id))
        if brief is None or not brief.shown:
            error = review.Outcome(button.value, brief, error="not_shown" if brief else "no_event")
            await _reply(update, outcome_text(error, language))
            return
        message = update.effective_message
        assert message is not None
        prompt = await message.reply_text(
            question(button.value, brief, language), parse_mode=ParseMode.HTML, reply_markup=ForceReply(selective=True)
        )
        _pending(context, review.Pending(do, brief.id, prompt.message_id, svc.clock()))
        return
    await _act(update, context, button.value, button.event_id, review.ActionInput(), language)


async def _act(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    action: str,
    event_id: int,
    given: review.ActionInput,
    language: str,
) -> None:
    """Run an admin action in the database and tell the admin what it did."""
    svc = services(context)
    user, chat = update.effective_user, update.effective_chat
    actor = f"tg:{user.id if user else chat.id if chat else 0}"
    outcome = await svc.run(
        partial(
            review.act,
            action=action,
            event_id=event_id,
            actor=actor,
            now=svc.clock(),
            schedule=svc.schedule,
            given=given,
        )
    )
    log.info("admin %s: %s event %s%s", actor, action, event_id, f" refused ({outcome.error})" if outcome.error else "")
    await _reply(update, outcome_text(outcome, language))


async def review_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/review: open readers' reports and events held for approval, each with its action buttons."""
    if await _refuse_non_service_admin(update, context):
        return
    svc = services(context)
    language = await _language(update, context)
    listing = await svc.run(review.review_list)
    await _reply(update, review_header(listing, language))
    for group in listing.reports:
        await _reply(update, *report_card(group, language))
    for held in listing.held:
        await _reply(update, *held_card(held, language))


async def _answer_pending(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The text answers a question the bot asked in this chat (a comment, dates, a place, an event number): act on
    it and say so. False when there is no such question (or, in a group, the text is no reply to it)."""
    svc = services(context)
    assert context.chat_data is not None
    pending = review.Pending.from_data(context.chat_data.get("pending"), now=svc.clock())
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if pending is None or message is None or chat is None or not message.text:
        return False
    replied = message.reply_to_message.message_id if message.reply_to_message else None
    if chat.type != ChatType.PRIVATE and replied != pending.prompt:
        return False
    language = await _language(update, context)
    if pending.do == "comment":
        _pending(context, None)
        filed = await svc.run(
            partial(
                review.file_report,
                chat_id=chat.id,
                event_id=pending.event_id,
                reason=pending.reason,
                comment=message.text,
                now=svc.clock(),
            )
        )
        brief = await svc.run(partial(review.event_brief, event_id=pending.event_id))
        if brief is not None:
            await _reply(update, report_result(brief, filed, language))
        try:  # the question is answered: its Skip button goes
            await context.bot.edit_message_reply_markup(chat.id, pending.prompt, reply_markup=None)
        except TelegramError as exc:
            log.info("could not take the Skip button off message %s: %s", pending.prompt, exc)
        return True
    if not _admin_here(update, context):
        log.warning("refused an admin answer from chat %s, user %s", chat.id, user.id if user else None)
        return False
    try:
        given = review.read_answer(
            pending.do,
            message.text,
            today=svc.today(),
            regions=svc.choices.regions,
            gazetteer=svc.choices.gazetteer,
        )
    except ReplyError as exc:
        await _reply(update, reply_error(exc, language))  # the question stays open: the admin writes it again
        return True
    _pending(context, None)
    await _act(update, context, pending.do, pending.event_id, given, language)
    return True


async def group_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply in a group: the answer to a question the bot asked there, if it is one; else nothing."""
    await _answer_pending(update, context)


# --- everything else ------------------------------------------------------------------------------------------


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown command: say so and point to /help."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0]
    if "@" in command and not command.endswith("@" + (context.bot.username or "")):
        return  # addressed to another bot in the group
    await _reply(update, text("unknown_command", await _language(update, context), command=escape(command[:64])))


async def plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in a private chat: the answer to a question the bot asked, else a hint to send a command."""
    if await _answer_pending(update, context):
        return
    await _reply(update, text("plain_text", await _language(update, context)))


async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup (a new chat id): its subscriptions and what it was doing follow it.

    Telegram says so in both chats; whichever message comes first moves things, the second finds nothing to move.
    """
    message = update.effective_message
    if message is None:
        return
    old = message.migrate_from_chat_id or message.chat.id
    new = message.migrate_to_chat_id or message.chat.id
    # PTB creates an empty chat_data for every chat it hears from, the new supergroup included, before any
    # handler runs: only data actually in progress moves, and only onto none.
    chats = context.application.chat_data
    if chats.get(old) and not chats.get(new):
        context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)
    await services(context).run(partial(actions.follow_migration, old_chat_id=old, new_chat_id=new))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log the exception and tell the user something went wrong."""
    log.error("bot handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        language = language_for(update.effective_user.language_code if update.effective_user else None)
        try:
            await update.effective_message.reply_text(text("error", language))
        except TelegramError:
            log.warning("could not tell the chat about the error either")
