"""Which facts win when a report is merged into an event: evidence, not recency.

**Which facts win.** A fair is announced with its full dates, then reported every day it runs ("今天进入第二天",
"今天闭幕"), then reviewed; the later reports are vaguer, not newer. Each end of an event's dates keeps what it rests
on (`extract.model.DateBasis`: a range, a stated opening or closing, a day implied by another statement, a month, a
vague word) and the sentence it came from; a date is replaced only by a stronger basis or by a report that announces
a change of plan (改期, 延期至, 调整至: then its dates and place win, and 取消/停办 cancels the event). A report that
agrees, or is weaker, changes nothing and so notifies nobody; one that fills a missing end is a change. A venue or
place is filled when missing and replaced only by an announced change. Which changes are news, and how they are
recorded for subscribers, is `db.merge_notices`.

**Phases** (第一期, 第二期 … `extract.phases`) are part of their fair: they are kept in ``Event.phases`` and
completed report by report. A report dated only by phases (`ExtractedEvent.dated_by_phases`) says the fair runs at
least then: it fills missing dates and widens what earlier phases implied, without a notice (the fair was always
that long), and the fair's own stated dates replace it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from db.merge_notices import changed_facts, is_news, record_change, tell_admins_of_locked
from db.models.events import Event, stored_phase
from extract.model import DATE_BASES, DateBasis, ExtractedEvent, Phase
from extract.phases import merge_phases

BASIS_RANK: dict[str, int] = {basis: rank for rank, basis in enumerate(DATE_BASES)}


def date_basis(candidate: ExtractedEvent, end: str) -> DateBasis:
    """What the report's start (or end) rests on; a report built without bases (an older extractor, a test's
    report) is read by its precision: a day as stated, a month as a month."""
    value = candidate.start if end == "start" else candidate.end
    basis = candidate.start_basis if end == "start" else candidate.end_basis
    if value is None and candidate.partial_date is None:
        return "none"
    if basis != "none":
        return basis
    if candidate.date_precision == "month":
        return "month"
    if candidate.date_precision == "vague":
        return "vague"
    if end == "end" and candidate.end is not None and candidate.start is not None and candidate.end > candidate.start:
        return "range"
    return "stated" if end == "start" else "implied"


def merge_into(
    session: Session,
    event: Event,
    candidate: ExtractedEvent,
    *,
    newer: bool,
    now: dt.datetime,
    record: bool = True,
    revised: bool = False,
    reported_on: dt.date | None = None,
) -> bool:
    """Merge one report into an event by the evidence rule of the module docstring; True when a tracked fact
    changed.

    For a stored event (``record``) the version then grows and the change is recorded for subscribers; an event
    created in this batch is only completed. A ``revised`` report is a new reading of an article that already
    reported the event (its page was edited): like an announced change, what it states replaces what was stored.
    Between two statements of the same kind, one made on the day it states (今天（9月16日）开展, ``reported_on``)
    beats one made days ahead.
    """
    moved = candidate.change == "moved" or revised
    locked = event.locked or ()  # an event created in this batch has no list until it is flushed
    if locked:
        tell_admins_of_locked(session, event, candidate, moved=moved, now=now)
    dates_open = "dates" not in locked
    proposed: dict[str, Any] = {}
    start_basis, end_basis = date_basis(candidate, "start"), date_basis(candidate, "end")
    take_start = (
        dates_open
        and candidate.start is not None
        and (
            event.start_date is None
            or _wins(start_basis, event.start_basis, moved, on_the_day=candidate.start == reported_on)
            or _widens(candidate, event, "start", moved)
        )
    )
    take_end = (
        dates_open
        and candidate.end is not None
        and (
            event.end_date is None
            or event.end_basis == "none"
            or _wins(end_basis, event.end_basis, moved, on_the_day=candidate.end == reported_on)
            or _widens(candidate, event, "end", moved)
        )
    )
    if take_start:
        proposed.update(start_date=candidate.start, partial_date=None, date_precision=candidate.date_precision)
        event.start_basis = start_basis
    if take_end:
        proposed["end_date"] = candidate.end
        event.end_basis = end_basis
    elif take_start and candidate.start is not None:
        # The new start brings no end that wins: the stored end stands if it still follows it.
        keep = event.end_date is not None and event.end_date >= candidate.start and not moved
        proposed["end_date"] = event.end_date if keep else candidate.start
        if not keep:
            event.end_basis = "none"
    if (
        dates_open
        and event.start_date is None
        and event.partial_date is None
        and candidate.start is None
        and candidate.partial_date
    ):
        proposed.update(partial_date=candidate.partial_date, date_precision=candidate.date_precision)
    if take_start or take_end:
        event.dates_evidence = candidate.evidence.sentence[:2000]
    for name in ("venue", "city", "province", "district") if "place" not in locked else ():
        value = getattr(candidate, name)
        if value and (getattr(event, name) is None or moved):
            proposed[name] = value
    if "status" in locked or ("dates" in locked and candidate.change == "moved"):
        pass  # an admin decided what the event's state is
    elif candidate.change == "cancelled":
        proposed["status"] = "cancelled"
    elif (newer and event.status != "cancelled") or moved:
        proposed["status"] = candidate.status
    changes = changed_facts(event, proposed)
    industries = sorted(set(event.industries) | set(candidate.industries))
    phases = _merged_phases(event.phases, candidate.phases, moved)
    touched = (
        industries != sorted(event.industries) or candidate.confidence > event.confidence or phases != event.phases
    )
    event.industries = industries
    # Phases fill in the fair's page and iCal entry; the fair's own dates and place are what notices are about.
    event.phases = phases
    event.confidence = max(event.confidence, min(1.0, candidate.confidence))
    if not changes:
        if touched:
            event.updated_at = now
        return False
    for name in changes:
        setattr(event, name, proposed[name])
    if candidate.change == "cancelled" and event.cancelled_at is None:
        event.cancelled_at = now
    event.updated_at = now
    if not is_news(changes, candidate, moved=moved):
        return False
    if record:
        record_change(session, event, changes, candidate, now=now)
    return True


def _wins(incoming: DateBasis, stored: str, moved: bool, *, on_the_day: bool = False) -> bool:
    """Whether a reported date replaces a stored one: stronger evidence, a stated day said on the day itself over
    one said days ahead, or an announced change that states at least a month."""
    if moved:
        return BASIS_RANK[incoming] >= BASIS_RANK["month"]
    rank, known = BASIS_RANK[incoming], BASIS_RANK.get(stored, 0)
    # Not between ranges: a range stated on its first day inside a known one is a phase (第二期4月23日至27日).
    return rank > known or (on_the_day and rank == known == BASIS_RANK["stated"])


def _widens(candidate: ExtractedEvent, event: Event, end: str, moved: bool) -> bool:
    """Whether a report dated only by phases of the fair widens what phases told before: the fair runs at least
    from the first phase's opening to the last phase's closing, so an earlier opening or a later closing of another
    phase (第二期, then 第三期) moves that end while nothing stronger than phases says where it is."""
    if not candidate.dated_by_phases or moved:
        return False
    if end == "start":
        known, day, basis = event.start_date, candidate.start, event.start_basis
        return known is not None and day is not None and day < known and BASIS_RANK[basis] <= BASIS_RANK["implied"]
    known, day, basis = event.end_date, candidate.end, event.end_basis
    return known is not None and day is not None and day > known and BASIS_RANK[basis] <= BASIS_RANK["implied"]


def _merged_phases(known: list[dict[str, Any]], reported: Sequence[Phase], moved: bool) -> list[dict[str, Any]]:
    """The stored phases completed by the reported ones (`extract.phases.merge_phases`); an announced change of
    plan restates its phases' days outright."""
    if not reported:
        return known
    stored = [stored_phase(entry) for entry in known]
    if moved:
        labels = {phase.label for phase in reported}
        stored = [phase for phase in stored if phase.label not in labels]
    return [phase.to_dict() for phase in merge_phases(stored, reported)]
