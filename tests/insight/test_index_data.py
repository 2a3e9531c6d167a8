"""A small borough with known figures for the Thriving Communities Index, and the tests that
each raw figure per ward is what a hand count gives.

Three wards, and only these three (the seeded Oldham wards are removed):

    ward     population  IMD rank
    Alpha       1,000      10
    Bravo       2,000       5
    Charlie     4,000      (none)

Directory (active listings with a place in the ward, each counted once per ward):
    Alpha:   S1, S2                         -> 2 / 1,000 x 1,000 = 2.0 per 1,000
    Bravo:   S3 (two places in Bravo), S4   -> 2 / 2,000 x 1,000 = 1.0
    Charlie: S4 (also meets in Bravo), S7   -> 2 / 4,000 x 1,000 = 0.5
    not counted: S5 (inactive, in Bravo), S6 (online only)

Referrals submitted in the last 365 days, by the ward of the person:
    Alpha 6 -> 6.0 per 1,000;  Bravo 8 -> 4.0;  Charlie 3 -> 0.75
    not counted: one Alpha referral from 400 days ago, one referral with no ward

Connected (at least one connection now contacted or attending), of those referrals:
    Alpha:   a1 attending, a2 contacted, a3 two connections (contacted and attending: once),
             a4 only suggested (no), a5 not taken up after contact (no)  -> 3 / 6 = 0.5
    Bravo:   b1 contacted, b2 attending                                  -> 2 / 8 = 0.25
    Charlie: c1, c2, c3 contacted                                        -> 3 / 3 = 1.0

Grants awarded (committed) by decisions in the last 365 days, split equally over wards:
    G1 £600 approved, Alpha            -> Alpha 600
    G2 £900 paid, Alpha+Bravo+Charlie  -> 300 each
    not counted: G3 declined (Charlie), G4 decided 400 days ago (Bravo), G5 no ward
    totals Alpha 900, Bravo 300, Charlie 300
    per 1,000: Alpha 900, Bravo 150, Charlie 75

SWEMWBS change (last end metric - first start metric), end measure in the last 365 days:
    Alpha a1: starts 7.00 (300 days ago) and 15.32 (250), ends 15.32 (100) and 19.25 (10)
              -> 19.25 - 7.00 = 12.25
    Alpha a2..a5: 15.32 -> 19.25 = +3.93 each
    Alpha mean = (12.25 + 4 x 3.93) / 5 = 27.97 / 5 = 5.594 (5 people)
    Bravo b1: 19.25 -> 15.32 = -3.93;  b2: 15.32 -> 15.32 = 0  -> mean -1.965 (2 people)
    Charlie: nobody -> no value
    not counted: a6 (end only), b3 (end 400 days ago), an ONS4 measure
"""

import importlib
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from community_assets.models import Location, Service, ServiceAtLocation, ServiceStatus
from grants.workflow import Status as GrantStatus
from referrals.connection_workflow import ConnectionStatus
from referrals.models import Connection, Instrument, OutcomeMeasure, Referral, Timepoint
from tests.factories import GPPracticeFactory, OrganisationFactory, ReferralFactory, user_with_role
from tests.grants.factories import ApplicationFactory, RoundFactory
from thriving.accounts.roles import OrganisationKind, Role
from thriving.insight.facts import refresh_referral_facts
from thriving.insight.index.services import ward_figures
from thriving.places.models import District, Ward

pytestmark = pytest.mark.django_db

# SWEMWBS: seven items all scored n give the raw total 7n; metric scores from the table.
METRIC = {1: Decimal("7.00"), 2: Decimal("15.32"), 3: Decimal("19.25")}


def seed_default_weights() -> None:
    """What the data migration 0002_default_index_weights stores (get_or_create: idempotent)."""
    importlib.import_module("thriving.insight.migrations.0002_default_index_weights").seed(
        apps, None
    )


@pytest.fixture(autouse=True)
def default_weights(db):
    """The default weights, as the migration leaves them: a transactional test run earlier
    empties every table, and the root conftest puts back only wards and referral reasons."""
    seed_default_weights()


@dataclass
class Borough:
    wards: dict[str, Ward]
    referrals: dict[str, Referral] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    worker: object = None
    practice: object = None


def _only_wards(*spec) -> dict[str, Ward]:
    district = District.objects.create(name="Test District")
    Ward.objects.all().delete()
    return {
        name: Ward.objects.create(
            ons_code=f"E0599999{i}",
            name=name,
            district=district,
            population=population,
            imd_rank=imd,
        )
        for i, (name, population, imd) in enumerate(spec)
    }


def _service(name: str, *wards: Ward, status=ServiceStatus.ACTIVE, online=False) -> Service:
    group = OrganisationFactory(name=f"{name} group", kind=OrganisationKind.COMMUNITY_GROUP)
    service = Service.objects.create(
        organisation=group, name=name, description="A group.", status=status
    )
    places = [None] if online else wards
    for i, ward in enumerate(places):
        location = Location.objects.create(
            name=f"{name} place {i}",
            is_online=online,
            address_1="" if online else f"{i} High Street",
            postcode="" if online else "OL1 1AA",
            ward=ward,
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    return service


def _measure(referral, timepoint, days_ago: int, item: int, *, by, instrument="swemwbs"):
    values = {f"swemwbs_{n}": item for n in range(1, 8)}
    if instrument == Instrument.ONS4:
        values = dict.fromkeys(
            ("ons_life_satisfaction", "ons_worthwhile", "ons_happiness", "ons_anxiety"), 5
        )
    return OutcomeMeasure.objects.create(
        referral=referral,
        instrument=instrument,
        timepoint=timepoint,
        taken_on=timezone.localdate() - timedelta(days=days_ago),
        recorded_by=by,
        **values,
    )


def build_borough(*, with_imd: bool = True) -> Borough:
    wards = _only_wards(
        ("Alpha", 1000, 10 if with_imd else None),
        ("Bravo", 2000, 5 if with_imd else None),
        ("Charlie", 4000, None),
    )
    alpha, bravo, charlie = wards["Alpha"], wards["Bravo"], wards["Charlie"]
    b = Borough(wards=wards)
    practice = GPPracticeFactory()
    referrer = user_with_role(Role.REFERRER, practice)
    worker = user_with_role(Role.COMMUNITY_DEVELOPMENT_WORKER, OrganisationFactory())
    b.worker, b.practice = worker, practice

    # Directory
    b.services = {
        "S1": _service("S1", alpha),
        "S2": _service("S2", alpha),
        "S3": _service("S3", bravo, bravo),
        "S4": _service("S4", bravo, charlie),
        "S5": _service("S5", bravo, status=ServiceStatus.INACTIVE),
        "S6": _service("S6", online=True),
        "S7": _service("S7", charlie),
    }

    # Referrals
    now = timezone.now()

    def referral(key, ward, days_ago=10):
        b.referrals[key] = ReferralFactory(
            referring_organisation=practice,
            referrer=referrer,
            ward=ward,
            submitted_at=now - timedelta(days=days_ago),
        )
        return b.referrals[key]

    for n in range(1, 7):
        referral(f"a{n}", alpha)
    referral("a_old", alpha, days_ago=400)
    for n in range(1, 9):
        referral(f"b{n}", bravo)
    for n in range(1, 4):
        referral(f"c{n}", charlie)
    referral("nowhere", None)

    # Connections
    today = timezone.localdate()
    s1 = b.services["S1"]

    def connection(key, status, service=s1):
        fields = {"suggested_on": today - timedelta(days=5)}
        if status in {ConnectionStatus.CONTACTED, ConnectionStatus.ATTENDING}:
            fields["contacted_on"] = today - timedelta(days=4)
        if status == ConnectionStatus.ATTENDING:
            fields["attending_from"] = today - timedelta(days=3)
        if status == ConnectionStatus.NOT_TAKEN_UP:
            fields["contacted_on"] = today - timedelta(days=4)
            fields["ended_on"] = today - timedelta(days=2)
        Connection.objects.create(
            referral=b.referrals[key], service=service, status=status, created_by=worker, **fields
        )

    connection("a1", ConnectionStatus.ATTENDING)
    connection("a2", ConnectionStatus.CONTACTED)
    connection("a3", ConnectionStatus.CONTACTED)
    connection("a3", ConnectionStatus.ATTENDING, service=b.services["S2"])
    connection("a4", ConnectionStatus.SUGGESTED)
    connection("a5", ConnectionStatus.NOT_TAKEN_UP)
    connection("b1", ConnectionStatus.CONTACTED)
    connection("b2", ConnectionStatus.ATTENDING)
    for key in ("c1", "c2", "c3"):
        connection(key, ConnectionStatus.CONTACTED)
    connection("a_old", ConnectionStatus.ATTENDING)  # too old to count

    # Grants
    round_ = RoundFactory()

    def grant(amount, status, wards_served, days_ago=20):
        awarded = amount if status != GrantStatus.DECLINED else None
        ApplicationFactory(
            round=round_,
            status=status,
            amount_requested=amount,
            amount_awarded=awarded,
            decided_at=now - timedelta(days=days_ago),
            wards=wards_served,
        )

    grant(Decimal("600"), GrantStatus.APPROVED, [alpha])
    grant(Decimal("900"), GrantStatus.PAID, [alpha, bravo, charlie])
    grant(Decimal("1000"), GrantStatus.DECLINED, [charlie])
    grant(Decimal("400"), GrantStatus.APPROVED, [bravo], days_ago=400)
    grant(Decimal("200"), GrantStatus.APPROVED, [])

    # Wellbeing measures
    start, end = Timepoint.START, Timepoint.END
    a1 = b.referrals["a1"]
    _measure(a1, start, 300, 1, by=worker)
    _measure(a1, start, 250, 2, by=worker)
    _measure(a1, end, 100, 2, by=worker)
    _measure(a1, end, 10, 3, by=worker)
    for key in ("a2", "a3", "a4", "a5"):
        _measure(b.referrals[key], start, 200, 2, by=worker)
        _measure(b.referrals[key], end, 20, 3, by=worker)
    _measure(b.referrals["a6"], end, 20, 3, by=worker)  # no start: not counted
    _measure(b.referrals["a6"], start, 20, 1, by=worker, instrument=Instrument.ONS4)
    _measure(b.referrals["b1"], start, 200, 3, by=worker)
    _measure(b.referrals["b1"], end, 20, 2, by=worker)
    _measure(b.referrals["b2"], start, 200, 2, by=worker)
    _measure(b.referrals["b2"], end, 20, 2, by=worker)
    _measure(b.referrals["b3"], start, 500, 1, by=worker)
    _measure(b.referrals["b3"], end, 400, 3, by=worker)  # ended too long ago
    # The index reads the referral facts, which signals refresh on commit (never inside a
    # test's transaction) and the facts_refresh task rebuilds: rebuild them here.
    refresh_referral_facts()
    return b


@pytest.fixture
def borough() -> Borough:
    return build_borough()


def _figures() -> dict:
    now = timezone.now()
    return {f.name: f for f in ward_figures(since=now - timedelta(days=365), until=now)}


def test_the_metric_scores_used_here_are_the_conversion_tables(borough):
    measure = OutcomeMeasure.objects.filter(instrument="swemwbs", swemwbs_1=2).first()

    assert measure.swemwbs_raw == 14
    assert measure.swemwbs_metric == METRIC[2]


def test_every_ward_of_the_borough_has_figures(borough):
    assert sorted(_figures()) == ["Alpha", "Bravo", "Charlie"]


def test_services_count_distinct_active_listings_with_a_place_in_the_ward(borough):
    figures = _figures()

    assert {name: f.services for name, f in figures.items()} == {
        "Alpha": 2,
        "Bravo": 2,
        "Charlie": 2,
    }
    assert figures["Alpha"].raw()["services_per_1000"] == pytest.approx(2.0)
    assert figures["Bravo"].raw()["services_per_1000"] == pytest.approx(1.0)
    assert figures["Charlie"].raw()["services_per_1000"] == pytest.approx(0.5)


def test_referrals_count_those_of_the_last_365_days_by_the_persons_ward(borough):
    figures = _figures()

    assert {name: f.referrals for name, f in figures.items()} == {
        "Alpha": 6,
        "Bravo": 8,
        "Charlie": 3,
    }
    assert figures["Charlie"].raw()["referrals_per_1000"] == pytest.approx(0.75)


def test_connected_share_counts_referrals_with_a_connection_contacted_or_attending(borough):
    figures = _figures()

    assert {name: f.connected_referrals for name, f in figures.items()} == {
        "Alpha": 3,
        "Bravo": 2,
        "Charlie": 3,
    }
    assert figures["Alpha"].raw()["connected_share"] == pytest.approx(0.5)
    assert figures["Bravo"].raw()["connected_share"] == pytest.approx(0.25)
    assert figures["Charlie"].raw()["connected_share"] == pytest.approx(1.0)


def test_grant_money_is_committed_awards_of_the_year_split_equally_over_wards(borough):
    figures = _figures()

    assert {name: f.grant_amount for name, f in figures.items()} == {
        "Alpha": Decimal("900"),
        "Bravo": Decimal("300"),
        "Charlie": Decimal("300"),
    }
    assert figures["Alpha"].raw()["grants_per_1000"] == pytest.approx(900)
    assert figures["Bravo"].raw()["grants_per_1000"] == pytest.approx(150)
    assert figures["Charlie"].raw()["grants_per_1000"] == pytest.approx(75)


def test_wellbeing_change_is_last_end_minus_first_start_for_people_ending_this_year(borough):
    figures = _figures()

    assert figures["Alpha"].wellbeing_cases == 5
    assert figures["Alpha"].raw()["wellbeing_change"] == pytest.approx(5.594)
    assert figures["Bravo"].wellbeing_cases == 2
    assert figures["Bravo"].raw()["wellbeing_change"] == pytest.approx(-1.965)
    assert figures["Charlie"].wellbeing_cases == 0
    assert figures["Charlie"].raw()["wellbeing_change"] is None


def test_imd_rank_is_the_wards_own(borough):
    figures = _figures()

    assert [figures[n].raw()["imd_rank"] for n in ("Alpha", "Bravo", "Charlie")] == [10, 5, None]


def test_a_ward_with_no_population_has_no_rates():
    wards = _only_wards(("Empty", 0, None), ("Full", 1000, None))

    figures = _figures()

    assert figures["Empty"].raw()["referrals_per_1000"] is None
    assert figures["Full"].raw()["referrals_per_1000"] == 0
    assert wards["Empty"].population == 0
