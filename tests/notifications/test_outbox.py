"""Sending from the outbox: claims, a worker killed mid-send, retries with backoff, the last
try, and one real SMTP conversation."""

import socket
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone

from referrals.workflow import Status
from tests.notifications.support import london
from tests.referrals.case_data import referral_in
from thriving.notifications import services
from thriving.notifications.models import EmailStatus, OutboundEmail
from thriving.notifications.services import outbox

pytestmark = pytest.mark.django_db

REFUSING = "tests.notifications.backends.RefusingBackend"


def an_email(**fields) -> OutboundEmail:
    defaults = {"to": "lw@test.example.org", "subject": "Reminder", "body": "Hello"}
    email = OutboundEmail.objects.create(**{**defaults, **fields})
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    return email


def age_claim(email: OutboundEmail, by: timedelta) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(claimed_at=timezone.now() - by)


# ------------------------------------------------------------------------------------------
# Claims and a worker killed mid-send
# ------------------------------------------------------------------------------------------


def test_a_claimed_email_is_not_claimed_again_while_its_sender_works():
    email = an_email()
    assert services.emails_claim(ids=[email.pk]) != []
    assert services.emails_claim(ids=[email.pk]) == []


def test_email_claimed_by_a_worker_that_died_is_not_resent_within_the_lease():
    email = an_email()
    services.emails_claim(ids=[email.pk])  # the worker is killed before it sends
    age_claim(email, outbox.CLAIM_LEASE - timedelta(minutes=1))
    assert services.pending_email_ids() == []


def test_email_claimed_by_a_worker_that_died_is_sent_once_after_the_lease():
    email = an_email()
    services.emails_claim(ids=[email.pk])  # the worker is killed before it sends
    age_claim(email, outbox.CLAIM_LEASE + timedelta(seconds=1))

    assert services.emails_deliver(ids=services.pending_email_ids()) == 1
    assert services.emails_deliver(ids=services.pending_email_ids()) == 0
    assert services.email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts, len(mail.outbox)) == (EmailStatus.SENT, 2, 1)


def test_a_dead_workers_late_finish_does_not_undo_the_resend():
    email = an_email()
    [stale_claim] = services.emails_claim(ids=[email.pk])
    age_claim(email, outbox.CLAIM_LEASE + timedelta(seconds=1))
    services.emails_deliver(ids=[email.pk])
    outbox._finish(stale_claim, status=EmailStatus.PENDING)  # the old worker wakes up
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


# ------------------------------------------------------------------------------------------
# Failures: backoff, and failed after the last try
# ------------------------------------------------------------------------------------------


def test_failed_send_is_kept_waiting_with_the_error(settings):
    settings.EMAIL_BACKEND = REFUSING
    email = an_email()
    assert services.email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"


def test_failed_send_is_not_retried_before_its_backoff(settings):
    settings.EMAIL_BACKEND = REFUSING
    email = an_email()
    services.email_deliver(email_id=email.pk)
    assert services.pending_email_ids() == []
    assert services.email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.attempts == 1


def test_failed_send_is_retried_once_its_backoff_has_passed(settings):
    settings.EMAIL_BACKEND = REFUSING
    email = an_email()
    services.email_deliver(email_id=email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert services.emails_deliver(ids=services.pending_email_ids()) == 1
    assert len(mail.outbox) == 1


def test_backoff_doubles_after_each_failure():
    assert [services.retry_delay(n) for n in range(1, 6)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16)
    ]


def test_email_is_marked_failed_after_the_last_try(settings):
    settings.EMAIL_BACKEND = REFUSING
    email = an_email(attempts=services.MAX_ATTEMPTS - 1)
    services.email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, services.MAX_ATTEMPTS)
    assert email.next_attempt_at is None
    assert services.pending_email_ids() == []


def test_failed_email_can_be_sent_again_from_admin():
    email = an_email(status=EmailStatus.FAILED, attempts=5)
    assert services.email_retry(email=email) is True
    assert services.emails_deliver(ids=[email.pk]) == 1


# ------------------------------------------------------------------------------------------
# A real SMTP server
# ------------------------------------------------------------------------------------------


class Collect:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def test_reminder_email_goes_through_a_real_smtp_server(
    smtp_server, practice, coordinator, settings
):
    referral = referral_in(Status.SUBMITTED, practice=practice, submitted_at=london(2026, 4, 1))
    services.reminders_sweep(now=london(2026, 4, 8, 9))
    assert services.emails_deliver() == 1

    [envelope] = smtp_server.envelopes
    message = message_from_bytes(envelope.content)
    body = message.get_payload(decode=True).decode()
    assert envelope.rcpt_tos == [coordinator.email]
    assert message["Subject"] == (
        f"Reminder: Referral {referral.reference} is waiting to be allocated"
    )
    assert f"{settings.SITE_URL}/referrals/{referral.pk}/" in body
    assert referral.family_name not in body
    assert OutboundEmail.objects.get().status == EmailStatus.SENT
