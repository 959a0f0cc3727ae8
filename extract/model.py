"""The values `extract_events` takes and returns.

These are plain frozen dataclasses so that the rest of the app (database, bot, CLI) can keep them, compare them
and turn them into JSON without knowing how they were found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

DatePrecision = Literal["day", "month", "vague"]
Status = Literal["upcoming", "ongoing", "held", "unknown"]


@dataclass(frozen=True, slots=True)
class SourceHints:
    """What we know about a source before reading its text: its home region and the industries it covers.

    They are defaults: the text wins when it names a place or an industry.
    """

    province: str | None = None
    city: str | None = None
    industries: tuple[str, ...] = ()


EventKind = Literal["exhibition", "matchmaking", "conference", "industry-meeting"]
# What an end of an event's dates rests on, weakest first: nothing, a vague or report-day mention, a month, a day
# implied by another statement (进入第二天, 为期3天, a one-day event), a day stated as the opening or closing, an
# explicit range. The calendar replaces a stored date only with a stronger basis or an announced change.
DateBasis = Literal["none", "vague", "month", "implied", "stated", "range"]
DATE_BASES: tuple[DateBasis, ...] = ("none", "vague", "month", "implied", "stated", "range")
# A change of plan the text announces: new dates or place (改期, 延期至, 调整至) or a cancellation (取消, 停办).
EventChange = Literal["moved", "cancelled"]


@dataclass(frozen=True, slots=True)
class Phase:
    """One phase of a fair that runs in phases (第一期, 第二期 …): its label and the days it runs, when known."""

    label: str
    start: date | None
    end: date | None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "label": self.label,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an event was read from, as it stands in the ORIGINAL text: ``original[start:end]``, and the
    reasons the engine took it for an industry event and read its dates as it did (for people checking it)."""

    sentence: str
    start: int
    end: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    """One event found in an article.

    `city` is the prefecture-level city in short form (广州, 江门), `province` the province-level region in short
    form (广东, 上海, 香港), `district` the county-level unit in short form when the text names one.
    `partial_date` ("MM-DD") is set only when the day is known and the year cannot be.
    `status` is relative to the publication date. `kind` says what sort of industry event it is: an exhibition
    or trade fair, matchmaking (对接会, 招商会 …), a conference or forum, or an industry meeting a government
    convenes; `evidence.reasons` says why. `start_basis`/`end_basis` say what each end of the dates rests on
    (`DateBasis`), `change` whether the text announces new plans or a cancellation. `phases` are the phases of
    the event whose days the text states (`extract.phases`); `dated_by_phases` says the event's own dates were not
    stated and `start`/`end` only span the phases reported (第三期将于5月1日—5日举行): the fair runs at least then.
    """

    name: str
    start: date | None
    end: date | None
    partial_date: str | None
    date_precision: DatePrecision
    venue: str | None
    city: str | None
    province: str | None
    district: str | None
    industries: tuple[str, ...]
    status: Status
    confidence: float
    evidence: Evidence = field(compare=False)
    kind: EventKind = "conference"
    partial_end: str | None = None
    start_basis: DateBasis = "none"
    end_basis: DateBasis = "none"
    change: EventChange | None = None
    phases: tuple[Phase, ...] = ()
    dated_by_phases: bool = False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready values: ISO dates or None, lists for tuples, evidence as a nested object."""
        return {
            "name": self.name,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "partial_date": self.partial_date,
            "partial_end": self.partial_end,
            "date_precision": self.date_precision,
            "venue": self.venue,
            "city": self.city,
            "province": self.province,
            "district": self.district,
            "industries": list(self.industries),
            "status": self.status,
            "confidence": self.confidence,
            "kind": self.kind,
            "start_basis": self.start_basis,
            "end_basis": self.end_basis,
            "change": self.change,
            "phases": [phase.to_dict() for phase in self.phases],
            "dated_by_phases": self.dated_by_phases,
            "evidence": {
                "sentence": self.evidence.sentence,
                "start": self.evidence.start,
                "end": self.evidence.end,
                "reasons": list(self.evidence.reasons),
            },
        }
