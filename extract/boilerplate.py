"""Lines of a page that are not its article, and where the article ends.

Whole lines of SEO spam, navigation, share bars, copyright/ICP footers and editor credits are dropped
(`line_kind`). Related-news lists are *not* removed: a ``相关新闻``-style marker, or the first footer line after
the article body (a line of at least `_BODY_MIN_CJK` Chinese characters, `is_body_line`), ends the article
(`extract.normalize.NormalizedText.main_end`), so callers can weigh what comes after it differently.
"""

from __future__ import annotations

import re

from extract.spelling import CJK

_BODY_MIN_CJK = 40
_FOOTER_MAX_LEN = 200

# `_NAV_RE` and `_SHARE_RE` are anchored at the line's start and matched, not searched: a search tries every
# position of a long paragraph. What they look for anywhere in a line is in `_BREADCRUMB_RE` and `_SCAN_RE`.
_NAV_RE = re.compile(
    r"^(?:您?(?:当前|现在)的?位置|当前位置|所在位置)"
    r"|^返回(?:顶部|首页|列表|上一页)"
    r"|^(?:上一篇|下一篇|上一条|下一条)"
    r"|^关闭(?:窗口|本页)$"
    r"|^[【\[]?\s*字[体号]\s*[:】]"
    r"|^(?:打印|收藏|搜索|全部|首页|我的订阅|更多|登录|注册|网站地图|网站帮助|联系我们|相关附件:?|评论|点赞|"
    r"新闻中心首页|返回|分享)$"
)
_NAV_WORDS = (
    "联系我们",
    "网站帮助",
    "网站地图",
    "服务申明",
    "关于我们",
    "设为首页",
    "加入收藏",
    "网站导航",
    "隐私政策",
)
_BREADCRUMB_RE = re.compile(r"首页\s*[>›»/]")
_BULLET_NAV_RE = re.compile(r"^[•·●▪◦]\s*.{0,12}$")
_SHARE_RE = re.compile(r"^分享到|^分享:|^打印本页|^[【\[]打印[】\]]")
_SCAN_RE = re.compile(r"扫一扫|微信扫码")
_SHARE_WORDS = ("微信", "微博", "QQ空间", "朋友圈", "分享", "QQ好友")
_FOOTER_RE = re.compile(
    r"版权所有|版权声明|all rights reserved|copyright|©|ICP备|ICP证|公网安备|网站标识码|信息服务许可证"
    r"|视听节目许可证|备案编号|备案号|免责声明|如有侵权|未经授权|严禁转载|不得转载|以上内容为.{0,10}快照"
    r"|快照生成时间|信息快照|技术支持:|通讯地址:|邮编:|新闻热线|广告热线|想爆料",
    re.IGNORECASE,
)
_EDITOR_RE = re.compile(
    r"^[(\[【]?\s*(?:总值班|值班|统\s*筹|责\s*编|审\s*核|编\s*辑|责任编辑|校\s*对|监\s*制|签\s*发|主\s*编"
    r"|美\s*编|终\s*审|二\s*审|初\s*审|作者)\s*:"
    # A line that is only a reporter credit: (记者 张三 通讯员 李四)
    r"|^[(\[【]\s*(?:本报)?记者[^()\[\]【】]{0,40}[)\]】]$"
)
_SPAM_STRONG = (
    "无码",
    "有码",
    "人妻",
    "丝袜",
    "美腿",
    "自拍",
    "一区二区",
    "中文字幕",
    "av综合",
    "午夜",
    "成人视频",
    "免费高清",
)
_SPAM_WEAK = ("国产", "日韩", "欧美", "亚洲", "高清", "免费", "在线看", "在线观看", "完整版", "精品", "视频", "专区")
_MARKER_RE = re.compile(
    r"^[【\[]?(?:相关新闻|相关阅读|相关报道|相关文章|相关链接|推荐阅读|延伸阅读|热点推荐|热门推荐|精彩推荐|猜你喜欢"
    r"|为你推荐|往期回顾|更多阅读|信息原文地址|原文地址|更多关于)"
)
_CONTENT_RE = re.compile(rf"[0-9A-Za-z{CJK}]")
# A line with at least _BODY_MIN_CJK Chinese characters (the match stops at the last one it needs).
_BODY_LINE_RE = re.compile(rf"(?:[^{CJK}]*[{CJK}]){{{_BODY_MIN_CJK}}}")


def line_kind(line: str) -> str:
    """'keep', 'marker', 'footer' (dropped, ends the article) or 'drop'."""
    if not _CONTENT_RE.search(line):
        return "drop"
    if _MARKER_RE.search(line) and len(line) <= 40:
        return "marker"
    # Footers are short; a long paragraph that mentions 版权 is an article about copyright.
    if len(line) <= _FOOTER_MAX_LEN and _FOOTER_RE.search(line):
        return "footer"
    if (
        _NAV_RE.match(line)
        or _BREADCRUMB_RE.search(line)
        or _EDITOR_RE.search(line)
        or _SHARE_RE.match(line)
        or _SCAN_RE.search(line)
    ):
        return "drop"
    if _BULLET_NAV_RE.match(line):
        return "drop"
    if len(line) <= 60:
        if sum(w in line for w in _NAV_WORDS) >= 2:
            return "drop"
        if sum(w in line for w in _SHARE_WORDS) >= 3:
            return "drop"
    lowered = line.lower()
    strong = sum(w in lowered for w in _SPAM_STRONG)
    if strong and strong + sum(w in lowered for w in _SPAM_WEAK) >= 2:
        return "drop"
    return "keep"


def is_body_line(line: str) -> bool:
    """Whether `line` is article text: at least `_BODY_MIN_CJK` Chinese characters."""
    return _BODY_LINE_RE.match(line) is not None
