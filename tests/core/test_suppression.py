"""The small-number rule: 1-4 shown as "<5"; rates, medians and means from fewer than 5 cases
withheld."""

from decimal import Decimal

import pytest

from thriving.core.suppression import (
    FEWER_THAN_FIVE,
    WITHHELD,
    is_hidden,
    suppress,
    suppress_rows,
    withhold_rate,
    withhold_statistic,
)


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, "<5"), (2, "<5"), (4, "<5"), (5, 5), (6, 6), (1234, 1234), (None, None)],
)
def test_counts_of_1_to_4_are_shown_as_fewer_than_five(count, shown):
    assert suppress(count) == shown


@pytest.mark.parametrize(("cases", "withheld"), [(0, False), (1, True), (4, True), (5, False)])
def test_a_median_or_mean_from_fewer_than_5_cases_is_withheld(cases, withheld):
    value = None if cases == 0 else Decimal("2.5")

    shown = withhold_statistic(value, cases)

    assert shown == (WITHHELD if withheld else value)


def test_a_rate_is_withheld_when_its_denominator_or_numerator_is_small():
    assert withhold_rate(50.0, 2, 4) == WITHHELD  # 2 of 4
    assert withhold_rate(1.5, 3, 200) == WITHHELD  # 3 of 200 would give the 3 back
    assert withhold_rate(0.0, 0, 200) == 0.0  # none of 200 hides nobody
    assert withhold_rate(2.5, 5, 200) == 2.5
    assert withhold_rate(None, 0, 0) is None


def test_a_table_is_suppressed_column_by_column_from_the_raw_counts():
    rows = [
        {"name": "A", "n": 4, "of": 10, "share": 40.0, "median": 1.5, "cases": 4},
        {"name": "B", "n": 6, "of": 10, "share": 60.0, "median": 2.0, "cases": 6},
        {"name": "C", "n": 0, "of": 10, "share": 0.0, "median": None, "cases": 0},
    ]

    shown = suppress_rows(
        rows,
        counts=["n", "of", "cases"],
        rates={"share": ("n", "of")},
        statistics={"median": "cases"},
    )

    assert shown == [
        {
            "name": "A",
            "n": "<5",
            "of": 10,
            "share": "<5 cases",
            "median": "<5 cases",
            "cases": "<5",
        },
        {"name": "B", "n": 6, "of": 10, "share": 60.0, "median": 2.0, "cases": 6},
        {"name": "C", "n": 0, "of": 10, "share": 0.0, "median": None, "cases": 0},
    ]
    assert rows[0]["n"] == 4  # the caller's rows are left alone


def test_hidden_values_are_recognised_for_charts():
    assert is_hidden(FEWER_THAN_FIVE) and is_hidden(WITHHELD)
    assert not is_hidden(0) and not is_hidden("Coldhurst")
