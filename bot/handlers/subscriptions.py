"""/start, /help, /subscribe with its picker, /subscriptions and /unsubscribe."""

from __future__ import annotations

import logging
from functools import partial
from typing import TypedDict

from telegram import Update
from telegram.ext import ContextTypes

from bot import actions
from bot.buttons import ALL, PickerStep, Unsubscribe
from bot.choices import Choices
from bot.handlers.common import (
    _edit,
    _language,
    _pressed,
    _refuse_non_admin,
    _reply,
    chat_info,
    services,
    stale_button,
)
from bot.views import chat as chat_views
from bot.views import subscriptions as views

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
        await _reply(update, *chat_views.welcome(result.language, views.subscribed(svc.choices, result)))
        return
    language = await svc.run(partial(actions.register, chat=chat))
    unknown = views.unknown_words(svc.choices, parsed, language) if parsed is not None else None
    await _reply(update, *chat_views.welcome(language, unknown))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: the commands and what each does."""
    language = await _language(update, context)
    await _reply(update, chat_views.help_text(services(context).choices, language))


# --- /subscribe ---------------------------------------------------------------------------------------------


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [industries] [regions]: subscribe directly, or open the picker without words."""
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    chat = chat_info(update, context)
    if not context.args:
        language = await _language(update, context)
        _reset_picker(context)
        await _reply(update, *views.industry_step(svc.choices, [], language))
        return
    parsed = svc.choices.parse(context.args)
    if parsed.unknown:
        language = await _language(update, context)
        await _reply(update, views.unknown_words(svc.choices, parsed, language))
        return
    result = await svc.run(partial(actions.subscribe, chat=chat, industries=parsed.industries, regions=parsed.regions))
    await _reply(update, views.subscribed(svc.choices, result))


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


def _offered(choices: Choices, pressed: PickerStep) -> bool:
    """Whether the step's value is one the picker offers: a configured industry, a region of the vocabulary."""
    match pressed.step:
        case "industry":
            return pressed.value == ALL or any(industry.id == pressed.value for industry in choices.industries)
        case "province":
            return choices.region_by_key(pressed.value) is not None
        case "region":
            return pressed.value == ALL or choices.region_by_key(pressed.value) is not None
    return True


def _toggle(chosen: list[str], value: str) -> None:
    chosen.remove(value) if value in chosen else chosen.append(value)


async def picker_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of the /subscribe picker: toggle an industry or region, page, or confirm."""
    query, pressed = _pressed(update, PickerStep)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    if pressed is None or not _offered(svc.choices, pressed):
        await stale_button(update, context)
        return
    language = await _language(update, context)
    picker = _picker(context)
    await query.answer()
    match pressed.step:
        case "start":
            _reset_picker(context)
            await _reply(update, *views.industry_step(svc.choices, [], language))
            return
        case "industry":
            if pressed.value == ALL:
                picker["industries"] = []
            else:
                _toggle(picker["industries"], pressed.value)
            await _edit(update, *views.industry_step(svc.choices, picker["industries"], language))
            return
        case "done":
            industries, regions = list(picker["industries"]), list(picker["regions"])
            _reset_picker(context)
            result = await svc.run(
                partial(actions.subscribe, chat=chat_info(update, context), industries=industries, regions=regions)
            )
            await _edit(update, views.subscribed(svc.choices, result))
            return
        case "back":
            picker["province"] = None
        case "more":
            picker["all_provinces"] = True
        case "province":
            region = svc.choices.region_by_key(pressed.value)
            picker["province"] = region.name if region is not None else None
        case "region":
            region = svc.choices.region_by_key(pressed.value) if pressed.value != ALL else None
            if region is None:
                picker["regions"] = []
            else:
                _toggle(picker["regions"], region.name)
    step = views.region_step(
        svc.choices,
        picker["industries"],
        picker["regions"],
        province=picker.get("province"),
        all_provinces=bool(picker.get("all_provinces")),
        language=language,
    )
    await _edit(update, *step)


# --- /subscriptions and /unsubscribe ---------------------------------------------------------------------------


async def subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscriptions: the chat's filters, each with a button to remove it."""
    svc = services(context)
    listing = await svc.run(partial(actions.list_for, chat=chat_info(update, context)))
    await _reply(update, *views.subscriptions(svc.choices, listing))


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
        await _reply(update, views.unknown_words(svc.choices, parsed, language))
        return
    count = await svc.run(
        partial(
            actions.unsubscribe, chat=chat, industries=parsed.industries, regions=parsed.regions, everything=everything
        )
    )
    await _reply(update, views.unsubscribed(count, language))


async def unsubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A remove button of /subscriptions or /unsubscribe."""
    query, pressed = _pressed(update, Unsubscribe)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    chat = chat_info(update, context)
    if pressed is None:
        await stale_button(update, context)
        return
    if pressed.subscription_id is None:
        await svc.run(partial(actions.unsubscribe, chat=chat, industries=[], regions=[], everything=True))
    else:
        await svc.run(partial(actions.unsubscribe_one, chat=chat, subscription_id=pressed.subscription_id))
    await query.answer()
    listing = await svc.run(partial(actions.list_for, chat=chat))
    await _edit(update, *views.subscriptions(svc.choices, listing))
