"""Texts of subscribing (by words or the picker), listing and removing subscriptions, in Chinese (``ZH``) and
English (``EN``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    # --- subscribing
    "btn_subscribe": "➕ 订阅",
    "btn_upcoming": "📅 近期活动",
    "btn_help": "❓ 帮助",
    "pick_industries": "<b>第 1 步：选择行业</b>（可多选，再按“下一步”）",
    "pick_regions": "<b>第 2 步：选择地区</b>（可多选；点省份可选其中的城市）\n已选行业：{industries}",
    "pick_cities": "<b>{province}</b>：选择全省或其中的城市（可多选）",
    "selected_regions": "已选地区：{regions}",
    "btn_next": "下一步 ›",
    "btn_done": "✅ 完成订阅",
    "btn_back": "‹ 返回",
    "btn_all_industries": "全部行业",
    "btn_all_regions": "全国",
    "btn_whole_province": "全省 · {province}",
    "btn_more_provinces": "更多省份…",
    "subscribed": "✅ 已订阅：\n{items}",
    "already_subscribed": "这些订阅已经存在：\n{items}",
    "subscription_item": "• {industry} · {region}",
    "unknown_words": "我不认识：{words}。",
    "did_you_mean": "“{word}”您是不是想找：{suggestions}？",
    "choices_hint": (
        "可用的行业：{industries}\n地区请写省份、城市或区县，如 广东、广州；或发送 /subscribe 用按钮选择。"
    ),
    "nothing_selected": "请先选择至少一个行业或地区。",
    "keyboard_expired": "这个菜单已过期，请重新发送 /subscribe。",
    # --- listing and removing
    "subscriptions": "<b>您的订阅</b>（点按钮退订）：\n{items}",
    "no_subscriptions": "您还没有订阅。发送 /subscribe 开始订阅。",
    "btn_remove": "❌ {label}",
    "btn_remove_all": "全部退订",
    "unsubscribed": "已退订 {count} 项。",
    "unsubscribed_one": "已退订：{label}",
    "nothing_to_unsubscribe": "没有找到相符的订阅。发送 /subscriptions 查看您的订阅。",
    "any_industry": "全部行业",
    "any_region": "全国",
}

EN: dict[str, str] = {
    "btn_subscribe": "➕ Subscribe",
    "btn_upcoming": "📅 Upcoming",
    "btn_help": "❓ Help",
    "pick_industries": "<b>Step 1: industries</b> (pick one or more, then “Next”)",
    "pick_regions": (
        "<b>Step 2: regions</b> (pick one or more; tap a province for its cities)\nIndustries: {industries}"
    ),
    "pick_cities": "<b>{province}</b>: the whole province or some of its cities",
    "selected_regions": "Regions: {regions}",
    "btn_next": "Next ›",
    "btn_done": "✅ Subscribe",
    "btn_back": "‹ Back",
    "btn_all_industries": "All industries",
    "btn_all_regions": "All of China",
    "btn_whole_province": "All of {province}",
    "btn_more_provinces": "More provinces…",
    "subscribed": "✅ Subscribed:\n{items}",
    "already_subscribed": "You already had:\n{items}",
    "subscription_item": "• {industry} · {region}",
    "unknown_words": "I do not know: {words}.",
    "did_you_mean": "“{word}”: did you mean {suggestions}?",
    "choices_hint": (
        "Industries: {industries}\nRegions: a province, city or district such as 广东, 广州 or guangdong; or send "
        "/subscribe to pick with buttons."
    ),
    "nothing_selected": "Pick at least one industry or region first.",
    "keyboard_expired": "This menu has expired; send /subscribe again.",
    "subscriptions": "<b>Your subscriptions</b> (tap to remove):\n{items}",
    "no_subscriptions": "You have no subscriptions yet. Send /subscribe to start.",
    "btn_remove": "❌ {label}",
    "btn_remove_all": "Remove all",
    "unsubscribed": "Removed {count} subscription(s).",
    "unsubscribed_one": "Removed: {label}",
    "nothing_to_unsubscribe": "No subscription matched. Send /subscriptions to see yours.",
    "any_industry": "all industries",
    "any_region": "all of China",
}
