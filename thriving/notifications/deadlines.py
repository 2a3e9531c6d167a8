"""Deadlines for reminder rules, in Europe/London days and England and Wales working days.

A rule asks "what has waited N working days?" with one filter: `anchor < started_before(...)`.
The cutoff is worked out once in Python, so the query stays set-based (no working-day
arithmetic per row in SQL), and the due date of each due row comes from a cached function.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.utils import timezone

from thriving.core.dates import add_working_days


@lru_cache(maxsize=8192)
def _after_working_days(day: date, days: int) -> date:
    return add_working_days(day, days)


def local_day(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in Europe/London, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def due_after_working_days(moment: datetime | date, days: int) -> date:
    """The working day that is `days` working days after the (London) day of `moment`."""
    return _after_working_days(local_day(moment), days)


@lru_cache(maxsize=512)
def _latest_start(today: date, days: int) -> date:
    latest = today
    while _after_working_days(latest, days) > today:
        latest -= timedelta(days=1)
    return latest


def started_before(today: date, working_days: int) -> datetime:
    """The moment before which anything started is `working_days` working days old on `today`.

    For any aware datetime `anchor`:
    `anchor < started_before(today, n)` exactly when `due_after_working_days(anchor, n) <= today`.
    """
    return start_of_day(_latest_start(today, working_days) + timedelta(days=1))


def started_days_before(today: date, days: int) -> datetime:
    """Calendar days: `anchor < result` exactly when the London day of `anchor` plus `days`
    is on or before `today`."""
    return start_of_day(today - timedelta(days=days - 1))
