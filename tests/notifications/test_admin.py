"""Admin: reminders and emails, filterable, with the failures easy to find."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from thriving.notifications.models import Delivery, EmailStatus, OutboundEmail, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def reminder(user, *, email=None, kind="referral_follow_up") -> Reminder:
    return Reminder.objects.create(
        recipient=user,
        kind=kind,
        object_type="referral",
        object_id=f"{kind}-{Reminder.objects.count()}",
        due_on=timezone.localdate(),
        title="Referral TC-ADMIN001 is due a follow-up",
        link="/referrals/x/",
        delivery=Delivery.IMMEDIATE,
        created_at=timezone.now(),
        email=email,
    )


@pytest.fixture
def failed_and_sent(link_worker):
    failed = OutboundEmail.objects.create(
        to="failed@test.example.org",
        subject="Failed one",
        body="x",
        status=EmailStatus.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: gone",
    )
    sent = OutboundEmail.objects.create(
        to="sent@test.example.org", subject="Sent one", body="x", status=EmailStatus.SENT
    )
    return {
        "failed": reminder(link_worker, email=failed),
        "sent": reminder(link_worker, email=sent),
    }


def test_outbox_filtered_to_failures_lists_only_failed_emails(admin_client, failed_and_sent):
    response = admin_client.get(
        reverse("admin:notifications_outboundemail_changelist"), {"status__exact": "failed"}
    )
    html = response.content.decode()
    assert "failed@test.example.org" in html
    assert "SMTPServerDisconnected: gone" in html
    assert "sent@test.example.org" not in html


def test_reminders_filtered_by_failed_email(admin_client, failed_and_sent):
    response = admin_client.get(
        reverse("admin:notifications_reminder_changelist"), {"email_status": "failed"}
    )
    assert list(response.context["cl"].result_list) == [failed_and_sent["failed"]]


def test_reminders_filtered_by_kind(admin_client, link_worker):
    wanted = reminder(link_worker, kind="referral_inactive")
    reminder(link_worker, kind="referral_follow_up")
    response = admin_client.get(
        reverse("admin:notifications_reminder_changelist"), {"kind": "referral_inactive"}
    )
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_can_send_a_failed_email_again(admin_client, failed_and_sent):
    email = failed_and_sent["failed"].email
    admin_client.post(
        reverse("admin:notifications_outboundemail_changelist"),
        {"action": "send_again", "_selected_action": [email.pk]},
    )
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 0)
