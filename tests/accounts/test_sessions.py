"""Sessions end after 30 minutes idle and when the password changes."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .support import html_of, verified_login

pytestmark = pytest.mark.django_db

INBOX = reverse("referrals:inbox")
PASSWORD_CHANGE = reverse("accounts:password_change")
LOGIN = reverse("accounts:login")


def _change(client, new, old="correct-horse-battery", again=None):
    return client.post(
        PASSWORD_CHANGE,
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_sessions_last_thirty_minutes_from_the_last_request(settings, client, coordinator):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    verified_login(client, coordinator)

    client.get(INBOX)

    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert abs(expires - (timezone.now() + timedelta(minutes=30))) < timedelta(seconds=30)


def test_a_session_idle_for_thirty_minutes_is_signed_out(client, coordinator):
    verified_login(client, coordinator)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(INBOX)

    assert response["Location"].startswith(LOGIN)


def test_changing_the_password_signs_out_every_other_session(client, coordinator):
    other = Client()
    verified_login(other, coordinator)
    verified_login(client, coordinator)

    response = _change(client, "a-brand-new-passphrase")

    assert response["Location"] == reverse("accounts:security")
    assert other.get(INBOX)["Location"].startswith(LOGIN)


def test_changing_the_password_keeps_the_session_that_changed_it(client, coordinator):
    verified_login(client, coordinator)

    _change(client, "a-brand-new-passphrase")

    assert client.get(INBOX).status_code == 200


def test_a_password_set_anywhere_else_ends_existing_sessions(client, coordinator):
    verified_login(client, coordinator)

    coordinator.set_password("set-by-an-admin-2026")
    coordinator.save()

    assert client.get(INBOX)["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    "new, message",
    [
        ("short-pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("837261940572", "This password is entirely numeric."),
        ("coord@test.example.org", "The password is too similar to the email address."),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, coordinator, new, message):
    verified_login(client, coordinator)

    response = _change(client, new)

    assert message in html_of(response)


def test_a_wrong_current_password_is_refused(client, coordinator):
    verified_login(client, coordinator)

    response = _change(client, "a-brand-new-passphrase", old="not-my-password")

    assert "Your current password is not correct." in html_of(response)
