"""The emails a referrer gets when their referral is accepted or closes."""

import pytest
from django.conf import settings
from django.core import mail

from referrals import services
from referrals.workflow import CloseReason, NoEndMeasureReason, Status
from tests.factories import ReferralFactory
from thriving.celery import app as celery_app

pytestmark = pytest.mark.django_db

PERSON = {"given_name": "Zofia", "family_name": "Kowalczyk", "nhs_number": "9434765919"}
PATIENT_DETAILS = ["Zofia", "Kowalczyk", "9434765919", "943 476 5919"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    """Run queued Celery tasks in the test's process, as a worker would."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def the_email():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def assert_no_patient_details(email):
    for detail in PATIENT_DETAILS:
        assert detail not in email.subject
        assert detail not in email.body


def test_accepting_a_referral_emails_the_referrer_its_reference(
    referrer, practice, provider, link_worker, django_capture_on_commit_callbacks
):
    referral = ReferralFactory(
        referring_organisation=practice,
        referrer=referrer,
        status=Status.ALLOCATED,
        provider=provider,
        **PERSON,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(referral=referral, by=link_worker)

    email = the_email()
    assert email.to == [referrer.email]
    assert email.subject == f"Referral {referral.reference} accepted"
    assert referral.reference in email.body
    assert "accepted by Action Together" in email.body
    assert f"{settings.SITE_URL}/referrals/{referral.pk}/" in email.body


def test_the_accepted_email_carries_no_patient_details(
    referrer, practice, provider, link_worker, django_capture_on_commit_callbacks
):
    referral = ReferralFactory(
        referring_organisation=practice,
        referrer=referrer,
        status=Status.ALLOCATED,
        provider=provider,
        **PERSON,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(referral=referral, by=link_worker)

    assert_no_patient_details(the_email())


def test_closing_a_case_tells_the_referrer_how_it_closed(
    referrer, practice, provider, link_worker, django_capture_on_commit_callbacks
):
    referral = ReferralFactory(
        referring_organisation=practice,
        referrer=referrer,
        status=Status.ENGAGED,
        provider=provider,
        link_worker=link_worker,
        **PERSON,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.referral_close(
            referral=referral,
            by=link_worker,
            reason=CloseReason.CONNECTED,
            outcome_summary="Zofia now goes to the Tuesday lunch club.",
            no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
        )

    email = the_email()
    assert email.subject == f"Referral {referral.reference} closed"
    assert "How it closed: Closed – Connected to community support" in email.body
    assert "The outcome summary is on the referral page" in email.body
    assert f"{settings.SITE_URL}/referrals/{referral.pk}/" in email.body
    assert_no_patient_details(email)


def test_rejecting_a_referral_tells_the_referrer_it_was_not_accepted(
    referrer, practice, coordinator, django_capture_on_commit_callbacks
):
    referral = ReferralFactory(referring_organisation=practice, referrer=referrer, **PERSON)

    with django_capture_on_commit_callbacks(execute=True):
        services.referral_reject(referral=referral, by=coordinator, reason=CloseReason.OUT_OF_AREA)

    email = the_email()
    assert f"Your referral {referral.reference}" in email.body
    assert "was not accepted" in email.body
    assert "How it closed: Rejected – Out of area" in email.body
    assert_no_patient_details(email)
