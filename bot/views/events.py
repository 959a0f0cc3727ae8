"""Events as the chat sees them: a page of /upcoming with its buttons, one event's card, and the /calendar address."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.buttons import CalendarAction, EventDetails, Upcoming
from bot.choices import Choices
from bot.render import Renderer, escape
from bot.texts import text
from bot.views.keyboard import Keyboard, button
from bot.views.review import report_keyboard
from db.calendar import CalendarEvent
from db.outbox import SourceLink

# How much of a reference no event has is repeated back.
_MAX_REFERENCE = 40


def upcoming(
    renderer: Renderer,
    choices: Choices,
    result: actions.UpcomingPage,
    industries: Sequence[str],
    regions: Sequence[str],
    language: str,
) -> tuple[str, Keyboard | None]:
    """One page of /upcoming (under the filters it was asked with): a numbered item per event, a details button per
    number, and buttons to the pages before and after."""
    if not result.events:
        return text("upcoming_empty", language), None
    start = (result.page - 1) * actions.PAGE_SIZE
    items = "\n\n".join(renderer.listing_item(start + n + 1, event, language) for n, event in enumerate(result.events))
    labels = [choices.industry_label(i, language) for i in industries] + [
        choices.region_label(r, language) for r in regions
    ]
    joined = escape(text("list_separator", language).join(labels))
    filters = text("upcoming_filters", language, filters=joined) if labels else ""
    body = text("upcoming", language, page=result.page, pages=result.pages, filters=filters, items=items)
    nav = []
    if result.page > 1:
        nav.append(button(text("btn_prev", language), Upcoming(result.page - 1)))
    if result.page < result.pages:
        nav.append(button(text("btn_next_page", language), Upcoming(result.page + 1)))
    details = [button(f"{start + n + 1}", EventDetails(e.id)) for n, e in enumerate(result.events)]
    return body, [details, nav] if nav else [details]


def event_card(
    renderer: Renderer, found: tuple[CalendarEvent, Sequence[SourceLink]], language: str
) -> tuple[str, Keyboard]:
    """An event's card with its sources, and the button to report a problem with it."""
    event, links = found
    return renderer.card(event, links, language), report_keyboard(event.id, language)


def event_not_found(reference: str, language: str) -> str:
    return text("event_not_found", language, id=escape(reference, _MAX_REFERENCE))


def calendar(public_url: str, token: str, language: str) -> tuple[str, Keyboard]:
    """The chat's calendar address, over https and as webcal:// (calendar apps open that), to renew or revoke."""
    https = f"{public_url}/calendar/{token}.ics"
    webcal = "webcal://" + https.split("://", 1)[1]
    keyboard = [
        [
            button(text("btn_calendar_renew", language), CalendarAction("new")),
            button(text("btn_calendar_revoke", language), CalendarAction("off")),
        ]
    ]
    return text("calendar", language, https=escape(https), webcal=escape(webcal)), keyboard
