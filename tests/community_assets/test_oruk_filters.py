"""The list parameters of the Open Referral UK OpenAPI, one behaviour per test."""

import datetime as dt

import pytest

from community_assets.models import ServiceCategory
from tests.community_assets.oruk_support import (
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)
from thriving.places.models import District, Postcode, Ward

pytestmark = pytest.mark.django_db


def names(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return [row["name"] for row in response.json()["contents"]]


def place_names(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return [row["location"]["name"] for row in response.json()["contents"]]


def categorise(service, *terms):
    for term in terms:
        ServiceCategory.objects.create(service=service, taxonomy_term=term)
    return service


def sessions(service, *, location=None, **schedule):
    place = ServiceAtLocationFactory(
        service=service, **({"location": location} if location else {})
    )
    ScheduleFactory(service_at_location=place, **schedule)
    return place


# ------------------------------------------------------------------------------------------
# search
# ------------------------------------------------------------------------------------------
def test_search_matches_the_start_of_a_word(client):
    ServiceFactory(name="Gardening club")
    ServiceFactory(name="Cookery for beginners")

    assert names(client, "/oruk/services?search=garden") == ["Gardening club"]


def test_search_matches_the_description(client):
    ServiceFactory(name="Tuesday group", description="We grow vegetables on the allotment.")
    ServiceFactory(name="Coffee morning", description="A chat and a cuppa.")

    assert names(client, "/oruk/services?search=allotment") == ["Tuesday group"]


def test_search_needs_every_word(client):
    ServiceFactory(name="Walking football")
    ServiceFactory(name="Walking netball")

    assert names(client, "/oruk/services?search=walking+foot") == ["Walking football"]


def test_search_ranks_a_name_match_above_a_description_match(client):
    ServiceFactory(name="Allotment friends", description="Growing together.")
    ServiceFactory(name="A Tuesday group", description="We meet at the allotment.")

    assert names(client, "/oruk/services?search=allotment") == [
        "Allotment friends",
        "A Tuesday group",
    ]


def test_search_of_punctuation_alone_filters_nothing(client):
    ServiceFactory(name="Gardening club")

    assert names(client, "/oruk/services?search=%3A%26%21") == ["Gardening club"]


def test_search_on_service_at_locations_matches_the_service(client):
    sessions(ServiceFactory(name="Gardening club"), location=LocationFactory(name="Allotments"))
    sessions(ServiceFactory(name="Cookery"), location=LocationFactory(name="Kitchen"))

    assert place_names(client, "/oruk/service_at_locations?search=garden") == ["Allotments"]


# ------------------------------------------------------------------------------------------
# taxonomy_term_id and taxonomy_id
# ------------------------------------------------------------------------------------------
@pytest.fixture
def advice(db):
    return TaxonomyTermFactory(name="Advice", code="advice")


@pytest.fixture
def money_advice(advice):
    return TaxonomyTermFactory(name="Money advice", taxonomy=advice.taxonomy, parent=advice)


def test_taxonomy_term_id_finds_services_in_that_category(client, advice):
    categorise(ServiceFactory(name="Advice shop"), advice)
    ServiceFactory(name="Choir")

    assert names(client, f"/oruk/services?taxonomy_term_id={advice.id}") == ["Advice shop"]


def test_taxonomy_term_id_of_a_parent_finds_services_in_its_children(client, advice, money_advice):
    categorise(ServiceFactory(name="Debt clinic"), money_advice)

    assert names(client, f"/oruk/services?taxonomy_term_id={advice.id}") == ["Debt clinic"]


def test_taxonomy_term_id_of_a_child_does_not_find_its_parent(client, advice, money_advice):
    categorise(ServiceFactory(name="General advice"), advice)

    assert names(client, f"/oruk/services?taxonomy_term_id={money_advice.id}") == []


def test_taxonomy_term_id_lists_a_service_once_whatever_its_matching_categories(
    client, advice, money_advice
):
    categorise(ServiceFactory(name="Advice hub"), advice, money_advice)

    assert names(client, f"/oruk/services?taxonomy_term_id={advice.id}") == ["Advice hub"]


def test_taxonomy_term_id_that_matches_no_term_finds_nothing(client, advice):
    categorise(ServiceFactory(name="Advice shop"), advice)

    url = "/oruk/services?taxonomy_term_id=0b0f3c38-1f59-4a6a-9d5c-2a6c1e1e9d11"
    assert names(client, url) == []


def test_taxonomy_id_finds_services_with_any_term_of_that_taxonomy(client, money_advice):
    other = TaxonomyTermFactory(taxonomy=TaxonomyFactory(name="Eligibility"), name="Carers")
    categorise(ServiceFactory(name="Debt clinic"), money_advice)
    categorise(ServiceFactory(name="Carers cafe"), other)

    url = f"/oruk/services?taxonomy_id={money_advice.taxonomy_id}"
    assert names(client, url) == ["Debt clinic"]


def test_taxonomy_term_id_filters_service_at_locations(client, advice):
    sessions(categorise(ServiceFactory(), advice), location=LocationFactory(name="Library"))
    sessions(ServiceFactory(), location=LocationFactory(name="Park"))

    url = f"/oruk/service_at_locations?taxonomy_term_id={advice.id}"
    assert place_names(client, url) == ["Library"]


# ------------------------------------------------------------------------------------------
# minimum_age and maximum_age (read literally, as the OpenAPI describes them)
# ------------------------------------------------------------------------------------------
@pytest.fixture
def age_ranges(db):
    ServiceFactory(name="Anyone")
    ServiceFactory(name="Over 18s", minimum_age=18)
    ServiceFactory(name="Over 50s", minimum_age=50)
    ServiceFactory(name="Young people", minimum_age=11, maximum_age=19)


def test_minimum_age_finds_services_whose_minimum_age_is_at_least_it(client, age_ranges):
    assert names(client, "/oruk/services?minimum_age=18") == ["Over 18s", "Over 50s"]


def test_minimum_age_zero_finds_services_with_no_stated_minimum(client, age_ranges):
    assert len(names(client, "/oruk/services?minimum_age=0")) == 4


def test_maximum_age_finds_services_whose_maximum_age_is_at_most_it(client, age_ranges):
    assert names(client, "/oruk/services?maximum_age=25") == ["Young people"]


def test_maximum_age_below_every_stated_maximum_finds_nothing(client, age_ranges):
    assert names(client, "/oruk/services?maximum_age=18") == []


def test_age_accepts_a_decimal(client, age_ranges):
    assert names(client, "/oruk/services?minimum_age=17.5") == ["Over 18s", "Over 50s"]


# ------------------------------------------------------------------------------------------
# day, start_time and end_time
# ------------------------------------------------------------------------------------------
@pytest.fixture
def timetable(db):
    sessions(ServiceFactory(name="Monday morning"), byday="MO,WE")
    sessions(
        ServiceFactory(name="Monday evening"),
        byday="MO",
        opens_at=dt.time(18, 0),
        closes_at=dt.time(20, 0),
    )
    sessions(ServiceFactory(name="First Saturday"), freq="MONTHLY", byday="1SA")
    ServiceFactory(name="No timetable")


def test_day_finds_services_that_run_on_it(client, timetable):
    assert names(client, "/oruk/services?day=MO") == ["Monday evening", "Monday morning"]


def test_day_finds_one_of_several_days(client, timetable):
    assert names(client, "/oruk/services?day=WE") == ["Monday morning"]


def test_day_finds_a_monthly_schedule(client, timetable):
    assert names(client, "/oruk/services?day=SA") == ["First Saturday"]


@pytest.mark.parametrize("day", ["mo", "Monday", "MONDAY"])
def test_day_accepts_a_lower_case_code_or_the_day_name(client, timetable, day):
    assert names(client, f"/oruk/services?day={day}") == ["Monday evening", "Monday morning"]


def test_start_time_finds_services_opening_at_or_after_it(client, timetable):
    assert names(client, "/oruk/services?start_time=18:00") == ["Monday evening"]


def test_end_time_finds_services_closing_at_or_before_it(client, timetable):
    assert names(client, "/oruk/services?end_time=12:00") == ["First Saturday", "Monday morning"]


def test_day_and_times_must_all_match_one_schedule(client):
    service = ServiceFactory(name="Split sessions")
    sessions(service, byday="MO", opens_at=dt.time(9, 0), closes_at=dt.time(10, 0))
    sessions(service, byday="TU", opens_at=dt.time(18, 0), closes_at=dt.time(19, 0))

    assert names(client, "/oruk/services?day=MO&start_time=17:00") == []
    assert names(client, "/oruk/services?day=TU&start_time=17:00") == ["Split sessions"]


def test_start_time_accepts_seconds(client, timetable):
    assert names(client, "/oruk/services?start_time=18:00:00") == ["Monday evening"]


def test_day_on_service_at_locations_matches_that_place_only(client):
    service = ServiceFactory()
    sessions(service, location=LocationFactory(name="Hall"), byday="MO")
    sessions(service, location=LocationFactory(name="Church"), byday="TH")

    assert place_names(client, "/oruk/service_at_locations?day=TH") == ["Church"]


# ------------------------------------------------------------------------------------------
# postcode (service_at_locations)
# ------------------------------------------------------------------------------------------
@pytest.fixture
def wards(db):
    district = District.objects.create(name="Test District")
    east = Ward.objects.create(
        ons_code="E05999991", name="Test East", district=district, population=1000
    )
    west = Ward.objects.create(
        ons_code="E05999992", name="Test West", district=district, population=1000
    )
    Postcode.objects.create(postcode="OL9 9ZZ", ward=east)
    return east, west


def test_postcode_finds_places_in_its_ward(client, wards):
    east, west = wards
    service = ServiceFactory()
    sessions(service, location=LocationFactory(name="East Hall", postcode="OL9 9ZY", ward=east))
    sessions(service, location=LocationFactory(name="West Hall", postcode="OL8 8ZZ", ward=west))

    assert place_names(client, "/oruk/service_at_locations?postcode=ol99zz") == ["East Hall"]


def test_postcode_not_in_the_lookup_finds_places_with_that_postcode(client, wards):
    service = ServiceFactory()
    sessions(service, location=LocationFactory(name="Here", postcode="M1 1AA"))
    sessions(service, location=LocationFactory(name="Elsewhere", postcode="M2 2BB"))

    assert place_names(client, "/oruk/service_at_locations?postcode=M1+1AA") == ["Here"]


def test_postcode_leaves_out_online_places(client, wards):
    east, _ = wards
    online = LocationFactory(name="Online", is_online=True, address_1="", postcode="", ward=east)
    sessions(ServiceFactory(), location=online)

    assert place_names(client, "/oruk/service_at_locations?postcode=OL9+9ZZ") == []


def test_filters_combine(client, advice):
    sessions(categorise(ServiceFactory(name="Advice on Mondays"), advice), byday="MO")
    sessions(
        categorise(ServiceFactory(name="Advice on Fridays"), advice),
        byday="FR",
    )
    sessions(ServiceFactory(name="Choir on Fridays"), byday="FR")

    url = f"/oruk/services?taxonomy_term_id={advice.id}&day=FR"
    assert names(client, url) == ["Advice on Fridays"]
