"""find_dates() as the date tests compare it: each mention as a row of its text, start, end, precision and tense."""

from __future__ import annotations

from datetime import date

from extract.chinese_dates import find_dates

PUB = date(2023, 6, 19)  # a Monday

Row = tuple[str, str | None, str | None, str, str]


def rows(text: str, published: date | None) -> list[Row]:
    return [
        (
            text[m.span[0] : m.span[1]],
            m.start.isoformat() if m.start else None,
            m.end.isoformat() if m.end else None,
            m.precision,
            m.relation,
        )
        for m in find_dates(text, published=published)
    ]
