"""/upcoming, /event and /calendar: what is coming, one event, the personal calendar address."""

from __future__ import annotations

import logging
from functools import partial

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot import actions
from bot.actions import BotServices
from bot.handlers.common import (
    Keyboard,
    _callback,
    _edit,
    _language,
    _refuse_non_admin,
    _reply,
    _unknown_reply,
    chat_info,
    services,
    stale_button,
)
from bot.render import escape
from bot.review_views import (
    report_keyboard,
)
from bot.texts import text

log = logging.getLogger(__name__)


# --- /upcoming and /event ----------------------------------------------------------------------------------------


async def _upcoming_view(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int) -> tuple[str, Keyboard | None]:
    """One page of /upcoming with its paging buttons."""
    svc = services(context)
    assert context.chat_data is not None
    industries, regions = context.chat_data.get("upcoming_filters", ([], []))
    chat = chat_info(update, context)
    language = await _language(update, context)
    result = await svc.run(
        partial(
            actions.upcoming,
            chat=chat,
            industries=industries,
            regions=regions,
            page=page,
            today=svc.today(),
            vocabulary=svc.choices.regions,
        )
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
    https = f"{svc.public_url}/calendar/{token}.ics"
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
