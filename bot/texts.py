"""Every text the bot sends, in Chinese (the default) and English. Handlers and renderers look texts up here.

Texts are ``str.format`` templates in HTML parse mode: whatever is substituted into them must already be escaped
by the caller with ``bot.render.escape`` (which also makes it safe to show), because scraped names and places can
contain ``<`` and ``&``, and bidi overrides.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "zh"
LANGUAGES = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
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
        # --- admins
        "sources": "<b>信息源</b>（{count} 个）\n{items}",
        "source_line": "{icon} <code>{key}</code> {name}\n   {kind} · 每 {interval} 分钟 · 上次成功：{success}{error}",
        "source_error": "\n   连续失败 {failures} 次：{error}",
        "never": "从未",
        "addsource_usage": "用法：<code>/addsource 网址 [类型]</code>，类型为 {kinds} 之一（默认 rss）。",
        "addsource_bad_url": (
            "网址必须是完整的 http:// 或 https:// 地址（有主机名，不含用户名和密码，最长 2000 个字符）。"
        ),
        "addsource_bad_kind": "不认识类型 {kind}，可用：{kinds}。",
        "addsource_private": (
            "不能添加：{host} 是内部网络地址（{address}）。信息源只能是公网上的网站；"
            "确需抓取内网的信息源，请在 config.yaml 中配置并设置 allow_private_network。"
        ),
        "addsource_exists": "这个网址已经是信息源 <code>{key}</code>。",
        "addsource_done": "已添加信息源 <code>{key}</code>（{kind}），下一轮轮询开始抓取。",
        "stats": (
            "<b>统计</b>\n"
            "订阅者：{subscribers}（活跃 {active}，群组 {groups}）\n"
            "订阅：{subscriptions}\n"
            "近期活动：{events}\n"
            "信息源：启用 {sources}，失败中 {failing}\n"
            "发送队列：{outbox}"
        ),
        # --- alerts
        "alert_new": "🆕 <b>新活动</b>",
        "alert_changed": "✏️ <b>活动信息有变化</b>",
        "alert_cancelled": "❌ <b>活动已取消</b>",
        "alert_reminder": "⏰ <b>{days} 天后开幕</b>",
        "alert_reminder_tomorrow": "⏰ <b>明天开幕</b>",
        "alert_reminder_today": "⏰ <b>今天开幕</b>",
        "digest_header": "📰 <b>今日活动汇总</b>（{count} 项）",
        "digest_more": "……另有 {count} 项，发送 /upcoming 查看。",
        "field_dates": "🗓 {value}",
        "field_venue": "📍 {value}",
        "field_industries": "🏷 {value}",
        "field_sources": "🔗 来源：{value}",
        "field_change": "变化：{value}",
        "field_because": "依据：{value}",
        "add_to_calendar": '📅 <a href="{url}">添加到日历</a>',
        "details_command": "详情：/event {id}",
        "date_unknown": "日期待定",
        "date_month": "{year}年{month}月（具体日期待定）",
        "date_no_year": "{month}月{day}日（年份待定）",
        "date_day": "{year}年{month}月{day}日（{weekday}）",
        "date_range_same_month": "{start}至{end_day}日（{end_weekday}）",
        "date_range": "{start}至{end}",
        "weekdays": "周一,周二,周三,周四,周五,周六,周日",
        "change_start_date": "开始日期",
        "change_end_date": "结束日期",
        "change_venue": "地点",
        "change_city": "城市",
        "change_province": "省份",
        "change_district": "区县",
        "change_status": "状态",
        "change_date_precision": "日期",
        "change_partial_date": "日期",
        "change_unknown_value": "未知",
        "list_separator": "、",
        # --- reports and corrections (bot.review_views)
        "btn_report": "⚠️ 报告问题",
        "report_ask_reason": "<b>{name}</b>（#{id}）有什么问题？",
        "reason_not_event": "不是产业活动",
        "reason_wrong_dates": "日期有误",
        "reason_wrong_place": "地点有误",
        "reason_duplicate": "与其他活动重复",
        "reason_cancelled": "已取消",
        "reason_postponed": "已延期",
        "report_ask_comment": (
            "<b>{name}</b>（#{id}）：{reason}\n"
            "可以回复这条消息补充说明（如正确的日期、地点或重复的活动编号），或点“跳过”。"
        ),
        "btn_skip": "跳过",
        "report_thanks": "谢谢！您对 <b>{name}</b> 的报告已收到，管理员会尽快核实。",
        "report_too_many": "您报告得太频繁了，请稍后再试。",
        "report_no_event": "这个活动已不在日历中。",
        "report_refused": "无法记录这个报告：{reason}",
        "admin_only_button": "只有本服务的管理员可以这样做。",
        "admin_report_card": "⚠️ <b>读者报告</b>\n<b>{name}</b>（#{id}）\n🗓 {dates}{place}\n{reasons}{comments}",
        "admin_held_card": "⏸ <b>待确认</b>\n<b>{name}</b>（#{id}）\n🗓 {dates}{place}\n批准后才会向订阅者发出提醒。",
        "admin_reason_count": "{reason} ×{count}",
        "admin_comments": "\n留言：\n{items}",
        "btn_hide": "🙈 隐藏",
        "btn_set_dates": "🗓 改日期",
        "btn_set_place": "📍 改地点",
        "btn_merge": "🔗 合并到…",
        "btn_mark_cancelled": "❌ 已取消",
        "btn_mark_postponed": "⏳ 已延期",
        "btn_dismiss": "✔️ 驳回",
        "btn_approve": "✅ 批准",
        "ask_dates": (
            "请回复 <b>{name}</b>（#{id}）的正确日期，例如 <code>2027年5月10日至12日</code>、"
            "<code>5月10日-12日</code>、<code>2027-05-10 2027-05-12</code> 或 <code>2027-05-10..2027-05-12</code>。"
        ),
        "ask_place": (
            "请回复 <b>{name}</b>（#{id}）的地点：场馆和城市，例如 <code>琶洲会展中心 广州</code>；"
            "或只写城市，如 <code>深圳</code>。"
        ),
        "ask_merge": "<b>{name}</b>（#{id}）与哪个活动重复？请回复那个活动的编号，例如 <code>42</code>。",
        "reply_no_dates": "没有读到日期。请写成 2027年5月10日至12日、5月10日-12日 或 2027-05-10 2027-05-12。",
        "reply_not_days": "请写到具体的日，例如 5月10日-12日。",
        "reply_too_many_dates": "读到了不止一段日期，请只写开始和结束日期，例如 5月10日-12日。",
        "reply_end_before": "结束日期早于开始日期（{detail}）。",
        "reply_no_place": "没有读到地点。请写场馆和城市，例如 琶洲会展中心 广州。",
        "reply_ambiguous": "有多个同名地点（{detail}），请写明城市，例如 南京鼓楼区。",
        "reply_no_city": "没有读到城市。请在场馆后写上城市，例如 琶洲会展中心 广州。",
        "reply_no_number": "请只回复活动编号，例如 42。",
        "done_hide": "✅ 已隐藏 <b>{name}</b>（#{id}）：它已从日历页面、订阅日历和待发提醒中移除。",
        "done_dates": "✅ <b>{name}</b>（#{id}）的日期改为 {after}（原为 {before}）。{notices}",
        "done_place": "✅ <b>{name}</b>（#{id}）的地点改为 {after}（原为 {before}）。{notices}",
        "done_merge": "✅ #{id} <b>{name}</b> 已并入 #{into} <b>{into_name}</b>，并已离开日历。",
        "done_cancel": "✅ <b>{name}</b>（#{id}）已标记为取消。{notices}",
        "done_postpone": "✅ <b>{name}</b>（#{id}）已标记为延期，日期待定；知道新日期后请用“改日期”。{notices}",
        "done_dismiss": "✅ 已驳回关于 <b>{name}</b>（#{id}）的 {count} 条报告，活动未改动。",
        "done_approve": "✅ 已批准 <b>{name}</b>（#{id}）。{notices}",
        "notices": "已通知 {count} 位订阅者。",
        "notices_none": "没有需要通知的订阅者。",
        "action_failed": "⚠️ 无法对 #{id} 执行：{reason}",
        "action_not_shown": "这个活动已被隐藏或合并。",
        "action_no_event": "没有这个活动。",
        "action_no_open_reports": "它已没有待处理的报告。",
        "review_header": "<b>待处理</b>：{reports} 个活动有读者报告，{held} 个活动待确认。{more}",
        "review_more": "（只列出前 {shown} 项）",
        "review_empty": "没有待处理的报告，也没有待确认的活动。",
        "stats_corrections": "\n更正：{corrections}\n待处理报告：{open_reports}",
        "correction_hide": "隐藏",
        "correction_set_dates": "改日期",
        "correction_set_place": "改地点",
        "correction_merge": "合并",
        "correction_cancel": "取消",
        "correction_postpone": "延期",
        "correction_dismiss": "驳回",
        "correction_approve": "批准",
        "unconfirmed": "待确认",
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
    },
    "en": {
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
        "sources": "<b>Sources</b> ({count})\n{items}",
        "source_line": (
            "{icon} <code>{key}</code> {name}\n   {kind} · every {interval} min · last success: {success}{error}"
        ),
        "source_error": "\n   {failures} failure(s) in a row: {error}",
        "never": "never",
        "addsource_usage": "Usage: <code>/addsource URL [kind]</code>, kind one of {kinds} (default rss).",
        "addsource_bad_url": (
            "The address must be a whole http:// or https:// address (a host, no user name or password, at most "
            "2000 characters)."
        ),
        "addsource_bad_kind": "Unknown kind {kind}; use one of {kinds}.",
        "addsource_private": (
            "Not added: {host} is a private network address ({address}). Sources must be sites on the public "
            "internet; a source on your own network belongs in config.yaml, with allow_private_network."
        ),
        "addsource_exists": "That address is already source <code>{key}</code>.",
        "addsource_done": "Added source <code>{key}</code> ({kind}); it is fetched from the next polling round.",
        "stats": (
            "<b>Statistics</b>\n"
            "Subscribers: {subscribers} ({active} active, {groups} groups)\n"
            "Subscriptions: {subscriptions}\n"
            "Upcoming events: {events}\n"
            "Sources: {sources} enabled, {failing} failing\n"
            "Outbox: {outbox}"
        ),
        "alert_new": "🆕 <b>New event</b>",
        "alert_changed": "✏️ <b>Event changed</b>",
        "alert_cancelled": "❌ <b>Event cancelled</b>",
        "alert_reminder": "⏰ <b>Opens in {days} days</b>",
        "alert_reminder_tomorrow": "⏰ <b>Opens tomorrow</b>",
        "alert_reminder_today": "⏰ <b>Opens today</b>",
        "digest_header": "📰 <b>Today's events</b> ({count})",
        "digest_more": "…and {count} more; send /upcoming to see them.",
        "field_dates": "🗓 {value}",
        "field_venue": "📍 {value}",
        "field_industries": "🏷 {value}",
        "field_sources": "🔗 Sources: {value}",
        "field_change": "Changed: {value}",
        "field_because": "Because: {value}",
        "add_to_calendar": '📅 <a href="{url}">Add to calendar</a>',
        "details_command": "Details: /event {id}",
        "date_unknown": "date to be announced",
        "date_month": "{month_name} {year} (day to be confirmed)",
        "date_no_year": "{day} {month_name} (year to be confirmed)",
        "date_day": "{weekday} {day} {month_name} {year}",
        "date_range_same_month": "{start} – {end}",
        "date_range": "{start} – {end}",
        "weekdays": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
        "months": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
        "change_start_date": "start date",
        "change_end_date": "end date",
        "change_venue": "venue",
        "change_city": "city",
        "change_province": "province",
        "change_district": "district",
        "change_status": "status",
        "change_date_precision": "date",
        "change_partial_date": "date",
        "change_unknown_value": "unknown",
        "list_separator": ", ",
        "btn_report": "⚠️ Report a problem",
        "report_ask_reason": "What is wrong with <b>{name}</b> (#{id})?",
        "reason_not_event": "Not an industry event",
        "reason_wrong_dates": "Wrong dates",
        "reason_wrong_place": "Wrong place",
        "reason_duplicate": "Duplicate of another event",
        "reason_cancelled": "Cancelled",
        "reason_postponed": "Postponed",
        "report_ask_comment": (
            "<b>{name}</b> (#{id}): {reason}\n"
            "Reply to this message to add a comment (the right dates, place or the number of the event it "
            "duplicates), or tap “Skip”."
        ),
        "btn_skip": "Skip",
        "report_thanks": "Thank you! Your report on <b>{name}</b> is in; an administrator will check it soon.",
        "report_too_many": "You have sent too many reports; please try again later.",
        "report_no_event": "This event is no longer in the calendar.",
        "report_refused": "The report could not be recorded: {reason}",
        "admin_only_button": "Only the service's administrators can do that.",
        "admin_report_card": "⚠️ <b>Readers' report</b>\n<b>{name}</b> (#{id})\n🗓 {dates}{place}\n{reasons}{comments}",
        "admin_held_card": (
            "⏸ <b>Unconfirmed</b>\n<b>{name}</b> (#{id})\n🗓 {dates}{place}\n"
            "Subscribers are alerted once you approve it."
        ),
        "admin_reason_count": "{reason} ×{count}",
        "admin_comments": "\nComments:\n{items}",
        "btn_hide": "🙈 Hide",
        "btn_set_dates": "🗓 Set dates",
        "btn_set_place": "📍 Set place",
        "btn_merge": "🔗 Merge into…",
        "btn_mark_cancelled": "❌ Cancelled",
        "btn_mark_postponed": "⏳ Postponed",
        "btn_dismiss": "✔️ Dismiss",
        "btn_approve": "✅ Approve",
        "ask_dates": (
            "Reply with the right dates of <b>{name}</b> (#{id}), e.g. <code>2027-05-10 2027-05-12</code>, "
            "<code>2027-05-10..2027-05-12</code>, <code>2027年5月10日至12日</code> or <code>5月10日-12日</code>."
        ),
        "ask_place": (
            "Reply with where <b>{name}</b> (#{id}) is held: a venue and a city, e.g. <code>琶洲会展中心 广州</code>, "
            "or a city alone, e.g. <code>深圳</code>."
        ),
        "ask_merge": "Which event does <b>{name}</b> (#{id}) duplicate? Reply with its number, e.g. <code>42</code>.",
        "reply_no_dates": "I found no dates. Write them as 2027-05-10 2027-05-12, 2027年5月10日至12日 or 5月10日-12日.",
        "reply_not_days": "Please give days, not only a month, e.g. 2027-05-10 2027-05-12.",
        "reply_too_many_dates": "I found more than one span of dates; give only the first and the last day.",
        "reply_end_before": "The last day is before the first ({detail}).",
        "reply_no_place": "I found no place. Write a venue and a city, e.g. 琶洲会展中心 广州.",
        "reply_ambiguous": "Several places have that name ({detail}); add the city, e.g. 南京鼓楼区.",
        "reply_no_city": "I found no city. Add it after the venue, e.g. 琶洲会展中心 广州.",
        "reply_no_number": "Reply with the event's number only, e.g. 42.",
        "done_hide": "✅ <b>{name}</b> (#{id}) is hidden: it has left the page, every calendar feed and pending alert.",
        "done_dates": "✅ <b>{name}</b> (#{id}) now runs {after} (was {before}). {notices}",
        "done_place": "✅ <b>{name}</b> (#{id}) is now at {after} (was {before}). {notices}",
        "done_merge": "✅ #{id} <b>{name}</b> is merged into #{into} <b>{into_name}</b> and has left the calendar.",
        "done_cancel": "✅ <b>{name}</b> (#{id}) is marked cancelled. {notices}",
        "done_postpone": (
            "✅ <b>{name}</b> (#{id}) is marked postponed, dates to be announced; use “Set dates” once known. {notices}"
        ),
        "done_dismiss": "✅ {count} report(s) on <b>{name}</b> (#{id}) dismissed; the event is unchanged.",
        "done_approve": "✅ <b>{name}</b> (#{id}) is approved. {notices}",
        "notices": "{count} subscriber(s) will be told.",
        "notices_none": "No subscriber needs to be told.",
        "action_failed": "⚠️ Could not do that to #{id}: {reason}",
        "action_not_shown": "this event was already hidden or merged.",
        "action_no_event": "there is no such event.",
        "action_no_open_reports": "it has no open reports any more.",
        "review_header": "<b>To review</b>: {reports} event(s) with readers' reports, {held} unconfirmed. {more}",
        "review_more": "(the first {shown} of each are listed)",
        "review_empty": "No open reports and no unconfirmed events.",
        "stats_corrections": "\nCorrections: {corrections}\nOpen reports: {open_reports}",
        "correction_hide": "hidden",
        "correction_set_dates": "dates set",
        "correction_set_place": "place set",
        "correction_merge": "merged",
        "correction_cancel": "cancelled",
        "correction_postpone": "postponed",
        "correction_dismiss": "dismissed",
        "correction_approve": "approved",
        "unconfirmed": "unconfirmed",
        "cmd_start": "Start",
        "cmd_subscribe": "Subscribe to industries and regions",
        "cmd_subscriptions": "Your subscriptions",
        "cmd_unsubscribe": "Unsubscribe",
        "cmd_upcoming": "Upcoming events",
        "cmd_event": "Event details",
        "cmd_calendar": "Your calendar address",
        "cmd_settings": "Settings",
        "cmd_help": "Help",
    },
}


def language_for(language_code: str | None) -> str:
    """Telegram's IETF tag (zh-hans, en-US, ...) to one of our languages; Chinese when unknown."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def text(key: str, language: str, /, **values: object) -> str:
    """The text ``key`` in ``language`` (Chinese when missing there), with ``values`` substituted (pre-escaped)."""
    template = TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE]).get(key)
    if template is None:
        template = TEXTS[DEFAULT_LANGUAGE][key]
    return template.format(**values) if values else template
