from django.db import models


class CalendarDay(models.Model):
    """One day of the working-day calendar, so SQL can count working days with two lookups.

    `working_days_through` counts the working days (weekdays that are not England and Wales
    bank holidays) from the start of the calendar up to and including this day. Working days
    after day A up to and including day B are `B.working_days_through - A.working_days_through`,
    the same as `thriving.core.dates.working_days_between(A, B)`. Filled by
    `thriving.core.calendar.ensure_calendar` (a migration fills it first; the nightly insight
    task extends it).
    """

    day = models.DateField(primary_key=True)
    is_working_day = models.BooleanField()
    working_days_through = models.PositiveIntegerField()

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return self.day.isoformat()
