"""Is an English clause about something still to come, or something that happened? The English counterpart of
`extract.tense`.

The tense of a clause comes from English auxiliaries and verbs (`tense_of`): "will", "is scheduled to", "to be
held" point ahead; "was held", "concluded", "took place" back (strong markers, `marked`); a bare "held",
"opened" or "attracted" decides only when no strong marker does. `clause_tense` reads the clause that holds a
date first, because one sentence often joins clauses about different things, and the whole sentence only when
its own clause says nothing.

The English reader (`extract.english`) gives the tense to `extract.english_dates`, where it decides the year of
a date written without one, and to `extract.status`.
"""

from __future__ import annotations

import re

from extract.tense import Tense

# The tense of a clause (see the module docstring). Strong markers decide; the last one written wins, as a
# release states the last edition first and this one after ("the 136th session was held …; the 137th will …").
_FUTURE_RE = re.compile(
    r"\b(?:will|shall|(?:is|are) (?:scheduled|slated|set|due|expected|going|poised) to|(?:is|are) to be"
    r"|to be (?:held|staged|hosted|convened|launched)|scheduled (?:for|to)|upcoming|forthcoming|coming)\b",
    re.IGNORECASE,
)
_PAST_STRONG_RE = re.compile(
    r"\b(?:(?:was|were) (?:successfully |grandly |officially )?(?:held|staged|hosted|convened|organi[sz]ed|opened"
    r"|launched|concluded|closed)|took place|concluded|came to a close|drew to a close|wrapped up|(?:has|have|had)"
    r" been held|(?:opened|closed|ended|kicked off) (?:on|in|yesterday|last)|last (?:year|edition|session))\b",
    re.IGNORECASE,
)
_PAST_WEAK_RE = re.compile(
    r"\b(?:held|opened|attracted|drew|hosted|kicked off|closed|ended|was|were|ago|previous|recently)\b", re.IGNORECASE
)
_CLAUSE_END_RE = re.compile(r"[,;:()\n]|\s[-–—]{1,2}\s")


def tense_of(clause: str) -> tuple[Tense | None, bool]:
    """(tense, marked): the tense of an English clause, and whether a strong marker says it."""
    last_future = max((m.start() for m in _FUTURE_RE.finditer(clause)), default=-1)
    last_past = max((m.start() for m in _PAST_STRONG_RE.finditer(clause)), default=-1)
    if last_future >= 0 or last_past >= 0:
        return ("future" if last_future > last_past else "past"), True
    if _PAST_WEAK_RE.search(clause):
        return "past", False
    return None, False


def clause_tense(sentence: str, offset: int) -> tuple[Tense | None, bool]:
    """The tense of the clause of `sentence` that holds `offset`, else of the whole sentence."""
    lo = 0
    for m in _CLAUSE_END_RE.finditer(sentence, 0, offset):
        lo = m.end()
    end = _CLAUSE_END_RE.search(sentence, offset)
    own = tense_of(sentence[lo : end.start() if end else len(sentence)])
    return own if own[0] is not None else tense_of(sentence)
