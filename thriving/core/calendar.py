"""The working-day calendar table (`CalendarDay`), for counting working days in SQL.

Insight figures ("median working days to first contact") are aggregates over many referrals,
so the counting must happen in the database: join each end of an interval to its calendar
day and subtract `working_days_through`. The table holds every day from CALENDAR_START to a
few years ahead; `ensure_calendar` (re)builds it when it does not cover what is asked.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from .dates import is_working_day
from .models import CalendarDay

CALENDAR_START = date(2015, 1, 1)
YEARS_AHEAD = 5


def _calendar_end(today: date) -> date:
    return date(today.year + YEARS_AHEAD, 12, 31)


def calendar_rows(start: date, end: date) -> list[CalendarDay]:
    rows = []
    through = 0
    day = start
    while day <= end:
        working = is_working_day(day)
        through += int(working)
        rows.append(CalendarDay(day=day, is_working_day=working, working_days_through=through))
        day += timedelta(days=1)
    return rows


@transaction.atomic
def rebuild_calendar(*, today: date | None = None, model=CalendarDay) -> int:
    """Replace the calendar with CALENDAR_START .. the end of YEARS_AHEAD years from today.

    Rebuilding (not appending) keeps the running count right when a bank holiday is added to
    the holidays library after the table was filled.
    """
    end = _calendar_end(today or timezone.localdate())
    rows = calendar_rows(CALENDAR_START, end)
    model.objects.all().delete()
    model.objects.bulk_create(
        [
            model(
                day=r.day,
                is_working_day=r.is_working_day,
                working_days_through=r.working_days_through,
            )
            for r in rows
        ],
        batch_size=2000,
    )
    return len(rows)


def ensure_calendar(*, today: date | None = None) -> None:
    """Fill the calendar if it is empty or ends within a year of today. One cheap query when
    it is already there."""
    today = today or timezone.localdate()
    span = CalendarDay.objects.aggregate(first=Min("day"), last=Max("day"))
    first, last = span["first"], span["last"]
    if last is None or first != CALENDAR_START or last < date(today.year + 1, 12, 31):
        rebuild_calendar(today=today)
