"""The API's query count does not grow with the rows on a page or the rows nested in them."""

import pytest

from community_assets.models import Service
from tests.community_assets.oruk_support import (
    CommunityGroupFactory,
    ContactFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
    full_service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    """Sixty-five listings, each with categories, a language, a contact with a phone, a place
    with two schedules and an online place with one."""
    group = CommunityGroupFactory()
    parent = TaxonomyTermFactory(name="Advice")
    child = TaxonomyTermFactory(name="Money advice", taxonomy=parent.taxonomy, parent=parent)
    for n in range(65):
        full_service(name=f"Drop-in {n:02d}", organisation=group, terms=[parent, child])
    return parent


def test_service_list_page_takes_two_queries(client, directory, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        body = client.get("/oruk/services?per_page=60").json()

    assert body["size"] == 60


def test_filtered_service_list_page_takes_four_queries(
    client, directory, django_assert_max_num_queries
):
    url = (
        f"/oruk/services?per_page=60&search=drop&taxonomy_term_id={directory.id}"
        f"&taxonomy_id={directory.taxonomy_id}&minimum_age=0&day=MO&start_time=09:00"
    )
    with django_assert_max_num_queries(4):
        body = client.get(url).json()

    assert body["size"] == 60


def test_service_at_location_list_page_takes_three_queries(
    client, directory, django_assert_max_num_queries
):
    url = "/oruk/service_at_locations?per_page=120&postcode=OL1+1AA&day=MO"
    with django_assert_max_num_queries(3):
        body = client.get(url).json()

    assert body["size"] == 65


def test_service_detail_takes_seven_queries_however_much_it_nests(
    client, directory, django_assert_max_num_queries
):
    service = Service.objects.first()
    for _ in range(6):
        place = ServiceAtLocationFactory(service=service)
        ScheduleFactory.create_batch(3, service_at_location=place)
        PhoneFactory.create_batch(2, contact=ContactFactory(service=service))

    with django_assert_max_num_queries(7):
        body = client.get(f"/oruk/services/{service.id}").json()

    assert (len(body["service_at_locations"]), len(body["schedules"])) == (8, 21)
    assert sum(len(contact["phones"]) for contact in body["contacts"]) == 13


def test_service_at_location_detail_takes_six_queries(
    client, directory, django_assert_max_num_queries
):
    place = Service.objects.first().service_at_locations.first()

    with django_assert_max_num_queries(6):
        body = client.get(f"/oruk/service_at_locations/{place.id}").json()

    assert len(body["service"]["contacts"][0]["phones"]) == 1


def test_taxonomy_list_page_takes_three_queries(client, django_assert_max_num_queries):
    for n in range(60):
        taxonomy = TaxonomyFactory(name=f"Taxonomy {n:02d}")
        TaxonomyTermFactory.create_batch(3, taxonomy=taxonomy)

    with django_assert_max_num_queries(3):
        body = client.get("/oruk/taxonomies?per_page=60").json()

    assert sum(len(row["taxonomy_terms"]) for row in body["contents"]) == 180


def test_taxonomy_term_list_page_takes_two_queries(client, django_assert_max_num_queries):
    taxonomy = TaxonomyFactory()
    TaxonomyTermFactory.create_batch(60, taxonomy=taxonomy)

    with django_assert_max_num_queries(2):
        body = client.get("/oruk/taxonomy_terms?per_page=60").json()

    assert body["size"] == 60
