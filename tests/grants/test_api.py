import pytest
from django.urls import reverse

from grants.workflow import Status
from tests.grants import helpers
from tests.grants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def url(round_):
    return reverse("grants_api:round_applications", args=[round_.pk])


def test_a_grant_officer_lists_the_rounds_submitted_applications(
    client, round_, applicant, group, officer
):
    helpers.draft(round_, applicant, group, project_title="Still a draft")
    submitted = helpers.submitted(round_, applicant, group)
    client.force_login(officer)
    response = client.get(url(round_))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == str(submitted.pk)
    assert row["reference"] == submitted.reference
    assert row["status"] == Status.SUBMITTED
    assert row["organisation"]["name"] == "Greenacres Community Garden"
    assert row["wards"] == [{"name": "Coldhurst", "ons_code": "E05000874"}]
    assert row["amount_requested"] == "300.00"


def test_the_list_is_paginated_with_constant_queries(
    client, round_, officer, django_assert_max_num_queries
):
    ApplicationFactory.create_batch(55, round=round_)
    client.force_login(officer)
    with django_assert_max_num_queries(11):
        response = client.get(url(round_))
    body = response.json()
    assert body["count"] == 55
    assert len(body["results"]) == 25
    with django_assert_max_num_queries(11):
        assert len(client.get(url(round_), {"page": 3}).json()["results"]) == 5


def test_an_applicant_gets_403(client, round_, applicant):
    client.force_login(applicant)
    assert client.get(url(round_)).status_code == 403


def test_a_panel_member_gets_403(client, round_, panel):
    client.force_login(panel[0])
    assert client.get(url(round_)).status_code == 403


def test_someone_signed_out_gets_401(client, round_):
    assert client.get(url(round_)).status_code == 401


def test_an_unknown_round_is_404_for_an_officer(client, round_, officer):
    client.force_login(officer)
    response = client.get(reverse("grants_api:round_applications", args=[round_.pk + 999]))
    assert response.status_code == 404


def test_the_api_is_in_the_openapi_schema(client, officer):
    client.force_login(officer)
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert "/api/v1/grants/rounds/{round_id}/applications/" in response.json()["paths"]
