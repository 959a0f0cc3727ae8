"""Texts of /upcoming, /event and /calendar, in Chinese (``ZH``) and English (``EN``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    # --- events
    "upcoming": "<b>近期活动</b>（第 {page}/{pages} 页）{filters}\n\n{items}",
    "upcoming_filters": "\n筛选：{filters}",
    "upcoming_empty": "暂时没有符合条件的近期活动。",
    "upcoming_item": "{number}. <b>{name}</b>\n   {dates} · {place}\n   详情：/event {id}",
    "btn_prev": "‹ 上一页",
    "btn_next_page": "下一页 ›",
    "event_usage": "请写活动编号，例如 <code>/event 42</code>（编号见 /upcoming）。",
    "event_not_found": "没有找到编号为 {id} 的活动。",
    # --- calendar
    "calendar": (
        "<b>您的日历订阅地址</b>（包含您订阅的行业和地区的活动）：\n"
        "{https}\n\n"
        "在 Apple 日历、Outlook 中可直接打开：\n{webcal}\n\n"
        "请勿分享此地址。若已泄露，可重新生成（旧地址随即失效）。"
    ),
    "btn_calendar_renew": "🔄 重新生成地址",
    "btn_calendar_revoke": "🚫 停用地址",
    "calendar_revoked": "日历地址已停用。发送 /calendar 可生成新地址。",
}

EN: dict[str, str] = {
    "upcoming": "<b>Upcoming events</b> (page {page}/{pages}){filters}\n\n{items}",
    "upcoming_filters": "\nFilters: {filters}",
    "upcoming_empty": "No upcoming events match for now.",
    "upcoming_item": "{number}. <b>{name}</b>\n   {dates} · {place}\n   Details: /event {id}",
    "btn_prev": "‹ Previous",
    "btn_next_page": "Next ›",
    "event_usage": "Give the event's number, e.g. <code>/event 42</code> (numbers are in /upcoming).",
    "event_not_found": "There is no event number {id}.",
    "calendar": (
        "<b>Your calendar address</b> (events of the industries and regions you subscribed to):\n"
        "{https}\n\n"
        "Opens directly in Apple Calendar and Outlook:\n{webcal}\n\n"
        "Do not share it. If it leaked, make a new one (the old address stops working)."
    ),
    "btn_calendar_renew": "🔄 New address",
    "btn_calendar_revoke": "🚫 Turn off",
    "calendar_revoked": "Your calendar address is turned off. Send /calendar for a new one.",
}
