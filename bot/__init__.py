"""The Telegram bot (python-telegram-bot v22): commands, subscriptions and alert delivery."""
