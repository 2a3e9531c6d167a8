"""GET /api/v1/insight/index/: the latest run and its ranked rows, behind the page's role check,
with the same small-number rules, and described in the OpenAPI schema."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory, user_with_role
from tests.grants.factories import CouncilFactory
from tests.insight.test_index_data import build_borough, default_weights  # noqa: F401
from thriving.accounts.roles import Role
from thriving.accounts.services import api_token_create
from thriving.insight.index.services import index_compute

pytestmark = pytest.mark.django_db

URL = reverse("insight_api:index")


@pytest.fixture
def officer(db):
    return user_with_role(Role.GRANT_OFFICER, CouncilFactory())


@pytest.fixture
def officer_api(officer):
    key = api_token_create(user=officer, name="test")[1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def computed():
    build_borough()
    return index_compute()


def test_the_url_is_under_the_insight_api():
    assert URL == "/api/v1/insight/index/"


def test_someone_without_a_token_gets_401():
    assert APIClient().get(URL).status_code == 401


@pytest.mark.parametrize("role", [Role.REFERRER, Role.LINK_WORKER, Role.GRANT_APPLICANT])
def test_other_roles_get_403(role):
    api = APIClient()
    api.force_authenticate(user_with_role(role, OrganisationFactory()))

    response = api.get(URL)

    assert response.status_code == 403
    assert "Thriving Communities Index" in response.json()["detail"]


def test_before_any_run_there_is_no_run_and_no_rows(officer_api):
    body = officer_api.get(URL).json()

    assert body["run"] is None
    assert body["rows"] == []
    assert [i["code"] for i in body["indicators"]] == [
        "referrals",
        "deprivation",
        "wellbeing",
        "services",
        "connected",
        "grants",
    ]


def test_the_run_is_described(officer_api, computed):
    run = officer_api.get(URL).json()["run"]

    assert run["id"] == computed.pk
    assert run["trigger"] == "system"
    assert run["ward_count"] == 3
    assert run["weights"] == dict.fromkeys(
        ["referrals", "deprivation", "wellbeing", "services", "connected", "grants"], 1.0
    )
    assert run["skipped"] == []


def test_the_rows_are_ranked_with_values_and_oriented_scores(officer_api, computed):
    rows = officer_api.get(URL).json()["rows"]

    assert [(r["rank"], r["ward"]["name"]) for r in rows] == [
        (1, "Bravo"),
        (2, "Charlie"),
        (3, "Alpha"),
    ]
    alpha = rows[2]
    # As in test_index_compute.py: Alpha's index -0.560239, its grants score -1.409428.
    assert alpha["index_value"] == -0.56
    assert alpha["ward"] == {"ons_code": "E05999990", "name": "Alpha", "district": "Test District"}
    assert alpha["population"] == 1000
    assert alpha["referrals"] == 6
    assert alpha["wellbeing_people"] == 5
    assert alpha["indicators"]["grants"] == {"value": 900.0, "score": -1.409, "suppressed": False}
    # 3 of Alpha's 6 referrals are connected: a share of fewer than 5 is not given.
    assert alpha["indicators"]["connected"] == {"value": None, "score": None, "suppressed": True}
    assert alpha["indicators"]["services"] == {"value": 2.0, "score": -1.336, "suppressed": False}


def test_small_numbers_are_suppressed(officer_api, computed):
    rows = {r["ward"]["name"]: r for r in officer_api.get(URL).json()["rows"]}

    charlie = rows["Charlie"]
    assert charlie["referrals"] == "<5"
    assert charlie["indicators"]["referrals"] == {"value": None, "score": None, "suppressed": True}
    assert charlie["indicators"]["connected"] == {"value": None, "score": None, "suppressed": True}
    assert rows["Bravo"]["wellbeing_people"] == "<5"
    assert rows["Bravo"]["indicators"]["wellbeing"]["suppressed"] is True
    assert rows["Charlie"]["wellbeing_people"] == 0


@pytest.mark.parametrize(
    "role", [Role.PROGRAMME_LEAD, Role.COMMUNITY_DEVELOPMENT_WORKER, Role.COORDINATOR]
)
def test_the_planning_roles_may_read_it_signed_in_by_session(role, computed):
    api = APIClient()
    api.force_login(user_with_role(role, OrganisationFactory()))

    assert api.get(URL).status_code == 200


def test_the_schema_documents_the_index(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/insight/index/"]["get"]
    assert operation["operationId"] == "insight_index_retrieve"
    assert {"200", "401", "403"} <= set(operation["responses"])
