"""The page envelope at its edges, bad requests, unknown ids, paths and CORS."""

import uuid

import pytest

from tests.community_assets.oruk_support import ServiceFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db

LISTS = ["/oruk/services", "/oruk/service_at_locations", "/oruk/taxonomies", "/oruk/taxonomy_terms"]
DETAILS = [
    "/oruk/services",
    "/oruk/service_at_locations",
    "/oruk/taxonomies",
    "/oruk/taxonomy_terms",
]


def envelope(response) -> dict:
    assert response.status_code == 200, response.content
    body = response.json()
    return {key: value for key, value in body.items() if key != "contents"}


@pytest.fixture
def seven_services(db):
    return [ServiceFactory(name=f"Service {n}") for n in range(7)]


# ------------------------------------------------------------------------------------------
# The page envelope
# ------------------------------------------------------------------------------------------
def test_first_page_envelope(client, seven_services):
    assert envelope(client.get("/oruk/services?per_page=3")) == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }


def test_last_page_holds_the_remainder(client, seven_services):
    response = client.get("/oruk/services?per_page=3&page=3")

    assert envelope(response) | {"names": [row["name"] for row in response.json()["contents"]]} == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": 3,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
        "names": ["Service 6"],
    }


def test_pages_follow_on_without_gaps_or_repeats(client, seven_services):
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"/oruk/services?per_page=3&page={page}").json()
        seen += [row["id"] for row in body["contents"]]

    assert seen == [str(service.id) for service in seven_services]


def test_exact_multiple_ends_on_a_full_last_page(client, seven_services):
    ServiceFactory(name="Service 7")
    ServiceFactory(name="Service 8")

    body = envelope(client.get("/oruk/services?per_page=3&page=3"))

    assert (body["total_pages"], body["size"], body["last_page"]) == (3, 3, True)


def test_page_past_the_end_is_empty_not_an_error(client, seven_services):
    response = client.get("/oruk/services?per_page=3&page=9")

    assert response.json()["contents"] == []
    assert envelope(response) == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": 9,
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": True,
    }


@pytest.mark.parametrize("url", LISTS)
def test_empty_directory_is_one_empty_first_and_last_page(client, url):
    assert envelope(client.get(url)) == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
    }


def test_default_page_size_is_fifty(client):
    for n in range(51):
        ServiceFactory(name=f"Service {n:02d}")

    assert envelope(client.get("/oruk/services"))["size"] == 50


def test_largest_page_size_is_accepted(client, seven_services):
    assert envelope(client.get("/oruk/services?per_page=500"))["size"] == 7


# ------------------------------------------------------------------------------------------
# Bad parameters: a 400 that names the parameter
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=two", "page"),
        ("page=1.5", "page"),
        ("page=1&page=2", "page"),
        ("page=99999999999999999999", "page"),
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
        ("per_page=ten", "per_page"),
        ("search=" + "a" * 201, "search"),
        ("search=caf%00e", "search"),
        ("taxonomy_term_id=gardening", "taxonomy_term_id"),
        ("taxonomy_id=1", "taxonomy_id"),
        ("minimum_age=old", "minimum_age"),
        ("minimum_age=-1", "minimum_age"),
        ("minimum_age=NaN", "minimum_age"),
        ("maximum_age=1e999", "maximum_age"),
        ("day=Funday", "day"),
        ("day=M", "day"),
        ("start_time=25:00", "start_time"),
        ("start_time=9am", "start_time"),
        ("end_time=12:60", "end_time"),
        ("start_time=18:00&end_time=09:00", "end_time"),
    ],
)
@pytest.mark.parametrize("path", ["/oruk/services", "/oruk/service_at_locations"])
def test_bad_list_parameter_is_a_400_naming_it(client, path, query, parameter):
    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["parameter"] == parameter
    assert parameter in response.json()["detail"]


@pytest.mark.parametrize("postcode", ["nowhere", "OL1", "12345"])
def test_bad_postcode_is_a_400_naming_it(client, postcode):
    response = client.get(f"/oruk/service_at_locations?postcode={postcode}")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "postcode must be a full UK postcode, like OL1 1AA.",
        "parameter": "postcode",
    }


@pytest.mark.parametrize("path", ["/oruk/taxonomies", "/oruk/taxonomy_terms"])
def test_bad_page_on_a_taxonomy_list_is_a_400(client, path):
    response = client.get(f"{path}?per_page=0")

    assert response.status_code == 400
    assert response.json()["parameter"] == "per_page"


def test_bad_page_message_says_what_to_send(client):
    response = client.get("/oruk/services?per_page=1000")

    assert response.json() == {
        "detail": "per_page must be a whole number of at least 1 and at most 500.",
        "parameter": "per_page",
    }


# ------------------------------------------------------------------------------------------
# Ids: malformed is a 400, unknown is a 404, both JSON
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", DETAILS)
@pytest.mark.parametrize("bad_id", ["123", "not-a-uuid", "0b0f3c38-1f59-4a6a-9d5c"])
def test_malformed_id_is_a_400_naming_the_id(client, path, bad_id):
    response = client.get(f"{path}/{bad_id}")

    assert response.status_code == 400
    assert response.json()["parameter"] == "id"


@pytest.mark.parametrize("path", DETAILS)
def test_unknown_id_is_a_404_with_a_json_body(client, path):
    unknown = uuid.uuid4()

    response = client.get(f"{path}/{unknown}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert str(unknown) in response.json()["detail"]


def test_id_of_another_kind_of_object_is_a_404(client):
    term = TaxonomyTermFactory()

    assert client.get(f"/oruk/services/{term.id}").status_code == 404


# ------------------------------------------------------------------------------------------
# Paths, methods, access
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", LISTS)
def test_list_answers_with_and_without_a_trailing_slash(client, url):
    assert client.get(url).status_code == 200
    assert client.get(url + "/").status_code == 200


def test_detail_answers_with_and_without_a_trailing_slash(client):
    service = ServiceFactory()

    assert client.get(f"/oruk/services/{service.id}").status_code == 200
    assert client.get(f"/oruk/services/{service.id}/").status_code == 200


def test_signed_in_user_gets_the_same_public_answer(client, link_worker):
    ServiceFactory(name="Choir")
    client.force_login(link_worker)

    assert client.get("/oruk/services").json()["total_items"] == 1


def test_writes_are_not_allowed(client):
    response = client.post("/oruk/services", {"name": "Spam"})

    assert response.status_code == 405
    assert response.json()["detail"]


def test_internal_api_schema_leaves_the_oruk_paths_out(admin_client):
    response = admin_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert not [path for path in response.json()["paths"] if path.startswith("/oruk")]


# ------------------------------------------------------------------------------------------
# CORS: open to any origin for reading
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/oruk/", "/oruk/services", "/oruk/openapi.json"])
def test_get_allows_any_origin(client, url):
    response = client.get(url, HTTP_ORIGIN="https://finder.example.com")

    assert response["Access-Control-Allow-Origin"] == "*"


def test_preflight_allows_get_from_any_origin(client):
    response = client.options(
        "/oruk/services",
        HTTP_ORIGIN="https://finder.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_error_responses_also_allow_any_origin(client):
    response = client.get("/oruk/services?page=0", HTTP_ORIGIN="https://finder.example.com")

    assert response["Access-Control-Allow-Origin"] == "*"


def test_cors_stays_closed_outside_oruk(client):
    response = client.get("/health/", HTTP_ORIGIN="https://finder.example.com")

    assert "Access-Control-Allow-Origin" not in response
