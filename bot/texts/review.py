"""Texts of readers' reports and admins' corrections (`bot.views.review`), in Chinese (``ZH``) and English
(``EN``)."""

from __future__ import annotations

from outgoing.reasons import reason_texts

ZH: dict[str, str] = {
    **reason_texts("zh"),
    # --- reports and corrections
    "btn_report": "⚠️ 报告问题",
    "report_ask_reason": "<b>{name}</b>（#{id}）有什么问题？",
    "report_ask_comment": (
        "<b>{name}</b>（#{id}）：{reason}\n可以回复这条消息补充说明（如正确的日期、地点或重复的活动编号），或点“跳过”。"
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
}

EN: dict[str, str] = {
    **reason_texts("en"),
    "btn_report": "⚠️ Report a problem",
    "report_ask_reason": "What is wrong with <b>{name}</b> (#{id})?",
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
        "⏸ <b>Unconfirmed</b>\n<b>{name}</b> (#{id})\n🗓 {dates}{place}\nSubscribers are alerted once you approve it."
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
}
