"""Building the python-telegram-bot Application, with every handler registered in one ordered block."""

from __future__ import annotations

from telegram import BotCommand
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot import buttons, handlers
from bot.actions import BotServices
from bot.dispatcher import Limits
from bot.persistence import DatabasePersistence
from bot.texts import LANGUAGES, text

# Sends the dispatcher keeps in flight by default (`bot.dispatcher.Limits`).
SENDS_IN_FLIGHT = Limits().in_flight
# The commands shown in Telegram's menu, in this order (admin commands stay out of it).
MENU = ("start", "subscribe", "subscriptions", "unsubscribe", "upcoming", "event", "calendar", "settings", "help")


def build_application(
    *,
    token: str,
    api_base_url: str,
    services: BotServices,
    sends_in_flight: int = SENDS_IN_FLIGHT,
) -> Application:  # type: ignore[type-arg]
    """The Application for the services the composition root built. Its one Bot also sends the outbox's messages
    (`bot.dispatcher`), so its connection pool holds as many requests as the dispatcher keeps in flight."""
    request = HTTPXRequest(connection_pool_size=sends_in_flight + 2, read_timeout=20.0, connect_timeout=10.0)
    application = (
        Application.builder()
        .token(token)
        .base_url(api_base_url)
        .request(request)
        # Our own scheduler runs the jobs; PTB's job queue would start a second APScheduler.
        .job_queue(None)
        # Several chats at once: handlers wait on the database and on Telegram, not on each other.
        .concurrent_updates(True)
        # chat_data (picker selections, /upcoming filters) in the database, so a restart forgets nothing.
        .persistence(DatabasePersistence(services.sessions))
        .post_init(register_commands)
        .build()
    )
    application.bot_data["services"] = services
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            CommandHandler("start", handlers.start),
            CommandHandler("help", handlers.help_command),
            CommandHandler("subscribe", handlers.subscribe),
            CommandHandler("subscriptions", handlers.subscriptions),
            CommandHandler("unsubscribe", handlers.unsubscribe),
            CommandHandler("upcoming", handlers.upcoming),
            CommandHandler("event", handlers.event),
            CommandHandler("calendar", handlers.calendar),
            CommandHandler("settings", handlers.settings),
            CommandHandler("sources", handlers.sources),
            CommandHandler("addsource", handlers.add_source),
            CommandHandler("stats", handlers.stats),
            CommandHandler("review", handlers.review_command),
            CallbackQueryHandler(handlers.picker_button, pattern=buttons.PickerStep.PATTERN),
            CallbackQueryHandler(handlers.unsubscribe_button, pattern=buttons.Unsubscribe.PATTERN),
            CallbackQueryHandler(handlers.upcoming_button, pattern=buttons.Upcoming.PATTERN),
            CallbackQueryHandler(handlers.event_button, pattern=buttons.EventDetails.PATTERN),
            CallbackQueryHandler(handlers.calendar_button, pattern=buttons.CalendarAction.PATTERN),
            CallbackQueryHandler(handlers.settings_button, pattern=buttons.SettingsChoice.PATTERN),
            CallbackQueryHandler(handlers.report_pressed, pattern=buttons.ReportStep.PATTERN),
            CallbackQueryHandler(handlers.admin_pressed, pattern=buttons.AdminAction.PATTERN),
            # Any other button press (forged data, or a button of an older version of the bot) is answered, so the
            # user's spinner stops and they learn it did nothing.
            CallbackQueryHandler(handlers.stale_button),
            MessageHandler(filters.StatusUpdate.MIGRATE, handlers.chat_migrated),
            # Last: whatever no handler above took.
            MessageHandler(filters.COMMAND, handlers.unknown_command),
            MessageHandler(filters.TEXT & private, handlers.plain_text),
            MessageHandler(filters.TEXT & filters.REPLY & ~private, handlers.group_reply),
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application


async def register_commands(application: Application) -> None:  # type: ignore[type-arg]
    """setMyCommands in Chinese (the default for every language) and in English."""
    for language in LANGUAGES:
        commands = [BotCommand(name, text(f"cmd_{name}", language)) for name in MENU]
        await application.bot.set_my_commands(commands, language_code=None if language == "zh" else language)
