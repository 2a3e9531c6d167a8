"""Five failed sign-ins for one email address from one IP address lock it for 30 minutes."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from .support import (
    PASSWORD,
    VERIFY_URL,
    authenticator_for,
    html_of,
    password_step,
    verified_login,
)

pytestmark = pytest.mark.django_db

LOCKED = "Your account is locked for 30 minutes after too many failed sign-ins"


def _fail(client, email, times=5):
    for _ in range(times):
        response = password_step(client, email, password="wrong-password-123")
    return response


def test_four_failures_do_not_lock(client, link_worker):
    response = _fail(client, link_worker.email, times=4)

    assert response.status_code == 200
    assert LOCKED not in html_of(response)


def test_the_fifth_failure_locks_the_account_with_a_clear_message(client, link_worker):
    response = _fail(client, link_worker.email)

    assert response.status_code == 429
    assert LOCKED in html_of(response)
    assert "reset your password" in html_of(response)


def test_a_locked_account_is_refused_even_with_the_right_password(client, applicant):
    _fail(client, applicant.email)

    response = password_step(client, applicant.email)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_ignores_the_case_of_the_email_address(client, applicant):
    _fail(client, applicant.email.upper())

    assert password_step(client, applicant.email).status_code == 429


def test_the_lock_is_for_one_address_only(client, applicant):
    _fail(client, applicant.email)

    response = client.post(
        reverse("accounts:login"),
        {"username": applicant.email, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )

    assert response.status_code == 302


def test_the_lock_lasts_thirty_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_an_admin_unlocks_an_account_by_deleting_its_access_attempt(client, applicant, admin_user):
    _fail(client, applicant.email)
    attempt = AccessAttempt.objects.get()
    admin = client.__class__()
    verified_login(admin, admin_user)

    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert password_step(client, applicant.email).status_code == 302


def test_resetting_the_password_by_email_lifts_the_lock(client, applicant):
    _fail(client, applicant.email)
    client.post(reverse("accounts:password_reset"), {"email": applicant.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :].strip()
    form_url = client.get(path)["Location"]

    client.post(
        form_url,
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )

    assert (
        password_step(client, applicant.email, password="a-new-long-passphrase").status_code == 302
    )


def test_wrong_codes_count_towards_the_lock_and_sign_the_person_out(client, link_worker, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    authenticator_for(link_worker)
    password_step(client, link_worker.email)
    for _ in range(4):
        client.post(VERIFY_URL, {"code": "000000"})

    response = client.post(VERIFY_URL, {"code": "000000"})

    assert response.status_code == 429
    assert LOCKED in html_of(response)
    assert "_auth_user_id" not in client.session
    assert password_step(client, link_worker.email).status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(client, applicant):
    _fail(client, applicant.email, times=4)
    password_step(client, applicant.email)
    client.post(reverse("accounts:logout"))

    response = _fail(client, applicant.email, times=4)

    assert response.status_code == 200
