import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory, user_with_role
from thriving.accounts.roles import OrganisationKind, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "kind", "expected"),
    [
        (Role.COORDINATOR, OrganisationKind.PROVIDER, "referrals:inbox"),
        (Role.LINK_WORKER, OrganisationKind.PROVIDER, "referrals:caseload"),
        (Role.REFERRER, OrganisationKind.REFERRER, "referrals:referrer_list"),
        (Role.COMMUNITY_DEVELOPMENT_WORKER, OrganisationKind.COUNCIL, "community_assets:mine"),
        (Role.GRANT_OFFICER, OrganisationKind.COUNCIL, "grants:index"),
        (Role.PANEL_MEMBER, OrganisationKind.COUNCIL, "grants:index"),
        (Role.GRANT_APPLICANT, OrganisationKind.COMMUNITY_GROUP, "grants:index"),
        (Role.PROGRAMME_LEAD, OrganisationKind.COUNCIL, "insight:dashboard"),
    ],
)
def test_home_sends_each_role_to_its_work(client, role, kind, expected):
    client.force_login(user_with_role(role, OrganisationFactory(kind=kind)))

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse(expected)


def test_home_for_someone_with_no_role_says_what_to_do(client):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "signed in as" in response.content.decode()


def test_home_asks_anonymous_people_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
