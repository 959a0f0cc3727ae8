"""Building the python-telegram-bot Application, with every handler registered in one ordered block."""

from __future__ import annotations

from telegram.ext import Application, CommandHandler

from bot import handlers


def build_application(*, token: str, api_base_url: str) -> Application:  # type: ignore[type-arg]
    application = (
        Application.builder()
        .token(token)
        .base_url(api_base_url)
        # Our own scheduler runs the jobs; PTB's job queue would start a second APScheduler.
        .job_queue(None)
        .build()
    )
    application.add_handlers(
        [
            CommandHandler("start", handlers.start),
            CommandHandler("help", handlers.help_command),
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application
