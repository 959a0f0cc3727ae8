"""/start, /help, /subscribe with its picker, /subscriptions and /unsubscribe."""

from __future__ import annotations

import logging
from functools import partial
from typing import TypedDict

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot import actions
from bot.actions import BotServices
from bot.handlers.common import (
    Keyboard,
    _callback,
    _edit,
    _industry_list,
    _language,
    _main_buttons,
    _pair_label,
    _pairs,
    _refuse_non_admin,
    _reply,
    _unknown_reply,
    chat_info,
    services,
    stale_button,
)
from bot.render import escape
from bot.texts import text

log = logging.getLogger(__name__)


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
        _reset_picker(context)
        await _reply(update, text("pick_industries", language), _industry_keyboard(svc, context, language))
        return
    parsed = svc.choices.parse(context.args)
    if parsed.unknown:
        language = await _language(update, context)
        await _reply(update, _unknown_reply(svc, parsed, language))
        return
    result = await svc.run(partial(actions.subscribe, chat=chat, industries=parsed.industries, regions=parsed.regions))
    await _reply(update, _subscribed_text(svc, result))


class PickerState(TypedDict, total=False):
    """The /subscribe picker's selection so far, kept in the chat's data (plain JSON, as `bot.persistence` stores
    it): per chat, so in a group the admins build one selection together."""

    industries: list[str]
    regions: list[str]
    # The province whose cities are on show, and whether every province is listed rather than the featured ones.
    province: str | None
    all_provinces: bool


def _picker(context: ContextTypes.DEFAULT_TYPE) -> PickerState:
    assert context.chat_data is not None
    picker: PickerState = context.chat_data.setdefault("picker", {})
    picker.setdefault("industries", [])
    picker.setdefault("regions", [])
    return picker


def _reset_picker(context: ContextTypes.DEFAULT_TYPE) -> None:
    assert context.chat_data is not None
    context.chat_data["picker"] = PickerState(industries=[], regions=[])


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
            _reset_picker(context)
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
        _reset_picker(context)
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
