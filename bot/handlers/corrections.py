"""Readers' reports and admins' corrections in Telegram (the flows are `bot.review`, the messages
`bot.views.review`)."""

from __future__ import annotations

import logging
from functools import partial

from telegram import ForceReply, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import review
from bot.admin_replies import ReplyError
from bot.buttons import AdminAction, ReportStep
from bot.handlers.admin import _admin_here, _refuse_non_service_admin
from bot.handlers.common import _edit, _language, _pressed, _reply, chat_info, services, stale_button
from bot.texts import text
from bot.views.review import (
    comment_view,
    held_card,
    outcome_text,
    question,
    reasons_view,
    reply_error,
    report_card,
    report_result,
    review_header,
)

log = logging.getLogger(__name__)


# --- reports and corrections (bot.review) ------------------------------------------------------------------


def _pending(context: ContextTypes.DEFAULT_TYPE, value: review.Pending | None) -> None:
    assert context.chat_data is not None
    if value is None:
        context.chat_data.pop("pending", None)
    else:
        context.chat_data["pending"] = value.as_data()


def _log_refused(update: Update, why: str) -> None:
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    log.warning(
        "refused button %r from chat %s, user %s: %s",
        (query.data or "")[:64] if query else "",
        chat.id if chat else None,
        user.id if user else None,
        why,
    )


async def report_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reader's report buttons: the reasons, then a reason (a comment may follow), or Skip (filed as it is)."""
    query, pressed = _pressed(update, ReportStep)
    svc = services(context)
    language = await _language(update, context)
    if pressed is None:
        _log_refused(update, "not a report button")
        await stale_button(update, context)
        return
    brief = await svc.run(partial(review.event_brief, event_id=pressed.event_id))
    if brief is None or not brief.shown:
        await query.answer(text("report_no_event", language), show_alert=True)
        return
    await query.answer()
    if pressed.step == "reasons":
        await _reply(update, *reasons_view(brief, language))
    elif pressed.step == "reason":
        await _edit(update, *comment_view(brief, pressed.reason, language))
        prompt = query.message.message_id if query.message else 0
        _pending(context, review.Pending("comment", brief.id, prompt, svc.clock(), pressed.reason))
    else:
        _pending(context, None)
        chat = chat_info(update, context)
        filed = await svc.run(
            partial(
                review.file_report,
                chat_id=chat.chat_id,
                event_id=brief.id,
                reason=pressed.reason,
                comment=None,
                now=svc.clock(),
            )
        )
        await _edit(update, report_result(brief, filed, language))


async def admin_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's correction button: act at once, or ask for the dates, the place or the other event first."""
    query, pressed = _pressed(update, AdminAction)
    svc = services(context)
    language = await _language(update, context)
    if not _admin_here(update, context):
        _log_refused(update, "not an admin in a private chat")
        await query.answer(text("admin_only_button", language), show_alert=True)
        return
    if pressed is None:
        _log_refused(update, "not an admin button")
        await stale_button(update, context)
        return
    await query.answer()
    do = review.question_of(pressed.action)
    if do is not None:
        brief = await svc.run(partial(review.event_brief, event_id=pressed.event_id))
        if brief is None or not brief.shown:
            error = review.Outcome(pressed.action, brief, error="not_shown" if brief else "no_event")
            await _reply(update, outcome_text(error, language))
            return
        message = update.effective_message
        assert message is not None
        prompt = await message.reply_text(
            question(pressed.action, brief, language),
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(selective=True),
        )
        _pending(context, review.Pending(do, brief.id, prompt.message_id, svc.clock()))
        return
    await _act(update, context, pressed.action, pressed.event_id, review.ActionInput(), language)


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
            regions=svc.choices.regions,
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
