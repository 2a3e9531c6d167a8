"""Every Open Referral UK response validates against the schema its OpenAPI path names."""

import datetime as dt

import pytest

from community_assets.api.openapi import PROFILE_URI
from community_assets.models import ServiceStatus
from tests.community_assets.oruk_support import (
    TaxonomyTermFactory,
    format_checker,
    formats_used_by_schemas,
    full_service,
    hsds_validator,
    is_absolute_url,
    response_validator,
    schema_errors,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    response = client.get("/oruk/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def advice(db):
    return TaxonomyTermFactory(name="Advice", code="advice")


@pytest.fixture
def money_advice(advice):
    return TaxonomyTermFactory(
        name="Money advice", code="money-advice", taxonomy=advice.taxonomy, parent=advice
    )


@pytest.fixture
def service(money_advice):
    return full_service(name="Debt drop-in", terms=[money_advice])


def assert_valid(openapi, path, document):
    errors = schema_errors(response_validator(openapi, path), document)
    assert errors == [], "\n".join(errors)


def test_format_checker_knows_every_format_the_schemas_use():
    assert formats_used_by_schemas() <= set(format_checker().checkers)


def test_root_names_version_profile_and_an_absolute_openapi_url(client, openapi):
    response = client.get("/oruk/")

    body = response.json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"] == PROFILE_URI
    assert is_absolute_url(body["openapi_url"])
    assert body["openapi_url"].endswith("/oruk/openapi.json")
    assert_valid(openapi, "/", body)


def test_openapi_document_is_the_uk_profile_with_this_server(openapi):
    assert openapi["info"]["title"] == "Open Referral UK Profile"
    assert openapi["info"]["version"] == "3.0"
    assert openapi["servers"][0]["url"] == "http://testserver/oruk"
    assert {
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    } <= set(openapi["paths"])


def test_service_list_matches_the_schema(client, openapi, service):
    body = client.get("/oruk/services").json()

    assert body["total_items"] == 1
    assert body["contents"][0]["id"] == str(service.id)
    assert body["contents"][0]["organization"]["id"] == str(service.organisation_id)
    assert_valid(openapi, "/services", body)


def test_service_detail_matches_the_compiled_service_schema(client, openapi, service):
    body = client.get(f"/oruk/services/{service.id}").json()

    assert_valid(openapi, "/services/{id}", body)


def test_service_detail_also_matches_the_hsds_service_schema(client, service):
    body = client.get(f"/oruk/services/{service.id}").json()

    errors = schema_errors(hsds_validator("service.json"), body)
    assert errors == [], "\n".join(errors)


def test_service_detail_nests_every_related_row(client, service, money_advice):
    body = client.get(f"/oruk/services/{service.id}").json()

    assert body["organization"]["organization_identifiers"][0]["identifier"] == "1123456"
    assert [a["taxonomy_term"]["name"] for a in body["attributes"]] == ["Money advice"]
    assert body["attributes"][0]["taxonomy_term"]["parent_id"] == str(money_advice.parent_id)
    assert [language["code"] for language in body["languages"]] == ["en", "ur"]
    assert body["contacts"][0]["phones"][0]["number"] == "0161 770 0000"
    assert body["cost_options"][0]["amount"] == 0
    assert len(body["service_at_locations"]) == 2
    assert len(body["schedules"]) == 3


def test_service_detail_places_have_address_and_schedules(client, service):
    body = client.get(f"/oruk/services/{service.id}").json()

    physical = next(
        place
        for place in body["service_at_locations"]
        if place["location"]["location_type"] == "physical"
    )
    assert physical["location"]["addresses"][0]["postal_code"] == "OL1 1AA"
    assert physical["location"]["accessibility"][0]["description"].startswith("Step-free")
    assert {(s["freq"], s["byday"], s["opens_at"]) for s in physical["schedules"]} == {
        ("WEEKLY", "MO,WE", "10:00"),
        ("MONTHLY", "1SA", "18:00"),
    }


def test_online_place_is_virtual_with_no_address(client, service):
    body = client.get(f"/oruk/services/{service.id}").json()

    online = next(
        place
        for place in body["service_at_locations"]
        if place["location"]["location_type"] == "virtual"
    )
    assert online["location"]["addresses"] == []
    assert online["schedules"][0]["attending_type"] == "online"


def test_paid_service_publishes_its_cost(client, openapi):
    service = full_service(is_free=False, cost_amount="2.50", cost_description="Includes lunch")

    body = client.get(f"/oruk/services/{service.id}").json()

    assert body["cost_options"][0]["amount"] == 2.5
    assert body["cost_options"][0]["amount_description"] == "Includes lunch"
    assert_valid(openapi, "/services/{id}", body)


def test_service_not_taking_new_people_carries_an_alert(client):
    full_service(name="Full up", taking_new_people=False)
    full_service(name="Come along")

    rows = client.get("/oruk/services").json()["contents"]

    assert {row["name"]: row.get("alert") for row in rows} == {
        "Come along": None,
        "Full up": "Not taking new people at the moment.",
    }


def test_assured_date_is_the_day_of_verification_in_london(client):
    service = full_service(last_verified_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC))

    body = client.get(f"/oruk/services/{service.id}").json()

    assert body["assured_date"] == "2026-07-01"


def test_service_at_location_list_matches_the_schema(client, openapi, service):
    body = client.get("/oruk/service_at_locations").json()

    assert body["total_items"] == 2
    assert {row["service"]["id"] for row in body["contents"]} == {str(service.id)}
    assert_valid(openapi, "/service_at_locations", body)


def test_service_at_location_detail_matches_the_schema(client, openapi, service):
    place = service.service_at_locations.get(location__is_online=False)

    body = client.get(f"/oruk/service_at_locations/{place.id}").json()

    assert body["id"] == str(place.id)
    assert body["service"]["id"] == str(service.id)
    assert body["location"]["addresses"][0]["postal_code"] == "OL1 1AA"
    assert len(body["schedules"]) == 2
    assert_valid(openapi, "/service_at_locations/{id}", body)


def test_service_at_location_detail_also_matches_the_hsds_schema(client, service):
    place = service.service_at_locations.first()

    body = client.get(f"/oruk/service_at_locations/{place.id}").json()

    errors = schema_errors(hsds_validator("service_at_location.json"), body)
    assert errors == [], "\n".join(errors)


def test_taxonomy_list_matches_the_schema(client, openapi, advice, money_advice):
    body = client.get("/oruk/taxonomies").json()

    assert body["total_items"] == 1
    assert {term["name"] for term in body["contents"][0]["taxonomy_terms"]} == {
        "Advice",
        "Money advice",
    }
    assert_valid(openapi, "/taxonomies", body)


def test_taxonomy_detail_matches_the_schema(client, openapi, advice):
    body = client.get(f"/oruk/taxonomies/{advice.taxonomy_id}").json()

    assert body["id"] == str(advice.taxonomy_id)
    assert_valid(openapi, "/taxonomies/{id}", body)


def test_taxonomy_term_list_matches_the_schema(client, openapi, advice, money_advice):
    body = client.get("/oruk/taxonomy_terms").json()

    assert [term["name"] for term in body["contents"]] == ["Advice", "Money advice"]
    assert_valid(openapi, "/taxonomy_terms", body)


def test_taxonomy_term_detail_matches_the_schema(client, openapi, money_advice):
    body = client.get(f"/oruk/taxonomy_terms/{money_advice.id}").json()

    assert body["parent_id"] == str(money_advice.parent_id)
    assert body["taxonomy_id"] == str(money_advice.taxonomy_id)
    assert_valid(openapi, "/taxonomy_terms/{id}", body)


@pytest.mark.parametrize(
    "status", [ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT, ServiceStatus.TEMPORARILY_CLOSED]
)
def test_only_active_services_are_listed(client, status):
    full_service(name="Open one")
    full_service(name="Not open", status=status)

    body = client.get("/oruk/services").json()

    assert [row["name"] for row in body["contents"]] == ["Open one"]


def test_service_at_locations_of_a_service_that_is_not_active_are_not_listed(client):
    full_service(name="Closed", status=ServiceStatus.INACTIVE)

    assert client.get("/oruk/service_at_locations").json()["total_items"] == 0


def test_service_that_is_not_active_is_a_404(client):
    service = full_service(status=ServiceStatus.DEFUNCT)

    assert client.get(f"/oruk/services/{service.id}").status_code == 404


def test_service_at_location_of_a_service_that_is_not_active_is_a_404(client):
    service = full_service(status=ServiceStatus.INACTIVE)
    place = service.service_at_locations.first()

    assert client.get(f"/oruk/service_at_locations/{place.id}").status_code == 404


def test_schema_check_catches_a_missing_field_behind_a_relative_ref(openapi):
    page = {
        "contents": [
            {
                "id": "0b0f3c38-1f59-4a6a-9d5c-2a6c1e1e9d11",
                "name": "T",
                "description": "",
                "taxonomy_terms": [
                    {"id": "0b0f3c38-1f59-4a6a-9d5c-2a6c1e1e9d12", "description": ""}
                ],
            }
        ]
    }

    errors = schema_errors(response_validator(openapi, "/taxonomies"), page)

    assert errors == ["contents/0/taxonomy_terms/0: 'name' is a required property"]


def test_schema_check_catches_a_bad_format(openapi):
    errors = schema_errors(
        response_validator(openapi, "/"), {"version": "HSDS-UK-3.0", "profile": "not a uri"}
    )

    assert errors == ["profile: 'not a uri' is not a 'uri'"]
