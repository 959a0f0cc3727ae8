"""Phases of a fair: 第一期, 第二期 … and the days each runs.

Big fairs run in phases (广交会 分三期: 第一期4月15日至19日, 第二期4月23日至27日, 第三期5月1日至5日), and the news
reports each one ("第134届广交会第二期今天开展", "广交会三期今天开幕"). A phase is part of its fair, not another
event and not the fair's own dates: the opening of the second phase is not the opening of the fair. So the
extractor reads phases apart from the fair's dates:

* a **phase mark** is 第N期 (or N期 right after a fair's name: 广交会三期), optionally with 展会/展览;
* a date right after a phase mark (第一期4月15日至19日, 第二期：4月23日—27日) is that phase's, never the fair's;
* a report whose name carries a phase mark (第135届广交会第三期将于5月1日—5月5日举行) gives that phase's dates.

What is not a phase: 同期, 本期, 为期, 近期, 一期工程 are other words that end in 期; the mark needs 第 or a fair's
name right before it, and a phase number of at most two numerals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from extract.cn_numerals import parse_cn_int
from extract.dates import DateMention
from extract.model import Phase
from extract.roles import role_of

_NUMERAL = r"[0-9一二三四五六七八九十]{1,3}"
# 第三期, （第三期）, 第三期展会: the mark as it follows a fair's name. Without 第 only right after the name
# (广交会三期), where no other word can end in 期.
_AFTER_NAME_RE = re.compile(rf"\s*[(（]?(第?)({_NUMERAL})期[)）]?(?:展会|展览|展)?")
# 第一期4月15日至19日, 第二期：4月23日—27日, 第三期为5月1日至5日: a phase mark just before a date.
_BEFORE_DATE_RE = re.compile(rf"第({_NUMERAL})期(?:展会|展览|展)?\s*(?:[:：为是在于]|时间为|时间[:：]?)?\s*$")
_PHASE_NUMBERS = "一二三四五六七八九十"


def label(number: int) -> str:
    """The display label of phase `number`: 第一期 … 第十期, 第11期 beyond."""
    spelled = _PHASE_NUMBERS[number - 1] if 1 <= number <= len(_PHASE_NUMBERS) else str(number)
    return f"第{spelled}期"


def _number(raw: str) -> int | None:
    value = int(raw) if raw.isdigit() else parse_cn_int(raw)
    # A fair has a handful of phases: 第135期 is an issue of a periodical, not a phase.
    return value if value is not None and 1 <= value <= 12 else None


def phase_after_name(text: str, name_end: int) -> int | None:
    """The phase number a fair's name is followed by (第135届广交会|第三期, 广交会|三期), or None."""
    found = _AFTER_NAME_RE.match(text, name_end)
    if found is None:
        return None
    if not found.group(1) and found.start(2) != name_end:
        return None  # 三期 after a space or bracket with no 第 is too loose to be a mark
    return _number(found.group(2))


def phase_before(text: str, position: int) -> int | None:
    """The phase number whose mark ends right before `position` (第一期|4月15日至19日), or None."""
    found = _BEFORE_DATE_RE.search(text, max(0, position - 12), position)
    return _number(found.group(1)) if found else None


def listed_phases(text: str, dates: Iterable[DateMention]) -> list[Phase]:
    """The phases whose days the text states: each day date right after a phase mark, read by its role
    (`extract.roles`: 第一期4月15日至19日 is a range, 第二期今天开展 an opening, 第二期今天结束 a closing), in
    phase order."""
    found: list[Phase] = []
    for mention in dates:
        number = phase_before(text, mention.span[0])
        if number is None or mention.precision != "day" or mention.start is None:
            continue
        is_range = mention.end is not None and mention.end > mention.start
        role = role_of(text, mention.span, is_range)
        if role == "range":
            found.append(Phase(label(number), mention.start, mention.end))
        elif role in ("start", "held"):
            found.append(Phase(label(number), mention.start, None))
        elif role == "end":
            found.append(Phase(label(number), None, mention.start))
    return merge_phases([], found)


def merge_phases(known: Iterable[Phase], reported: Iterable[Phase]) -> list[Phase]:
    """Known phases completed by reported ones, in phase order: a phase's missing day is filled, and a phase stated
    with both days replaces one stated with fewer (第二期今天开展 is completed by 第二期4月23日至27日); a phase
    stated with its days is not moved by a report that disagrees (that would be a change of the fair's plans, which
    the fair's own dates carry)."""
    merged = {phase.label: phase for phase in known}
    for phase in reported:
        old = merged.get(phase.label)
        if old is None or _days(phase) > _days(old):
            merged[phase.label] = phase
            continue
        # An opening and a closing said apart (第二期今天开展 … 第二期今天结束) make the phase's days together.
        start, end = old.start or phase.start, old.end or phase.end
        if start is not None and end is not None and start <= end:
            merged[phase.label] = Phase(old.label, start, end)
    return sorted(merged.values(), key=order)


def within(phases: Iterable[Phase], start: date, end: date) -> list[Phase]:
    """Phases read in the fair's own year: a phase's days are inside its fair's, so a phase that a year's guess put
    outside them (an announcement read after the first phase began: 第一期4月15日至19日 taken as next April) is
    moved by a year when that puts it inside."""
    fitted = []
    for phase in phases:
        for shift in (0, -1, 1):
            moved = Phase(phase.label, _shift(phase.start, shift), _shift(phase.end, shift))
            if all(day is None or start <= day <= end for day in (moved.start, moved.end)):
                fitted.append(moved)
                break
        else:
            fitted.append(phase)
    return fitted


def _shift(day: date | None, years: int) -> date | None:
    if day is None or years == 0:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 2月29日 in a year without one
        return None


def order(phase: Phase) -> int:
    """Sort key: the phase's number."""
    match = re.fullmatch(rf"第({_NUMERAL})期", phase.label)
    number = _number(match.group(1)) if match else None
    return number if number is not None else 99


def _days(phase: Phase) -> int:
    return (phase.start is not None) + (phase.end is not None)
