"""Changes of plan a Chinese report announces: an event cancelled (取消举办, 停办) or moved (延期, 改期, 调整至), and
the words that mark a date as the plan a change replaced (原定于), so that date is not taken for the event's.
"""

from __future__ import annotations

import re

from extract.model import EventChange

# Words that mark a date as the plan a change of plan replaces (原定于, 原计划, 原本, 此前定于); the change's own
# dates follow the change word (延期至, 调整至: `_MOVED_RE`).
SUPERSEDED_RE = re.compile(r"原定于?|原计划于?|原本于?|原拟于?|此前定于")


# Wording that announces a change of plan: the dates or place it gives replace what was known, whatever their
# kind (延期至5月举办 beats an earlier exact range), and 取消/停办 cancels.
_CANCELLED_RE = re.compile(r"取消举办|宣布取消|决定取消|停办|暂停举办|不再举办|取消线下")
_MOVED_RE = re.compile(r"改期|延期|推迟|顺延|调整至|调整为|改至|改为|改于|改在|提前至|变更为|另行通知")


def change_of(body: str, spans: list[tuple[int, int]]) -> EventChange | None:
    """ "cancelled" or "moved" when a sentence said of the event announces a change of plan."""
    for start, end in spans:
        if _CANCELLED_RE.search(body, start, end):
            return "cancelled"
    for start, end in spans:
        if _MOVED_RE.search(body, start, end):
            return "moved"
    return None
