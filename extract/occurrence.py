"""Whether an event's mentions name one particular occurrence of it or the event as an institution.

进博会已成功举办6届, 广交会、服贸会、进博会 and 欢迎…参加中国国际进口博览会 speak of the event as an institution. A
name with an edition or year, a date in its sentence, or a clause that places the reader at the event (在…上,
出席, 期间, 开幕, 本届 …) is one occurrence; the corpus spec counts only those.
"""

from __future__ import annotations

import re

from extract.dates import DateMention
from extract.events import Mention
from extract.statements import Sentences, dates_in

_OCCURRENCE_NAME_RE = re.compile(r"(?:19|20)\d\d|第[0-9〇零一二三四五六七八九十百]+[届次期]|首届")
_OCCURRENCE_BEFORE_RE = re.compile(
    r"(?:在|于|出席|参加|致|向|同|本届|此次|本次|这届|今年的?|的|举办|举行|召开|主办|承办)了?$"
)
_OCCURRENCE_AFTER_RE = re.compile(
    r"(?:成功|顺利|隆重|盛大|正式|圆满)?"
    r"(?:上|期间|现场|开幕|闭幕|落幕|举办|举行|召开|开展|启幕|将于|将在|于|在|今天|今日|昨天|近日|日前|正在|"
    r"组委会|开幕式|闭幕式|首日|进入|同期|吸引|签约|成交|参展|展商|展区|设置|设立|共有|发布|致辞|主旨|演讲)"
)
_ATTEND_RE = re.compile(r"出席|参加|主持|筹备|筹办")
_REFERENCE_AFTER_RE = re.compile(r"、|等|(?:已经?)?(?:成功|连续)?举办(?:了)?[0-9一二三四五六七八九十]+[届次]")
_REFERENCE_BEFORE_RE = re.compile(r"(?:、|欢迎[^，。,]{0,10})$")


def names_occurrence(
    group: list[Mention],
    body: str,
    dates: list[DateMention],
    name_spans: list[tuple[int, int]],
    sentences: Sentences,
    main_end: int,
) -> bool:
    """Whether the mentions name one occurrence of the event rather than the event as an institution."""
    for m in group:
        if _OCCURRENCE_NAME_RE.search(m.name):
            return True
        before, after = body[max(0, m.start - 12) : m.start], body[m.end : m.end + 4]
        if _REFERENCE_BEFORE_RE.search(before) or _REFERENCE_AFTER_RE.match(after):
            continue
        if _OCCURRENCE_BEFORE_RE.search(before) or _OCCURRENCE_AFTER_RE.match(after):
            return True
        # 将共同出席…签字仪式和中意经贸论坛暨企业家洽谈会: the clause's verb of attending reaches over a list.
        clause_start = max(body.rfind(ch, max(0, m.start - 40), m.start) for ch in "，。；,;\n") + 1
        if _ATTEND_RE.search(body, clause_start, m.start):
            return True
        s_start, s_end = sentences.sentence(m.start, main_end)
        # A date in the sentence, 近日 included (a bare year is not one: `dates_in` leaves it out).
        if dates_in(dates, (s_start, s_end), name_spans):
            return True
    return False
