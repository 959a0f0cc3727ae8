"""Texts of the admins' commands, /sources, /addsource and /stats, in Chinese (``ZH``) and English (``EN``)."""

from __future__ import annotations

ZH: dict[str, str] = {
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
}

EN: dict[str, str] = {
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
}
