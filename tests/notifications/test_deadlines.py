"""Working-day cutoffs: one filter `anchor < started_before(today, n)` must agree with the
due date of every anchor, across weekends, Easter and the clocks changing."""

from datetime import date, timedelta

import pytest

from tests.notifications.support import london
from thriving.notifications.deadlines import (
    due_after_working_days,
    started_before,
    started_days_before,
)


def test_one_working_day_after_the_thursday_before_easter_is_the_tuesday():
    assert due_after_working_days(london(2026, 4, 2, 16), 1) == date(2026, 4, 7)


def test_late_evening_counts_as_its_london_day_not_its_utc_day():
    # 00:30 on 1 April in London (summer time) is 23:30 UTC on 31 March.
    assert due_after_working_days(london(2026, 4, 1, 0, 30), 1) == date(2026, 4, 2)


def test_cutoff_on_easter_tuesday_takes_everything_up_to_the_end_of_easter_monday():
    # Anything that came in over the long weekend is one working day old on the Tuesday.
    assert started_before(date(2026, 4, 7), 1) == london(2026, 4, 7, 0)


def test_cutoff_on_easter_monday_takes_nothing_after_wednesday():
    assert started_before(date(2026, 4, 6), 1) == london(2026, 4, 2, 0)


@pytest.mark.parametrize("days", [1, 2, 3, 7, 10])
def test_cutoff_agrees_with_due_dates_for_every_day_of_spring(days):
    start = date(2026, 3, 20)
    for offset in range(60):
        today = start + timedelta(days=offset)
        cutoff = started_before(today, days)
        for back in range(0, 25):
            for hour in (0, 12, 23):
                anchor = london(*(today - timedelta(days=back)).timetuple()[:3], hour)
                assert (anchor < cutoff) == (due_after_working_days(anchor, days) <= today)


def test_calendar_cutoff_counts_whole_london_days():
    assert started_days_before(date(2026, 3, 29), 28) == london(2026, 3, 2, 0)
