"""Each person chooses, per kind: email straight away, a daily summary, or in-app only."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from referrals.workflow import Status
from tests.notifications.support import london
from tests.referrals.case_data import referral_in
from thriving.notifications import services
from thriving.notifications.models import (
    Delivery,
    Notification,
    NotificationPreference,
    OutboundEmail,
)

pytestmark = pytest.mark.django_db

NOW = london(2026, 4, 8, 9)
KIND = "referral_first_contact"
URL = reverse("notifications:preferences")


@pytest.fixture
def waiting_case(practice, provider, link_worker):
    return referral_in(
        Status.ACCEPTED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        accepted_at=london(2026, 4, 2),
    )


def choose(user, delivery):
    NotificationPreference.objects.create(user=user, kind=KIND, delivery=delivery)


def test_without_a_choice_the_email_goes_straight_away(waiting_case, link_worker):
    services.reminders_sweep(now=NOW)
    assert OutboundEmail.objects.filter(to=link_worker.email).count() == 1


def test_daily_summary_choice_sends_no_email_at_the_sweep(waiting_case, link_worker):
    choose(link_worker, Delivery.DIGEST)
    services.reminders_sweep(now=NOW)
    assert not OutboundEmail.objects.exists()
    assert Notification.objects.filter(recipient=link_worker).count() == 1


def test_daily_summary_choice_sends_the_reminder_in_the_summary(waiting_case, link_worker):
    choose(link_worker, Delivery.DIGEST)
    services.reminders_sweep(now=NOW)
    assert services.digest_send(today=date(2026, 4, 9)) == 1
    email = OutboundEmail.objects.get()
    assert waiting_case.reference in email.body


def test_in_app_choice_never_emails(waiting_case, link_worker):
    choose(link_worker, Delivery.IN_APP)
    services.reminders_sweep(now=NOW)
    services.digest_send(today=date(2026, 4, 9))
    services.emails_deliver()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=link_worker).count() == 1


def test_a_choice_for_one_kind_leaves_the_others_alone(waiting_case, link_worker, practice):
    choose(link_worker, Delivery.IN_APP)
    referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=waiting_case.provider,
        link_worker=link_worker,
        next_contact_date=date(2026, 4, 8),
    )
    services.reminders_sweep(now=NOW)
    email = OutboundEmail.objects.get()
    assert "is due a follow-up" in email.subject


# ------------------------------------------------------------------------------------------
# The preferences page
# ------------------------------------------------------------------------------------------


def test_page_offers_the_kinds_of_the_persons_role(client, link_worker):
    client.force_login(link_worker)
    form = client.get(URL).context["form"]
    assert set(form.fields) == {
        "referral_first_contact",
        "referral_follow_up",
        "referral_inactive",
        "referral_end_measure_to_follow",
        "referral_end_measure_overdue",
    }


def test_page_shows_the_current_choice(client, link_worker):
    choose(link_worker, Delivery.DIGEST)
    client.force_login(link_worker)
    form = client.get(URL).context["form"]
    assert form.fields[KIND].initial == Delivery.DIGEST
    assert form.fields["referral_follow_up"].initial == Delivery.IMMEDIATE


def test_saving_choices_stores_them(client, link_worker):
    client.force_login(link_worker)
    response = client.post(
        URL,
        {
            "referral_first_contact": "digest",
            "referral_follow_up": "in_app",
            "referral_inactive": "immediate",
            "referral_end_measure_to_follow": "digest",
            "referral_end_measure_overdue": "in_app",
        },
    )
    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=link_worker).values_list("kind", "delivery")
    ) == {
        "referral_first_contact": "digest",
        "referral_follow_up": "in_app",
        "referral_inactive": "immediate",
        "referral_end_measure_to_follow": "digest",
        "referral_end_measure_overdue": "in_app",
    }


def test_missing_choice_is_explained_at_the_top_of_the_form(client, link_worker):
    client.force_login(link_worker)
    response = client.post(URL, {"referral_first_contact": "digest"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose how you want to hear that a case&#x27;s next contact date has come" in html
    assert not NotificationPreference.objects.exists()


def test_made_up_choice_is_refused(client, link_worker):
    client.force_login(link_worker)
    response = client.post(
        URL,
        {
            "referral_first_contact": "carrier-pigeon",
            "referral_follow_up": "in_app",
            "referral_inactive": "immediate",
        },
    )
    assert response.status_code == 200
    assert "Choose how you want to hear that a case you accepted" in response.content.decode()


def test_person_without_reminder_roles_is_told_so(client, referrer):
    client.force_login(referrer)
    response = client.get(URL)
    assert 'data-testid="no-reminder-kinds"' in response.content.decode()


def test_preferences_page_needs_sign_in(client):
    assert client.get(URL).status_code == 302
