"""The words for what a reader can report about an event, one table for the page's report form and the bot.

A reader reports on the page or in Telegram, and an admin reviews the reports in Telegram: the reason a reader
picked must read the same in each place, so its words live here once, in each language the product speaks. The
reasons themselves are `db.models.corrections.REPORT_REASONS` (what may be stored); a test keeps the two in step.
"""

from __future__ import annotations

REASON_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "not_event": "不是产业活动",
        "wrong_dates": "日期有误",
        "wrong_place": "地点有误",
        "duplicate": "与其他活动重复",
        "cancelled": "已取消",
        "postponed": "已延期",
    },
    "en": {
        "not_event": "Not an industry event",
        "wrong_dates": "Wrong dates",
        "wrong_place": "Wrong place",
        "duplicate": "Duplicate of another event",
        "cancelled": "Cancelled",
        "postponed": "Postponed",
    },
}


def reason_texts(language: str) -> dict[str, str]:
    """The reasons' words as text keys (``reason_<reason>``) for a language's table of texts."""
    return {f"reason_{reason}": words for reason, words in REASON_WORDS[language].items()}
