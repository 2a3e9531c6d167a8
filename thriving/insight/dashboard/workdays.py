"""Medians over counts of working days.

The time measures group referrals by the working days each interval took (stored on the
referral facts when they are refreshed, from the calendar table: working days between A and
B = working_days_through(B) - working_days_through(A), as in thriving.core.calendar), so
one GROUP BY gives a histogram {working days: referrals}.

Why not join the calendar and take percentile_cont over every referral in SQL: that sorts
one value per referral, about 0.8 s for 500,000 referrals on the 2-core benchmark machine,
for one measure. Working days are whole numbers, so the median of the histogram of counts
per number of days is exactly the same value percentile_cont(0.5) gives (the mean of the two
middle values when the count is even), at a cost that does not grow with the referrals.
"""

from collections import Counter


def median(histogram: Counter) -> int | float | None:
    """The median of whole numbers given as {value: how many}, interpolated like
    PostgreSQL's percentile_cont(0.5): a whole number, or halfway between two."""
    total = sum(histogram.values())
    if total == 0:
        return None
    low_position, high_position = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_position:
            low = value
        if seen > high_position:
            high = value
            break
    middle = (low + high) / 2
    return int(middle) if middle.is_integer() else middle
