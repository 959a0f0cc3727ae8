"""Is a sentence about something still to come, or something that happened?

Chinese marks tense with words, not verb forms, so this is a word list with
a precedence rule:

* strong future markers (将于, 定于, 拟于, 即将, 将在, 届时 …) and strong past
  markers (召开了, 成功举办, 落下帷幕, 闭幕, 圆满结束, 已于 …): when both kinds
  occur, the one written last wins, because Chinese news states the
  background first (第一届成功举办, 第二届将于明年举办 → future);
* weak past markers (近日, 日前, a bare 召开/举行/举办 not preceded by a future
  word, what someone said at an event: 在…上表示) decide only when no strong
  marker is present: a news report of a meeting "在我市召开" is about a
  meeting that was held;
* `clause_tense` reads the comma clause first, because one sentence often
  joins clauses about different things.

Traditional script is accepted (the sentence is folded first).
"""

from __future__ import annotations

import re
from typing import Literal

from extract.spelling import fold

Tense = Literal["future", "past"]

_FUTURE_RE = re.compile(
    r"将于|定于|将闭幕|将落幕|将结束|拟于|拟在|即将|将在|将举办|将举行|将召开|将开幕|将启幕|将开展|将迎来|将亮相|将启动|届时"
    r"|计划于|预计于|预计将|有望于|将持续|敬请|欢迎.{0,6}参[加展会观]|报名截止|报名时间|开幕在即|即日起"
    r"|将(?:共同|一同|亲自|同时)?(?:出席|参加|参观|前往|访问)"
    # A change of plan points ahead: 延期至5月20日举办.
    r"|(?:延期|推迟|顺延|改期|调整|改)(?:至|到)"
)
_PAST_STRONG_RE = re.compile(
    r"召开了|举行了|举办了|开幕了|闭幕了|成功举办|成功举行|成功召开|顺利召开|顺利举行|隆重召开|隆重举行|隆重开幕"
    # 闭幕式 is a noun (将于…举行闭幕式 is future), and 将闭幕 has not happened yet.
    r"|(?<![将要])(?:落下帷幕|落幕|闭幕)(?!式)"
    r"|圆满结束|圆满落幕|圆满完成|已于|于昨日|于昨天|日前|已经举办|已举办|已召开|已举行|刚刚结束"
    r"|已(?:正式)?(?:开幕|开园|开展|启幕|开馆)"
)
_PAST_WEAK_RE = re.compile(
    r"近日|前不久|不久前|昨天|昨日|前天|上周|"
    r"(?<![将拟要])(?:召开|举行|举办|开幕|启幕|揭幕|亮相)(?![的前时期间])"
    # What someone said or did at an event is reported after the fact: 在…论坛上表示, 参加…时指出, and so are
    # its results (签约项目, 成交额) and an event that 正在举行.
    r"|(?:上|时|期间)[，,]?[^，。；]{0,30}?(?:表示|指出|透露|称|说|强调|介绍|宣布|签署|提出|认为|致辞)"
    r"|正在[^，。]{0,12}(?:举行|举办|召开|进行)|签约项目|签约总额|集中签约|意向采购|成交额"
)
_CLAUSE_END_RE = re.compile(r"[，,。！？!?；;\n】]")


def tense_of(sentence: str, *, strong_only: bool = False) -> Tense | None:
    """'future', 'past', or None when the sentence gives no clue; with `strong_only`, only a strong marker
    counts (将于, 成功举办), not a bare 举行 or a speech verb."""
    text = fold(sentence)
    last_future = -1
    for m in _FUTURE_RE.finditer(text):
        last_future = m.start()
    last_past = -1
    for m in _PAST_STRONG_RE.finditer(text):
        last_past = m.start()
    if last_future >= 0 or last_past >= 0:
        return "future" if last_future > last_past else "past"
    if not strong_only and _PAST_WEAK_RE.search(text):
        return "past"
    return None


def clause_tense(sentence: str, offset: int, *, strong_only: bool = False) -> Tense | None:
    """The tense of the clause (between commas) of `sentence` that holds `offset`, else of the whole sentence.

    A sentence often joins clauses about different things (普京4日在参加…论坛时表示，…即将在日内瓦举行的会晤):
    the clause a date or an event name stands in speaks for it first; the sentence decides only when the clause
    has no marker (5月20日，第五届博览会将在上海开幕).
    """
    lo = 0
    for m in _CLAUSE_END_RE.finditer(sentence, 0, offset):
        lo = m.end()
    end = _CLAUSE_END_RE.search(sentence, offset)
    hi = end.start() if end else len(sentence)
    return tense_of(sentence[lo:hi], strong_only=strong_only) or tense_of(sentence, strong_only=strong_only)
