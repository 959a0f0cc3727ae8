"""What the bot says in any chat: the welcome and /help, errors, refusals, the answer to a stale button, and the
command menu (setMyCommands); in Chinese (``ZH``) and English (``EN``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    # --- welcome and help
    "start": (
        "欢迎使用 Event Radar（会展雷达）！\n"
        "我从新闻和政府网站中找出各行业的展会、博览会、对接会、论坛和大会，告诉您何时何地举办。\n"
        "订阅您关注的行业和地区，有新活动、活动变更和开幕前提醒时我会通知您。"
    ),
    "help": (
        "<b>命令</b>\n"
        "/subscribe 订阅（按钮选择，或如 <code>/subscribe 生物医药 广东</code>）\n"
        "/subscriptions 我的订阅\n"
        "/unsubscribe 退订（<code>/unsubscribe 全部</code> 全部退订）\n"
        "/upcoming 近期活动（可加筛选，如 <code>/upcoming 人工智能 上海</code>）\n"
        "/event 活动详情（<code>/event 编号</code>）\n"
        "/calendar 我的日历订阅地址\n"
        "/settings 语言、提醒、即时或每日汇总\n"
        "/help 本帮助\n"
        "行业：{industries}\n"
        "地区：省份、城市或区县名称，如 广东、广州、海珠；<code>全国</code> 表示不限地区。"
    ),
    "error": "抱歉，处理您的消息时出错了，请稍后再试。",
    "unknown_command": "我不认识命令 {command}。发送 /help 查看可用命令。",
    "plain_text": "请发送命令，例如 /subscribe 订阅，或 /help 查看帮助。",
    "group_admins_only": "在群组中只有管理员可以修改订阅和设置。",
    "admin_only": "这个命令只对本服务的管理员开放。",
    "admin_private_only": "管理命令只能在与机器人的私聊中使用。",
    "button_invalid": "这个按钮已失效，请重新发送命令。",
    # --- bot menu (setMyCommands)
    "cmd_start": "开始使用",
    "cmd_subscribe": "订阅行业和地区",
    "cmd_subscriptions": "我的订阅",
    "cmd_unsubscribe": "退订",
    "cmd_upcoming": "近期活动",
    "cmd_event": "活动详情",
    "cmd_calendar": "我的日历地址",
    "cmd_settings": "设置",
    "cmd_help": "帮助",
}

EN: dict[str, str] = {
    "start": (
        "Welcome to Event Radar!\n"
        "I find expos, trade fairs, matchmaking meetings, forums and conferences in Chinese news and government "
        "sources, and tell you where and when they happen.\n"
        "Subscribe to the industries and regions you follow: I will tell you about new events, changes, and "
        "remind you before they open."
    ),
    "help": (
        "<b>Commands</b>\n"
        "/subscribe subscribe (buttons, or e.g. <code>/subscribe biomedicine guangdong</code>)\n"
        "/subscriptions your subscriptions\n"
        "/unsubscribe unsubscribe (<code>/unsubscribe all</code> removes all)\n"
        "/upcoming upcoming events (filters allowed, e.g. <code>/upcoming ai shanghai</code>)\n"
        "/event details of an event (<code>/event number</code>)\n"
        "/calendar your personal calendar address\n"
        "/settings language, reminders, instant alerts or a daily digest\n"
        "/help this help\n"
        "Industries: {industries}\n"
        "Regions: a province, city or district, in Chinese or as a province id (guangdong); <code>all</code> "
        "means anywhere."
    ),
    "error": "Sorry, something went wrong while handling your message. Please try again later.",
    "unknown_command": "I do not know the command {command}. Send /help to see what I can do.",
    "plain_text": "Please send a command, e.g. /subscribe, or /help.",
    "group_admins_only": "In groups only administrators can change subscriptions and settings.",
    "admin_only": "This command is for the service's administrators only.",
    "admin_private_only": "Admin commands work only in a private chat with the bot.",
    "button_invalid": "This button no longer works; please send the command again.",
    "cmd_start": "Start",
    "cmd_subscribe": "Subscribe to industries and regions",
    "cmd_subscriptions": "Your subscriptions",
    "cmd_unsubscribe": "Unsubscribe",
    "cmd_upcoming": "Upcoming events",
    "cmd_event": "Event details",
    "cmd_calendar": "Your calendar address",
    "cmd_settings": "Settings",
    "cmd_help": "Help",
}
