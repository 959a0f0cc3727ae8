"""An event's status relative to the publication date, for every language's reader (`extract.pipeline`,
`extract.english`): one rule, so that a fair reported in Chinese and in English is upcoming, ongoing or held alike.

Before the first day `upcoming`, from the first to the last day `ongoing`, after it `held`. A month-precision date
that contains the publication date, a vague word, a partial date and an undated event use the date's relation or
the sentence's tense; `unknown` when nothing tells.
"""

from __future__ import annotations

from datetime import date

from extract.dates import DateMention
from extract.model import DatePrecision, Status


def status_of(
    start: date | None,
    end: date | None,
    precision: DatePrecision,
    when: DateMention | None,
    published: date | None,
    tense: str | None,
    running: bool = False,
) -> Status:
    """The status of an event with these dates; `when` is the date statement its dates came from, `tense` its
    sentence's; `running` says a report counted the days of the run (进入第二天) on the publication day."""
    if published is not None and start is not None and end is not None:
        if published < start:
            return "upcoming"
        if published > end:
            return "held"
        if precision == "day":
            return "ongoing"
    if published is not None and precision == "day" and (start is None) != (end is None):
        # Only the opening (or only the closing) is known: it is on if that day is today, to come if later.
        known = start or end
        assert known is not None
        if known > published:
            return "upcoming"
        return "ongoing" if known == published or (start is not None and running) else "held"
    if when is not None and when.relation != "unknown" and not (start and end and published):
        return "held" if when.relation == "before" else "upcoming"
    if tense == "future":
        return "upcoming"
    if tense == "past":
        return "held"
    if published is not None and start is not None and end is not None:
        return "ongoing"
    return "unknown"
