"""Sign-ins, sign-outs and failed sign-ins are in the audit trail, without any password."""

import pytest
from django.urls import reverse

from thriving.audit.models import AuditAction, AuditEntry

from .support import VERIFY_URL, authenticator_for, code_for, password_step

pytestmark = pytest.mark.django_db


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("at", "pk"))


def test_a_sign_in_is_recorded_with_who_and_from_where(client, applicant):
    client.post(
        reverse("accounts:login"),
        {"username": applicant.email, "password": "correct-horse-battery"},
        REMOTE_ADDR="198.51.100.7",
    )

    [entry] = _entries(AuditAction.LOGIN)
    assert entry.user == applicant
    assert entry.user_email == applicant.email
    assert entry.ip_address == "198.51.100.7"
    assert entry.detail == "Password accepted"


def test_the_second_factor_is_recorded_too(client, link_worker):
    device = authenticator_for(link_worker)
    password_step(client, link_worker.email)

    client.post(VERIFY_URL, {"code": code_for(device)})

    assert [e.detail for e in _entries(AuditAction.LOGIN)] == [
        "Password accepted",
        "Authenticator code accepted",
    ]


def test_a_sign_out_is_recorded(client, applicant):
    password_step(client, applicant.email)

    client.post(reverse("accounts:logout"))

    [entry] = _entries(AuditAction.LOGOUT)
    assert entry.user == applicant
    assert entry.ip_address == "127.0.0.1"


def test_a_failed_sign_in_records_the_email_typed_and_the_address_but_no_password(
    client, applicant
):
    client.post(
        reverse("accounts:login"),
        {"username": applicant.email, "password": "s3cret-typed-password"},
        REMOTE_ADDR="203.0.113.9",
    )

    [entry] = _entries(AuditAction.LOGIN_FAILED)
    assert entry.user is None
    assert entry.detail == f"Wrong email address or password for {applicant.email}"
    assert entry.ip_address == "203.0.113.9"
    stored = " ".join(str(getattr(entry, f.attname)) for f in AuditEntry._meta.fields)
    assert "s3cret-typed-password" not in stored


def test_a_failed_sign_in_keeps_only_the_start_of_a_very_long_email(client):
    typed = "a" * 60 + "@" + "b" * 60 + "." + "c" * 60 + ".example.org"

    client.post(reverse("accounts:login"), {"username": typed, "password": "whatever-123"})

    [entry] = _entries(AuditAction.LOGIN_FAILED)
    assert entry.detail == "Wrong email address or password for " + typed[:100]
    assert len(typed) > 100


def test_a_wrong_code_is_recorded_against_the_account(client, link_worker):
    authenticator_for(link_worker)
    password_step(client, link_worker.email)

    client.post(VERIFY_URL, {"code": "000000"})

    [entry] = _entries(AuditAction.LOGIN_FAILED)
    assert entry.user == link_worker
    assert entry.detail == "Wrong two-factor code"


def test_the_failure_that_locks_an_account_says_so(client, applicant):
    for _ in range(5):
        password_step(client, applicant.email, password="wrong-password-123")

    assert _entries(AuditAction.LOGIN_FAILED)[-1].detail.endswith("(account locked)")
