import io

import pytest

from community_assets import demo
from community_assets.models import Service, TaxonomyTerm
from thriving.accounts.models import User
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_demo_adds_about_eighty_listings_across_the_wards():
    demo.seed(io.StringIO())

    wards = {
        location_ward
        for location_ward in Service.objects.values_list(
            "service_at_locations__location__ward", flat=True
        )
        if location_ward
    }
    assert Service.objects.count() == 80
    assert len(wards) == 20


def test_the_demo_is_safe_to_run_twice():
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    assert Service.objects.count() == 80
    assert TaxonomyTerm.objects.filter(code="money-advice").count() == 1


def test_the_demo_community_development_worker_keeps_many_listings(settings):
    demo.seed(io.StringIO())

    cdw = User.objects.get(email="cdw@example.org")
    assert cdw.has_role(Role.COMMUNITY_DEVELOPMENT_WORKER)
    assert cdw.primary_membership.organisation.name == "Oldham Council"
    assert cdw.check_password(settings.DEMO_PASSWORD)
    assert cdw.kept_services.count() >= 40
    assert cdw.kept_services.stale().exists()


def test_the_demo_taxonomy_has_advice_with_its_children():
    demo.seed(io.StringIO())

    advice = TaxonomyTerm.objects.get(code="advice")
    assert {term.code for term in advice.children.all()} == {
        "money-advice",
        "debt-advice",
        "housing-advice",
        "benefits-advice",
    }
