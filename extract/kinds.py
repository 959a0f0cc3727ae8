"""Is a named gathering an industry event, and of which kind? The decision and its reasons.

The definition is the corpus spec (shared/corpus/README.md): a scheduled gathering, open to many organisations, whose
subject is an industry, trade, investment or technology. News names many gatherings that are not: summits of states,
party and government meetings, commemorations, press conferences, a company's own meetings, shows and campaigns. A
name alone mostly tells which, because Chinese names state their kind and subject (第X届 + subject + event word).

The decision reads three things, each a small lexicon below, and keeps its reasons for the output:

1. **The event word** sets the kind and how much the subject must prove:
   * exhibitions and trade fairs (博览会, 交易会, 展会, 车展 …) and matchmaking (对接会, 洽谈会, 推介会, 招商会)
     are industry events by what they are, unless the name marks them as culture or commemoration (文物展,
     成就展, 艺术大展);
   * conferences (论坛, 峰会, 大会, 年会) are events only with an economic or industry subject (产业, 经济,
     贸易, 金融, a taxonomy keyword …) or as a known series (博鳌亚洲论坛, 夏季达沃斯论坛, 陆家嘴论坛): a summit
     of states names places and 合作 but no industry (中国—中亚峰会, 中非合作论坛);
   * meetings (座谈会, 推进会, 研讨会, 交流会, 现场会) only with a specific industry (a taxonomy keyword, 产业,
     行业 or a commodity such as 煤炭), because officials hold such meetings on every subject; a 工作座谈会 is
     government work, not a gathering of an industry;
   * press conferences and launches (发布会, 说明会) are never events.
2. **Markers of what is not an industry event**, anywhere in the name: diplomacy (领导人, 缔约方, 联合国), party and
   government (代表大会, 政协, 全会, 纪委), commemoration (庆祝, 纪念, 周年), culture and society (文物, 艺术,
   妇女, 运动会), a company's own meetings (股东, 业绩), and mentions that name no particular event (分论坛,
   各类展会, 国家级展会, 数十场论坛).
3. **National government meetings**: a 全国…大会 without a specific industry is the state's own meeting
   (全国科技大会, 全国教育大会), while 全国疫苗与健康大会 or 全国糖酒商品交易会 name an industry.

The lexicons describe how Chinese news names kinds of gatherings, not particular articles; extend them with words of
the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import EventKind
from extract.segment import segment
from extract.taxonomy import Taxonomy


@dataclass(frozen=True, slots=True)
class Decision:
    """`kind` is None when the gathering is not an industry event; `reasons` say why, either way."""

    kind: EventKind | None
    reasons: tuple[str, ...]


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


_EXHIBITION_WORDS = _words("博览会 展览会 展销会 展示会 交易会 展会 博会 交会 洽会 贸会 订货会 采购会 展")
_MATCHMAKING_WORDS = _words("对接会 洽谈会 推介会 招商会 恳谈会 活动")
_CONFERENCE_WORDS = _words("论坛 峰会 大会 年会")
_MEETING_WORDS = _words("座谈会 推进会 研讨会 交流会 现场会")
_PRESS_WORDS = _words("发布会 说明会")

# Subjects that make a conference an industry one.
_ECONOMIC_SUBJECTS = _words(
    "产业 行业 经济 经贸 贸易 商务 工商 投资 金融 资本 证券 银行 保险 财富 企业 企业家 商业 商会 招商 营商 "
    "市场 品牌 消费 科技 科创 技术 创新 工业 制造 能源 物流 供应链 班列 数字 网络 视听 信息 通信 数据 "
    "航天 航空 地产 农业 种子 旅游 会展 专利 知识产权 质量 标准 开放 发展 实体 金属 钢铁 煤炭 石油 石化 化工 "
    "有色 矿业 电力 交通 港口 海洋 医学 医疗 健康 养老 教育 人才 就业 家居 电商 平台 自贸 进口 出口 推介 "
    "药物 医药 核能 智能 机器人 汽车 城市 园区 新区 品牌"
)
# A specific industry: what a government meeting needs to be about to be an industry event.
_INDUSTRY_SUBJECTS = _words(
    "产业 行业 经贸 贸易 投资 招商 金属 钢铁 煤炭 石油 石化 化工 有色 矿业 电力 零部件 制造 装备 工艺 "
    "汽车 医药 疫苗 养老 康养 农业 种业 粮食 食品 物流 港口 文化产业 旅游 数字经济 人工智能 半导体 芯片 集成电路 "
    "新能源 储能 光伏 氢能 机器人 电子 软件 生物 医疗 新材料 纺织 服装 家电 建筑 建材 文旅 互联网 大数据"
)
# Series whose names do not state their subject but which are industry and economic forums.
_KNOWN_SERIES = _words(
    "博鳌亚洲论坛 达沃斯 陆家嘴论坛 中关村论坛 中国发展高层论坛 世界经济论坛 外滩金融峰会 "
    "夏季达沃斯 虹桥国际经济论坛 圣彼得堡国际经济论坛 世界互联网大会"
)
# Series that are summits of states or of their organisations whatever words they contain.
_KNOWN_POLITICAL = _words("一带一路国际合作高峰论坛 中非合作论坛 中阿合作论坛 太平洋岛国论坛")
_QUOTES_RE = re.compile(r"[“”‘’\"'《》「」]")

_NOT_EVENT_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "diplomatic meeting",
        _words(
            "领导人 元首 首脑 总统 总理 外长 部长级 缔约方 缔约国 联合国 二十国集团 七国集团 G20 G7 上合 "
            "上海合作组织 议会 欧盟峰会 特别峰会 气候峰会 和平 友好 民间 人文交流 安理会 理事会"
        ),
    ),
    (
        "party or government meeting",
        _words(
            "党 代表大会 人大 政协 全会 常委会 纪委 干部 思政 理论 主题教育 宣讲 学习贯彻 无党派 党外 统战 "
            "民主 协商 治国理政 工作会 务虚会 办公会 生活会 政治 廉洁 廉政 反腐 全体大会"
        ),
    ),
    ("ceremony or commemoration", _words("庆祝 纪念 周年 成立大会 表彰 颁奖 授勋 追悼 就职 典礼 誓师 动员")),
    (
        "culture, media or social event",
        _words(
            "文物 艺术 书画 摄影 图片展 成就展 作品展 美术 文艺 音乐 电影 戏剧 媒体 妇女 青年 宗教 体育 运动会 "
            "家长 四六级 读者 网络文明 思想 公益 新书 首发 图书首发 读书 影展 影像 电影节 非遗 文化遗产 "
            "博物馆 开放日 警营 文明 精品展 珍品展 藏品 画展 陈列 国家安全"
        ),
    ),
    ("a company's own meeting", _words("股东 业绩 新品 经销商 员工 粉丝 证交会")),
    ("not a particular event", _words("分论坛 主论坛 平行论坛 专题论坛 系列论坛 各类 各大 各种 国家级 全国系列")),
)

# 数十场专业论坛, 20余场论坛, 6场平行论坛: a count of gatherings, not one of them.
_COUNTED_RE = re.compile(r"^(?:[0-9]+|[数几多十百一二三四五六七八九两]+)[余多]?[场个项次类届]")
# 工作座谈会, 工作推进会: a government's work meeting.
_WORK_MEETING_RE = re.compile(r"工作(?:座谈会|推进会|现场会|交流会|研讨会)$")
# 全国…大会: the state's own meeting unless it names an industry.
_NATIONAL_RE = re.compile(r"^(?:(?:19|20)\d\d年?|第[^届]{1,4}届)?全国")


def _kind_of(suffix: str) -> EventKind | None:
    if suffix in _PRESS_WORDS:
        return None
    if suffix.endswith("活动") or suffix in _MATCHMAKING_WORDS:
        return "matchmaking"
    if suffix in _EXHIBITION_WORDS:
        return "exhibition"
    if suffix in _MEETING_WORDS:
        return "industry-meeting"
    return "conference"


def _found(name: str, words: tuple[str, ...], bounds: frozenset[int] | None = None) -> str | None:
    """The first of `words` in `name`; with word `bounds`, only one that starts or ends on a word boundary
    (人大 is not in 机器人|大会, but 党 is in 共产党)."""
    for word in words:
        at = name.find(word)
        while at >= 0:
            if bounds is None or at in bounds or at + len(word) in bounds:
                return word
            at = name.find(word, at + 1)
    return None


def _bounds(name: str) -> frozenset[int]:
    return frozenset(t.end for t in segment(name)) | {0}


def classify(name: str, suffix: str, *, taxonomy: Taxonomy | None = None, abbreviation: bool = False) -> Decision:
    """Whether the gathering `name` (ending in the event word `suffix`) is an industry event, and its kind."""
    kind: EventKind | None = "exhibition" if abbreviation else _kind_of(suffix)
    if kind is None:
        return Decision(None, (f"{suffix}: a press conference or launch",))
    if name.startswith("《") and kind == "matchmaking":
        return Decision(None, ("《…》推介会: the launch of a book or a work",))
    if _COUNTED_RE.match(name):
        return Decision(None, ("a count of gatherings, not one of them",))
    # Series are named with or without quotes (“一带一路”国际合作高峰论坛).
    political = _found(_QUOTES_RE.sub("", name), _KNOWN_POLITICAL)
    if political:
        return Decision(None, (f"{political}: a summit of states",))
    bounds = _bounds(name)
    for label, markers in _NOT_EVENT_MARKERS:
        marker = _found(name, markers, bounds)
        if marker is not None:
            return Decision(None, (f"{marker}: {label}",))
    industries = taxonomy.match(name) if taxonomy is not None else []
    industry_word = industries[0] if industries else _found(name, _INDUSTRY_SUBJECTS)
    series = _found(name, _KNOWN_SERIES)
    if kind == "exhibition" and suffix == "展" and _QUOTES_RE.search(name) and not industry_word and not series:
        # “紫禁城与凡尔赛宫”展: a show titled by its theme is a museum's or gallery's; a trade fair names its trade.
        return Decision(None, ("“…”展 without a trade: a titled show",))
    if suffix.endswith("活动") and not (industry_word or _found(name, _ECONOMIC_SUBJECTS)):
        # 对接活动 and 推介活动 of a region or an industry are matchmaking; an open day or a publicity campaign is not.
        return Decision(None, (f"{suffix} without an economic or industry subject",))
    if kind in ("exhibition", "matchmaking"):
        reason = f"{suffix}: an exhibition or trade fair" if kind == "exhibition" else f"{suffix}: matchmaking"
        if abbreviation:
            reason = f"{name}: a fair's short name"
        return Decision(kind, (reason,))
    if kind == "industry-meeting":
        if _WORK_MEETING_RE.search(name) and not industry_word:
            return Decision(None, ("工作…会: a government work meeting",))
        if industry_word:
            return Decision(kind, (f"{suffix} on an industry ({industry_word})",))
        return Decision(None, (f"{suffix} without an industry subject",))
    # Conferences, forums, summits.
    if series:
        return Decision(kind, (f"{series}: a known economic forum",))
    if _NATIONAL_RE.match(name) and not industry_word:
        return Decision(None, ("全国…大会 without an industry: a government meeting",))
    subject = industry_word or _found(name, _ECONOMIC_SUBJECTS)
    if subject:
        return Decision(kind, (f"{suffix} on {subject}",))
    return Decision(None, (f"{suffix} without an economic or industry subject",))
