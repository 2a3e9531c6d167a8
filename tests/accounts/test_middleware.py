"""Until the second factor is done, a signed-in person reaches only the pages that finish it."""

import pytest
from django.core import checks
from django.urls import reverse
from rest_framework.test import APIClient

from .support import SETUP_URL, VERIFY_URL, authenticator_for, verified_login

pytestmark = pytest.mark.django_db

INBOX = reverse("referrals:inbox")


def test_a_person_who_must_set_up_two_factor_is_sent_to_setup_from_any_page(client, coordinator):
    client.force_login(coordinator)

    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next=%2Freferrals%2Finbox%2F"


def test_a_person_with_an_authenticator_is_sent_to_the_code_page_from_any_page(client, coordinator):
    authenticator_for(coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("referrals:organisation_cases"))

    assert response["Location"].startswith(VERIFY_URL)


def test_a_verified_person_reaches_their_pages(client, coordinator):
    verified_login(client, coordinator)

    assert client.get(INBOX).status_code == 200


def test_an_applicant_is_not_made_to_set_up_two_factor(client, applicant):
    client.force_login(applicant)

    assert client.get(reverse("grants:applicant_list")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_done"),
        reverse("health"),
        SETUP_URL,
    ],
)
def test_pages_that_finish_signing_in_stay_open(client, coordinator, url):
    client.force_login(coordinator)

    assert client.get(url).status_code == 200


def test_signing_out_stays_open(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_an_api_call_on_an_unverified_session_is_refused_with_json(coordinator):
    api = APIClient()
    api.force_login(coordinator)

    response = api.get(reverse("api:caseload"))

    assert response.status_code == 403
    assert "Finish signing in first" in response.json()["detail"]


def test_the_admin_needs_the_second_factor(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(SETUP_URL)


def test_a_verified_admin_reaches_the_admin(client, admin_user):
    verified_login(client, admin_user)

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_sign_in_page_sends_people_to_the_one_sign_in_page(client):
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")

    assert response["Location"] == (
        f"{reverse('accounts:login')}?next=%2Fadmin%2Faccounts%2Fuser%2F"
    )


def test_with_two_factor_switched_off_a_password_session_is_enough(client, coordinator, settings):
    settings.OTP_REQUIRED = False
    client.force_login(coordinator)

    assert client.get(INBOX).status_code == 200


def test_the_deploy_check_warns_when_two_factor_is_switched_off(settings):
    settings.OTP_REQUIRED = False

    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])

    assert "accounts.W001" in [message.id for message in found]


def test_the_deploy_check_is_quiet_when_two_factor_is_on():
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])

    assert "accounts.W001" not in [message.id for message in found]


def test_the_code_page_offers_no_menu_before_the_code_is_entered(client, coordinator):
    authenticator_for(coordinator)
    client.force_login(coordinator)

    response = client.get(VERIFY_URL)

    assert response.context["nav_items"] == []
    assert response.context["two_factor_pending"] is True


def test_the_menu_is_back_once_the_code_is_entered(client, coordinator):
    verified_login(client, coordinator)

    response = client.get(reverse("accounts:security"))

    assert "Inbox" in [item["label"] for item in response.context["nav_items"]]
