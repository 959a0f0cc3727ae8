"""Texts of /settings (language, reminders, digest time and delivery mode), in Chinese (``ZH``) and English
(``EN``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    # --- settings
    "settings": (
        "<b>设置</b>\n语言：{language}\n提醒：{reminders}\n提醒和每日汇总时间：{time}（{timezone}）\n推送方式：{mode}"
    ),
    "language_name": "中文",
    "reminders_off": "关闭",
    "reminders_days": "开幕前 {days} 天",
    "mode_instant": "即时推送",
    "mode_digest": "每日汇总",
    "btn_reminders": "提醒：{label}",
    "settings_saved": "已保存。",
}

EN: dict[str, str] = {
    "settings": (
        "<b>Settings</b>\nLanguage: {language}\nReminders: {reminders}\n"
        "Reminders and daily digest at: {time} ({timezone})\nAlerts: {mode}"
    ),
    "language_name": "English",
    "reminders_off": "off",
    "reminders_days": "{days} days before",
    "mode_instant": "instant",
    "mode_digest": "daily digest",
    "btn_reminders": "Reminders: {label}",
    "settings_saved": "Saved.",
}
