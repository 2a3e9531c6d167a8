"""The demo's connections: engaged cases get connections that fit them, through the services,
and seeding again adds nothing."""

import io

import pytest
from django.utils import timezone

from community_assets.models import ServiceReach
from referrals import demo
from referrals.connection_workflow import ConnectionStatus
from referrals.models import Connection, EventKind
from referrals.workflow import Status
from tests.referrals.case_data import referral_in
from tests.referrals.connection_data import (
    WERNETH_POSTCODE,
    directory_categories,
    directory_keeper,
    engaged_case,
    listing_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    keeper = directory_keeper()
    terms = directory_categories()
    return {
        "near": listing_in(keeper, "Coldhurst walking group", categories=[terms["walking"]]),
        "far": listing_in(
            keeper, "Werneth walking group", categories=[terms["walking"]], where=WERNETH_POSTCODE
        ),
        "other": listing_in(keeper, "Money clinic", categories=[terms["money-advice"]]),
    }


@pytest.fixture
def case(practice, provider, link_worker):
    return engaged_case(
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        reason_codes=("physical-inactivity",),
    )


def test_an_engaged_case_gets_connections_that_fit_its_reasons_nearest_first(directory, case):
    demo.seed(io.StringIO())

    names = list(
        Connection.objects.filter(referral=case)
        .order_by("created_at")
        .values_list("service__name", flat=True)
    )
    assert names == ["Coldhurst walking group", "Werneth walking group"]


def test_each_demo_connection_is_on_the_timeline_and_counted(directory, case):
    demo.seed(io.StringIO())

    assert case.events.filter(kind=EventKind.CONNECTION).count() >= 2
    assert ServiceReach.objects.get(service=directory["near"]).connected == 1


def test_the_first_demo_connection_reaches_attending(directory, case):
    demo.seed(io.StringIO())

    first = Connection.objects.filter(referral=case).order_by("created_at").first()
    assert first.status == ConnectionStatus.ATTENDING
    assert first.suggested_on <= first.contacted_on <= first.attending_from <= timezone.localdate()


def test_cases_that_are_not_engaged_get_none(directory, practice, provider, link_worker):
    referral_in(Status.CONTACTING, practice=practice, provider=provider, link_worker=link_worker)

    demo.seed(io.StringIO())

    assert not Connection.objects.exists()


def test_seeding_again_adds_nothing(directory, case):
    demo.seed(io.StringIO())
    before = Connection.objects.count()

    demo.seed(io.StringIO())

    assert Connection.objects.count() == before
