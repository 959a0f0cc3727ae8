"""Events as the extraction tests read them: `extract.extract_events` on a text with the real taxonomy, and the one
event of a given name among them."""

from __future__ import annotations

from datetime import date

from extract import ExtractedEvent, Taxonomy, extract_events

PUB = date(2024, 6, 12)  # the publication day of the calendar-trust scenarios, unless one says otherwise


def read_events(text: str, taxonomy: Taxonomy, published: date | None = PUB) -> list[ExtractedEvent]:
    return extract_events(text, published=published, taxonomy=taxonomy)


def by_name(events: list[ExtractedEvent], name: str) -> ExtractedEvent:
    found = [e for e in events if e.name == name]
    assert len(found) == 1, (name, [e.name for e in events])
    return found[0]
