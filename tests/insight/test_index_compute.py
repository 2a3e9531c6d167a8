"""The index itself on the known borough of test_index_data.py: standardised scores, their
orientation, the weighted index, the rank, weights of 0 and missing IMD ranks, and the run.

Hand computation (population standard deviation; "oriented" = z x direction):

services per 1,000: 2, 1, 0.5      mean 1.166667  sd 0.623610
    z  A +1.336306  B -0.267261  C -1.069045     direction -1 (thin capacity = fewer)
    -> A -1.336306  B +0.267261  C +1.069045
referrals per 1,000: 6, 4, 0.75    mean 3.583333  sd 2.163459
    z  A +1.117038  B +0.192593  C -1.309631     direction +1
connected share: 0.5, 0.25, 1.0    mean 0.583333  sd 0.311805
    z  A -0.267261  B -1.069045  C +1.336306     direction -1
    -> A +0.267261  B +1.069045  C -1.336306
grants per 1,000: 900, 150, 75     mean 375       sd 372.491611
    z  A +1.409428  B -0.604040  C -0.805387     direction -1
    -> A -1.409428  B +0.604040  C +0.805387
wellbeing change: 5.594, -1.965, none   mean 1.8145  sd 3.7795 (over A and B)
    z  A +1  B -1  C 0 (no value: the mean)      direction -1
    -> A -1  B +1  C 0
IMD rank: 10, 5, none              mean 7.5  sd 2.5
    z  A +1  B -1  C 0 (no rank: the mean)       direction -1 (rank 1 = most deprived)
    -> A -1  B +1  C 0

index, all weights 1 (sum of weights 6):
    A (-1.336306 + 1.117038 + 0.267261 - 1.409428 - 1 - 1) / 6 = -3.361434 / 6 = -0.560239
    B (0.267261 + 0.192593 + 1.069045 + 0.604040 + 1 + 1) / 6  =  4.132939 / 6 =  0.688823
    C (1.069045 - 1.309631 - 1.336306 + 0.805387 + 0 + 0) / 6  = -0.771505 / 6 = -0.128584
rank: 1 Bravo, 2 Charlie, 3 Alpha
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ReferralFactory, user_with_role
from tests.grants.factories import CouncilFactory
from tests.insight.test_index_data import (  # noqa: F401
    build_borough,
    default_weights,
    seed_default_weights,
)
from thriving.accounts.roles import Role
from thriving.insight.index.definitions import DEFAULT_WEIGHTS, INDICATORS
from thriving.insight.index.services import index_compute, standardise
from thriving.insight.models import IndexRun, IndexRunTrigger, IndexWeight, WardIndexScore
from thriving.places.models import Ward

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Alpha": {
        "score_services": -1.336306,
        "score_referrals": 1.117038,
        "score_connected": 0.267261,
        "score_grants": -1.409428,
        "score_wellbeing": -1.0,
        "score_deprivation": -1.0,
        "index_value": -0.560239,
        "rank": 3,
    },
    "Bravo": {
        "score_services": 0.267261,
        "score_referrals": 0.192593,
        "score_connected": 1.069045,
        "score_grants": 0.604040,
        "score_wellbeing": 1.0,
        "score_deprivation": 1.0,
        "index_value": 0.688823,
        "rank": 1,
    },
    "Charlie": {
        "score_services": 1.069045,
        "score_referrals": -1.309631,
        "score_connected": -1.336306,
        "score_grants": 0.805387,
        "score_wellbeing": 0.0,
        "score_deprivation": 0.0,
        "index_value": -0.128584,
        "rank": 2,
    },
}


def _scores(run) -> dict[str, WardIndexScore]:
    return {s.ward.name: s for s in run.scores.select_related("ward")}


def _set_weights(**weights):
    for code, weight in weights.items():
        IndexWeight.objects.update_or_create(indicator=code, defaults={"weight": Decimal(weight)})


@pytest.fixture
def borough():
    return build_borough()


def test_every_score_index_and_rank_matches_the_hand_computation(borough):
    scores = _scores(index_compute())

    for ward, expected in EXPECTED.items():
        for name, value in expected.items():
            assert getattr(scores[ward], name) == pytest.approx(value, abs=1e-6), (ward, name)


def test_the_raw_values_are_stored_with_the_scores(borough):
    scores = _scores(index_compute())

    alpha = scores["Alpha"]
    assert (alpha.population, alpha.services, alpha.referrals) == (1000, 2, 6)
    assert (alpha.connected_referrals, alpha.wellbeing_cases, alpha.imd_rank) == (3, 5, 10)
    assert alpha.grant_amount == Decimal("900.00")
    assert alpha.services_per_1000 == pytest.approx(2.0)
    assert alpha.referrals_per_1000 == pytest.approx(6.0)
    assert alpha.connected_share == pytest.approx(0.5)
    assert alpha.grants_per_1000 == pytest.approx(900)
    assert alpha.wellbeing_change == pytest.approx(5.594)
    assert scores["Charlie"].wellbeing_change is None


def test_rank_1_is_the_ward_with_the_highest_index(borough):
    run = index_compute()

    ranked = list(run.scores.order_by("rank").values_list("ward__name", "index_value"))
    assert [name for name, _ in ranked] == ["Bravo", "Charlie", "Alpha"]
    assert ranked[0][1] > ranked[1][1] > ranked[2][1]


def test_a_weight_of_0_leaves_the_indicator_out(borough):
    # Wellbeing and deprivation at 0: the sum of weights is 4.
    #   A (-1.336306 + 1.117038 + 0.267261 - 1.409428) / 4 = -1.361435 / 4 = -0.340359
    #   B (0.267261 + 0.192593 + 1.069045 + 0.604040) / 4  =  2.132939 / 4 =  0.533235
    #   C (1.069045 - 1.309631 - 1.336306 + 0.805387) / 4  = -0.771505 / 4 = -0.192876
    _set_weights(wellbeing="0", deprivation="0")

    run = index_compute()

    scores = _scores(run)
    assert scores["Alpha"].index_value == pytest.approx(-0.340359, abs=1e-6)
    assert scores["Bravo"].index_value == pytest.approx(0.533235, abs=1e-6)
    assert scores["Charlie"].index_value == pytest.approx(-0.192876, abs=1e-6)
    assert scores["Alpha"].score_wellbeing is None
    assert scores["Alpha"].score_deprivation is None
    assert run.weights["wellbeing"] == 0
    assert not run.uses("wellbeing")
    assert run.uses("services")


def test_a_weight_of_2_counts_an_indicator_twice(borough):
    # Referrals at 2, the rest at 1: the sum of weights is 7.
    #   B (4.132939 + 0.192593) / 7 = 4.325532 / 7 = 0.617933
    _set_weights(referrals="2")

    scores = _scores(index_compute())

    assert scores["Bravo"].index_value == pytest.approx(0.617933, abs=1e-6)


def test_without_imd_ranks_deprivation_is_left_out():
    # No ward has an IMD rank: five indicators, the sum of weights is 5.
    #   A (-3.361434 + 1) / 5 = -0.472287;  B (4.132939 - 1) / 5 = 0.626588
    #   C -0.771505 / 5 = -0.154301
    build_borough(with_imd=False)

    run = index_compute()

    scores = _scores(run)
    assert run.skipped == ["deprivation"]
    assert not run.uses("deprivation")
    assert scores["Alpha"].index_value == pytest.approx(-0.472287, abs=1e-6)
    assert scores["Bravo"].index_value == pytest.approx(0.626588, abs=1e-6)
    assert scores["Charlie"].index_value == pytest.approx(-0.154301, abs=1e-6)
    assert all(s.score_deprivation is None for s in scores.values())


def test_a_ward_without_an_imd_rank_gets_the_mean(borough):
    scores = _scores(index_compute())

    assert scores["Charlie"].imd_rank is None
    assert scores["Charlie"].score_deprivation == 0


def test_standardise_uses_the_population_standard_deviation():
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population sd 2, so 9 is (9 - 5) / 2 = +2.
    z = standardise(dict(enumerate([2, 4, 4, 4, 5, 5, 7, 9])))

    assert z[7] == pytest.approx(2.0)
    assert z[0] == pytest.approx(-1.5)


def test_standardise_gives_0_when_every_ward_has_the_same_value():
    assert standardise({1: 0.1, 2: 0.1, 3: 0.1, 4: None}) == {1: 0, 2: 0, 3: 0, 4: 0}


def test_standardise_gives_nothing_when_no_ward_has_a_value():
    assert standardise({1: None, 2: None}) is None


def test_the_run_records_when_who_how_long_and_the_weights(borough):
    lead = user_with_role(Role.PROGRAMME_LEAD, CouncilFactory())
    _set_weights(grants="1.5")

    run = index_compute(by=lead)

    run.refresh_from_db()
    assert run.by == lead
    assert run.trigger == IndexRunTrigger.ON_DEMAND
    assert run.duration_ms >= 0
    assert run.ward_count == 3
    assert run.weights == {**{i.code: 1.0 for i in INDICATORS}, "grants": 1.5}
    assert (run.period_end - run.period_start).days == 365


def test_a_run_without_a_person_is_a_commands(borough):
    run = index_compute()

    assert run.trigger == IndexRunTrigger.SYSTEM
    assert run.by is None


def test_every_run_is_kept_and_the_latest_is_first(borough):
    first = index_compute()
    second = index_compute()

    assert list(IndexRun.objects.latest_first()) == [second, first]
    assert WardIndexScore.objects.count() == 6


def test_the_data_migration_stores_a_weight_of_1_for_every_indicator():
    IndexWeight.objects.all().delete()

    seed_default_weights()

    stored = dict(IndexWeight.objects.values_list("indicator", "weight"))
    assert stored == {code: Decimal("1.00") for code in DEFAULT_WEIGHTS}
    assert set(DEFAULT_WEIGHTS.values()) == {Decimal("1.00")}


def test_the_data_migration_keeps_weights_already_changed():
    IndexWeight.objects.filter(indicator="grants").update(weight=3)

    seed_default_weights()

    assert IndexWeight.objects.get(indicator="grants").weight == Decimal("3.00")


def test_a_missing_weight_row_uses_the_default(borough):
    IndexWeight.objects.filter(indicator="grants").delete()

    run = index_compute()

    assert run.weights["grants"] == 1.0


def test_no_weight_above_0_gives_every_ward_an_index_of_0(borough):
    _set_weights(**dict.fromkeys(DEFAULT_WEIGHTS, "0"))

    run = index_compute()

    assert set(run.scores.values_list("index_value", flat=True)) == {0}
    assert list(run.scores.order_by("rank").values_list("ward__name", flat=True)) == [
        "Alpha",
        "Bravo",
        "Charlie",
    ]


def test_the_computation_reads_with_a_fixed_number_of_queries(borough):
    """Seven reads (the weights, the wards and one GROUP BY ward per source) and a few
    writes, however many referrals and wards there are."""
    with CaptureQueriesContext(connection) as few:
        index_compute()
    ward = Ward.objects.get(name="Alpha")
    for _ in range(20):
        ReferralFactory(
            referring_organisation=borough.practice,
            referrer=borough.referrals["a1"].referrer,
            ward=ward,
        )
    Ward.objects.create(ons_code="E05999989", name="Delta", district=ward.district, population=500)

    with CaptureQueriesContext(connection) as more:
        index_compute()

    assert len(more) == len(few)
    assert len(few) <= 14
