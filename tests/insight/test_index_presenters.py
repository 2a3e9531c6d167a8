"""How the index's figures read, and the small-number rules, on rows built in memory."""

from decimal import Decimal

import pytest

from thriving.insight.index.definitions import FEWER_THAN_FIVE
from thriving.insight.index.presenters import csv_rows, index_rows
from thriving.insight.models import WardIndexScore
from thriving.places.models import District, Ward


def _score(**fields) -> WardIndexScore:
    ward = Ward(name="Werneth", ons_code="E05000889", district=District(name="Oldham Central"))
    values = {
        "rank": 1,
        "index_value": 0.4567,
        "population": 10000,
        "services": 12,
        "referrals": 20,
        "connected_referrals": 10,
        "grant_amount": Decimal("2500.00"),
        "wellbeing_cases": 8,
        "imd_rank": 3,
        "services_per_1000": 1.2,
        "referrals_per_1000": 2.0,
        "connected_share": 0.5,
        "grants_per_1000": 250.0,
        "wellbeing_change": 2.345,
        "score_services": 0.5,
        "score_referrals": -0.25,
        "score_connected": 1.0,
        "score_grants": None,
        "score_wellbeing": -0.125,
        "score_deprivation": 1.5,
    }
    values.update(fields)
    return WardIndexScore(ward=ward, **values)


def _cells(score) -> dict:
    (row,) = index_rows([score])
    return {code: (cell.text, cell.score_text) for code, cell in row.cells_by_code.items()}


def test_each_figure_reads_in_its_own_unit():
    assert _cells(_score()) == {
        "referrals": ("2.0", "-0.25"),
        "deprivation": ("3", "+1.50"),
        "wellbeing": ("+2.35", "-0.12"),
        "services": ("1.20", "+0.50"),
        "connected": ("50%", "+1.00"),
        "grants": ("£250", "Not used"),
    }


def test_the_index_reads_with_its_sign():
    (row,) = index_rows([_score()])

    assert row.index_text == "+0.46"
    assert (row.ward_name, row.district, row.referrals) == ("Werneth", "Oldham Central", 20)


@pytest.mark.parametrize("referrals", [1, 4])
def test_a_rate_from_1_to_4_referrals_is_not_shown(referrals):
    cells = _cells(_score(referrals=referrals, connected_referrals=0))

    assert cells["referrals"] == (FEWER_THAN_FIVE, FEWER_THAN_FIVE)
    assert cells["connected"] == (FEWER_THAN_FIVE, FEWER_THAN_FIVE)


@pytest.mark.parametrize("connected", [1, 4])
def test_a_share_of_1_to_4_is_not_shown(connected):
    cells = _cells(_score(connected_referrals=connected))

    assert cells["connected"] == (FEWER_THAN_FIVE, FEWER_THAN_FIVE)
    assert cells["referrals"] == ("2.0", "-0.25")


def test_a_share_of_0_is_shown():
    assert _cells(_score(connected_referrals=0, connected_share=0.0))["connected"] == (
        "0%",
        "+1.00",
    )


def test_a_mean_from_1_to_4_people_is_not_shown():
    assert _cells(_score(wellbeing_cases=4))["wellbeing"] == (FEWER_THAN_FIVE, FEWER_THAN_FIVE)
    assert _cells(_score(wellbeing_cases=5))["wellbeing"] == ("+2.35", "-0.12")


def test_counts_of_1_to_4_read_less_than_5_and_0_reads_0():
    (small,) = index_rows([_score(referrals=3, wellbeing_cases=0)])

    assert (small.referrals, small.wellbeing_cases) == ("<5", 0)


def test_a_missing_value_reads_no_data():
    cells = _cells(_score(wellbeing_cases=0, wellbeing_change=None, score_wellbeing=0.0))

    assert cells["wellbeing"] == ("No data", "+0.00")


def test_the_csv_row_carries_numbers_and_the_same_rules():
    (row,) = csv_rows(index_rows([_score(wellbeing_cases=2)]))

    assert row[:8] == [1, "Werneth", "E05000889", "Oldham Central", 10000, 0.457, 20, "<5"]
    # referrals, deprivation, wellbeing, services, connected (as a percentage), grants
    assert row[8:] == [
        2.0, -0.25, 3, 1.5, FEWER_THAN_FIVE, FEWER_THAN_FIVE, 1.2, 0.5, 50.0, 1.0, 250.0, "",
    ]  # fmt: skip
