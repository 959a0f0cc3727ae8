"""/upcoming, /event and /calendar: what is coming, one event, the personal calendar address."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.ext import ContextTypes

from bot import actions
from bot.buttons import CalendarAction, EventDetails, Upcoming
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
from bot.texts import text
from bot.views import events as views
from bot.views.keyboard import Keyboard
from bot.views.subscriptions import unknown_words

log = logging.getLogger(__name__)


# --- /upcoming and /event ----------------------------------------------------------------------------------------


async def _upcoming_page(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int) -> tuple[str, Keyboard | None]:
    """One page of /upcoming, for the filters kept in the chat's data, with its buttons."""
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
    return views.upcoming(svc.renderer, svc.choices, result, industries, regions, language)


async def upcoming(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/upcoming [filters]: upcoming events for the filters or the chat's subscriptions."""
    svc = services(context)
    parsed = svc.choices.parse(context.args or [])
    if parsed.unknown:
        await _reply(update, unknown_words(svc.choices, parsed, await _language(update, context)))
        return
    assert context.chat_data is not None
    context.chat_data["upcoming_filters"] = (parsed.industries, parsed.regions)
    await _reply(update, *await _upcoming_page(update, context, 1))


async def upcoming_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A paging button of /upcoming."""
    query, pressed = _pressed(update, Upcoming)
    if pressed is None:
        await stale_button(update, context)
        return
    await query.answer()
    if pressed.page is None:
        # From the welcome's button: a new listing of the chat's subscriptions, below the welcome.
        assert context.chat_data is not None
        context.chat_data["upcoming_filters"] = ([], [])
        await _reply(update, *await _upcoming_page(update, context, 1))
        return
    # A page past the last one shows the last one (the listing may have shrunk since the button was made).
    await _edit(update, *await _upcoming_page(update, context, pressed.page))


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
        await _reply(update, views.event_not_found(reference, language))
        return
    await _reply(update, *views.event_card(svc.renderer, found, language))


async def event_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A details button under a listing: the event's card."""
    query, pressed = _pressed(update, EventDetails)
    svc = services(context)
    if pressed is None:
        await stale_button(update, context)
        return
    language = await _language(update, context)
    reference = str(pressed.event_id)
    found = await svc.run(partial(actions.find_event, reference=reference))
    if found is None:
        # Merged into another or gone: the button's message stays as it was, the press is told why nothing opens.
        await query.answer(views.event_not_found(reference, language))
        return
    await query.answer()
    await _reply(update, *views.event_card(svc.renderer, found, language))


# --- /calendar ---------------------------------------------------------------------------------------------


async def calendar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calendar: the chat's personal iCal address, with renew and revoke buttons."""
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    token, language = await svc.run(partial(actions.calendar_token, chat=chat_info(update, context)))
    await _reply(update, *views.calendar(svc.public_url, token, language))


async def calendar_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Renew or revoke the personal calendar address."""
    query, pressed = _pressed(update, CalendarAction)
    svc = services(context)
    if await _refuse_non_admin(update, context):
        return
    if pressed is None:
        await stale_button(update, context)
        return
    await query.answer()
    chat = chat_info(update, context)
    if pressed.action == "off":
        language = await svc.run(partial(actions.revoke_calendar, chat=chat))
        await _edit(update, text("calendar_revoked", language))
        return
    token, language = await svc.run(partial(actions.calendar_token, chat=chat, renew=True))
    await _edit(update, *views.calendar(svc.public_url, token, language))
