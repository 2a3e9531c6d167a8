"""The directory's rule: a listing unverified for 6 months is flagged to its keeper."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community_assets.models import STALE_AFTER, Service, ServiceStatus
from tests.community_assets.factories import GroupFactory
from tests.factories import UserFactory
from tests.notifications.support import due, london, recipients

pytestmark = pytest.mark.django_db
NOW = london(2026, 10, 1, 12)


@pytest.fixture
def keeper():
    return UserFactory(email="keeper@test.example.org")


def listing(keeper, *, verified=None, created=None, **fields) -> Service:
    service = Service.objects.create(
        organisation=GroupFactory(),
        name=fields.pop("name", "Chair yoga"),
        description="Gentle exercise.",
        keeper=keeper,
        last_verified_at=verified,
        **fields,
    )
    Service.objects.filter(pk=service.pk).update(created_at=created or NOW - timedelta(days=400))
    return service


def test_listing_verified_just_under_six_months_ago_is_not_due(keeper):
    listing(keeper, verified=NOW - STALE_AFTER + timedelta(hours=1))
    assert due("directory_listing_stale", NOW) == []


def test_listing_verified_over_six_months_ago_is_due_to_its_keeper(keeper):
    service = listing(keeper, verified=NOW - STALE_AFTER - timedelta(hours=1))
    [row] = due("directory_listing_stale", NOW)
    assert (row.recipient_id, row.object_id) == (keeper.pk, str(service.pk))
    assert row.due_on == timezone.localdate(NOW - timedelta(hours=1))
    assert "Chair yoga" in row.title


def test_never_verified_listing_counts_from_its_creation(keeper):
    listing(keeper, created=NOW - timedelta(days=30))
    assert due("directory_listing_stale", NOW) == []
    assert recipients("directory_listing_stale", NOW + timedelta(days=200)) == {keeper.pk}


def test_defunct_listing_is_not_flagged(keeper):
    listing(keeper, verified=NOW - timedelta(days=400), status=ServiceStatus.DEFUNCT)
    assert due("directory_listing_stale", NOW) == []


def test_listing_without_a_keeper_is_not_flagged():
    listing(None, verified=NOW - timedelta(days=400))
    assert due("directory_listing_stale", NOW) == []
