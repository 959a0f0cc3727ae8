"""Every text the bot sends, in Chinese (the default) and English. Handlers look texts up here; none inline them."""

from __future__ import annotations

DEFAULT_LANGUAGE = "zh"

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "start": (
            "欢迎使用 Event Radar（会展雷达）！\n"
            "我从新闻和政府网站中找出各行业的展会、博览会、对接会、论坛和大会，告诉您何时何地举办。\n"
            "订阅功能即将上线；现在可发送 /help 查看可用命令。"
        ),
        "help": "可用命令：\n/start 介绍\n/help 本帮助\n订阅、提醒和日历功能即将上线。",
        "error": "抱歉，处理您的消息时出错了，请稍后再试。",
    },
    "en": {
        "start": (
            "Welcome to Event Radar!\n"
            "I find expos, trade fairs, matchmaking meetings, forums and conferences in Chinese news and government "
            "sources, and tell you where and when they happen.\n"
            "Subscriptions are coming soon; send /help to see what works now."
        ),
        "help": (
            "Commands:\n/start introduction\n/help this help\nSubscriptions, reminders and calendars are coming soon."
        ),
        "error": "Sorry, something went wrong while handling your message. Please try again later.",
    },
}


def language_for(language_code: str | None) -> str:
    """Telegram's IETF tag (zh-hans, en-US, ...) to one of our languages; Chinese when unknown."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def text(key: str, language: str) -> str:
    return TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE])[key]
