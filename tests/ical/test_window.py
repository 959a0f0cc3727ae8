"""The feed window: 30 days back, 18 months ahead, cancelled events kept 30 days; all in China's calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from ical.window import CHINA, add_months, china_today, feed_window, in_window


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 15), 18, dt.date(2026, 7, 15)),
        (dt.date(2024, 8, 31), 18, dt.date(2026, 2, 28)),
        (dt.date(2022, 8, 31), 18, dt.date(2024, 2, 29)),
        (dt.date(2025, 12, 31), 1, dt.date(2026, 1, 31)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 30)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_today_is_china_s_date() -> None:
    assert china_today(dt.datetime(2025, 3, 1, 16, 30, tzinfo=dt.UTC)) == dt.date(2025, 3, 2)
    assert china_today(dt.datetime(2025, 3, 1, 15, 59, tzinfo=dt.UTC)) == dt.date(2025, 3, 1)


def test_window_bounds() -> None:
    window = feed_window(dt.date(2025, 3, 31))
    assert window.first == dt.date(2025, 3, 1)
    assert window.last == dt.date(2026, 9, 30)
    assert window.cancelled_since == dt.datetime(2025, 3, 1, tzinfo=CHINA)
    # Ended 30 days ago: still in; 31 days ago: out. Starts on the last day: in; the day after: out.
    assert in_window(window, dt.date(2025, 2, 20), dt.date(2025, 3, 1), None)
    assert not in_window(window, dt.date(2025, 2, 20), dt.date(2025, 2, 28), None)
    assert in_window(window, dt.date(2025, 3, 1), None, None)
    assert in_window(window, dt.date(2026, 9, 30), dt.date(2026, 10, 2), None)
    assert not in_window(window, dt.date(2026, 10, 1), None, None)


def test_cancelled_events_stay_thirty_days() -> None:
    window = feed_window(dt.date(2025, 3, 31))
    start = dt.date(2025, 5, 1)
    assert in_window(window, start, None, dt.datetime(2025, 3, 1, 0, 0, tzinfo=CHINA))
    assert not in_window(window, start, None, dt.datetime(2025, 2, 28, 23, 59, tzinfo=CHINA))
