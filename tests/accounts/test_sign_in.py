"""Password, then a code from the authenticator app (or a backup code)."""

import pytest
from django.urls import reverse

from thriving.accounts import services

from .support import (
    SETUP_URL,
    VERIFY_URL,
    authenticator_for,
    code_for,
    html_of,
    password_step,
)

pytestmark = pytest.mark.django_db

CASELOAD = reverse("referrals:caseload")


def test_password_alone_signs_in_an_applicant_without_an_authenticator(client, applicant):
    response = password_step(client, applicant.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("grants:applicant_list")).status_code == 200


def test_after_the_password_a_person_with_an_authenticator_is_asked_for_a_code(client, link_worker):
    authenticator_for(link_worker)

    response = password_step(client, link_worker.email, next_url=CASELOAD)

    assert response["Location"] == f"{VERIFY_URL}?next=%2Freferrals%2Fcaseload%2F"
    page = html_of(client.get(response["Location"]))
    assert "Enter the 6-digit code from your authenticator app" in page


def test_the_right_code_finishes_signing_in_and_goes_where_the_person_was_going(
    client, link_worker
):
    device = authenticator_for(link_worker)
    password_step(client, link_worker.email, next_url=CASELOAD)

    response = client.post(VERIFY_URL, {"code": code_for(device), "next": CASELOAD})

    assert response.status_code == 302
    assert response["Location"] == CASELOAD
    assert client.get(CASELOAD).status_code == 200


def test_a_code_with_spaces_is_accepted(client, link_worker):
    device = authenticator_for(link_worker)
    password_step(client, link_worker.email)
    code = code_for(device)

    response = client.post(VERIFY_URL, {"code": f"{code[:3]} {code[3:]}"})

    assert response["Location"] == reverse("home")


def test_a_wrong_code_is_refused_with_a_message(client, link_worker):
    authenticator_for(link_worker)
    password_step(client, link_worker.email)

    response = client.post(VERIFY_URL, {"code": "000000"})

    assert response.status_code == 200
    assert "The code is not correct." in html_of(response)
    assert client.get(CASELOAD)["Location"].startswith(VERIFY_URL)


def test_an_empty_code_asks_for_one(client, link_worker):
    authenticator_for(link_worker)
    password_step(client, link_worker.email)

    response = client.post(VERIFY_URL, {"code": ""})

    assert "Enter the code from your authenticator app." in html_of(response)


def test_codes_right_after_a_wrong_one_must_wait(client, link_worker, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator_for(link_worker)
    password_step(client, link_worker.email)
    client.post(VERIFY_URL, {"code": "000000"})

    response = client.post(VERIFY_URL, {"code": code_for(device)})

    assert "Too many wrong codes. Wait" in html_of(response)


def test_a_code_signs_in_only_once(client, link_worker):
    device = authenticator_for(link_worker)
    password_step(client, link_worker.email)
    code = code_for(device)
    client.post(VERIFY_URL, {"code": code})
    client.post(reverse("accounts:logout"))
    password_step(client, link_worker.email)

    response = client.post(VERIFY_URL, {"code": code})

    assert "The code is not correct." in html_of(response)


def test_a_backup_code_signs_in_and_says_how_many_are_left(client, link_worker):
    authenticator_for(link_worker)
    codes = services.backup_codes_replace(user=link_worker)
    password_step(client, link_worker.email)

    response = client.post(VERIFY_URL, {"code": codes[0]}, follow=True)

    assert response.redirect_chain[0][0] == reverse("home")
    assert "You signed in with a backup code. You have 9 backup codes left." in html_of(response)


def test_a_backup_code_works_only_once(client, link_worker):
    authenticator_for(link_worker)
    codes = services.backup_codes_replace(user=link_worker)
    password_step(client, link_worker.email)
    client.post(VERIFY_URL, {"code": codes[0]})
    client.post(reverse("accounts:logout"))
    password_step(client, link_worker.email)

    response = client.post(VERIFY_URL, {"code": codes[0]})

    assert "The code is not correct." in html_of(response)


def test_new_backup_codes_replace_the_old_ones(client, link_worker):
    authenticator_for(link_worker)
    old = services.backup_codes_replace(user=link_worker)
    services.backup_codes_replace(user=link_worker)
    password_step(client, link_worker.email)

    response = client.post(VERIFY_URL, {"code": old[1]})

    assert "The code is not correct." in html_of(response)


def test_an_applicant_who_set_up_an_authenticator_is_asked_for_a_code(client, applicant):
    authenticator_for(applicant)

    response = password_step(client, applicant.email)

    assert response["Location"].startswith(VERIFY_URL)


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, coordinator):
    response = password_step(client, coordinator.email)

    assert response["Location"].startswith(SETUP_URL)


def test_the_sign_in_page_sends_a_half_signed_in_person_back_to_the_code_page(client, link_worker):
    authenticator_for(link_worker)
    password_step(client, link_worker.email)

    response = client.get(reverse("accounts:login"))

    assert response["Location"].startswith(VERIFY_URL)


def test_a_wrong_password_says_what_to_do(client, link_worker):
    response = password_step(client, link_worker.email, password="not-the-password")

    assert response.status_code == 200
    assert "Enter a correct email address and password." in html_of(response)


def test_the_code_page_offers_nothing_to_someone_signed_out(client):
    response = client.get(VERIFY_URL)

    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_code_page_ignores_a_next_address_on_another_site(client, link_worker):
    device = authenticator_for(link_worker)
    password_step(client, link_worker.email)

    response = client.post(VERIFY_URL, {"code": code_for(device), "next": "https://evil.example"})

    assert response["Location"] == reverse("home")


def test_signing_out_ends_the_session(client, link_worker):
    device = authenticator_for(link_worker)
    password_step(client, link_worker.email)
    client.post(VERIFY_URL, {"code": code_for(device)})

    client.post(reverse("accounts:logout"))

    assert client.get(CASELOAD)["Location"].startswith(reverse("accounts:login"))


def test_an_overlong_email_address_is_refused_with_a_message(client):
    response = password_step(client, "a" * 300 + "@example.org", password="whatever-123")

    assert response.status_code == 200
    assert "Ensure this value has at most 254 characters" in html_of(response)
