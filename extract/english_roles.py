"""What a date in an English sentence says of an event, and how long the event lasts: the English counterpart of
`extract.roles`.

`role_of` reads the words before a date (English puts the verb first: "will open on", "runs until", "closed
on") to tell a range, an opening, a closing, a "held on" or the report's own date, with the roles and strengths
of `extract.roles`. `duration_of` finds "a three-day fair" or "for five days" in a sentence; with an opening it
gives the closing (`extract.completion`).
"""

from __future__ import annotations

import re

from extract.roles import Role

# What the words before a date say it is (`role_of`).
# "concluded in Shanghai on Saturday", "opened at the Canton Fair Complex on Tuesday": a place between the verb
# and its date.
_PLACE_GAP = r"(?:\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w'’&\-]*(?:\s+[A-Z(][\w'’&\-)]*){0,8})?"
_BEFORE_END_RE = re.compile(
    r"\b(?:until|till|through|to|clos(?:e|es|ed|ing)|conclud(?:e|es|ed|ing)|end(?:s|ed|ing)?|wrap(?:s|ped)? up"
    rf"|runs? until|last(?:s|ing)? until){_PLACE_GAP}(?:\s+on)?\s*$",
    re.IGNORECASE,
)
_BEFORE_START_RE = re.compile(
    r"\b(?:open(?:s|ed|ing)?|kick(?:s|ed)? off|start(?:s|ed|ing)?|beg(?:in|ins|an)|commenc(?:e|es|ed)|from|since"
    rf"|launch(?:es|ed)?|unveil(?:s|ed)?|inaugurat(?:e|es|ed)){_PLACE_GAP}(?:\s+(?:on|in))?\s*$",
    re.IGNORECASE,
)
_BEFORE_NOT_EVENT_RE = re.compile(
    r"\b(?:announced|said|told|press conference|news conference|briefing|registration|register|deadline|apply|"
    r"applications?|submitted|signed|released|published|reported|as of|statement|interview|before|by)\b[^.;]{0,30}$",
    re.IGNORECASE,
)
_BEFORE_HELD_RE = re.compile(
    r"\b(?:held|hold|holds|take place|takes place|took place|scheduled|slated|set|staged|hosted|convened?|run|runs"
    r"|ran|is|are|was|were|be)\b[^,.;]{0,40}$",
    re.IGNORECASE,
)
# three-day, 5-day, for four days, lasting three days: with the opening it gives the closing.
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DURATION_RE = re.compile(
    r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)(?:-day\b|\s+days?\s+(?:long|event|fair|expo))"
    r"|\b(?:for|lasting|last|lasts|run for|runs for|after)\s+"
    r"(?P<n2>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+days\b",
    re.IGNORECASE,
)


def role_of(text: str, span: tuple[int, int], is_range: bool, clause_start: int) -> Role:
    """What the date at `span` says of the event whose clause starts at `clause_start`: read from the words
    before it in its clause, where English puts the verb ("will open on", "runs until", "was held on")."""
    before = text[max(clause_start, span[0] - 60) : span[0]]
    if is_range:
        return "range"
    if _BEFORE_END_RE.search(before):
        return "end"
    if _BEFORE_NOT_EVENT_RE.search(before):
        return "report"
    if _BEFORE_START_RE.search(before):
        return "start"
    if _BEFORE_HELD_RE.search(before):
        return "held"
    return "other"


def duration_of(sentence: str) -> int | None:
    """N of "a three-day fair", "for five days", when the sentence says so."""
    m = _DURATION_RE.search(sentence)
    if m is None:
        return None
    word = (m["n"] or m["n2"]).lower()
    days = int(word) if word.isdigit() else _NUMBERS[word]
    return days if 1 <= days <= 60 else None
