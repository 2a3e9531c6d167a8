"""With Redis down, pages and referral submission keep working; what fell due is sent once
the broker is back, because the sweep reads due work from the database."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral, ReferralReason
from tests.celery_support import UNREACHABLE_BROKER, celery_broker, running_worker
from tests.referrals.test_submit import SUBMIT_URL, form_data
from thriving.notifications.models import EmailStatus, OutboundEmail
from thriving.notifications.tasks import reminders_sweep

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def loneliness():
    """The reason the submit form's test data picks. A data migration seeds it, but an
    earlier transactional test may have flushed the seeded rows."""
    return ReferralReason.objects.get_or_create(
        code="loneliness", defaults={"label": "Loneliness and isolation"}
    )[0]


def wait_for_sent(to: str, timeout: float = 20) -> OutboundEmail | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email = OutboundEmail.objects.filter(to=to, status=EmailStatus.SENT).first()
        if email is not None:
            return email
        time.sleep(0.2)
    return None


def test_referral_submitted_while_redis_is_down_is_reminded_once_it_is_back(
    client, referrer, coordinator, loneliness
):
    client.force_login(referrer)
    with celery_broker(UNREACHABLE_BROKER):
        submitted = client.post(SUBMIT_URL, form_data())
        page = client.get(reverse("notifications:list"))
    assert (submitted.status_code, page.status_code) == (302, 200)

    referral = Referral.objects.get()
    # It is now a week later and nobody has allocated it.
    Referral.objects.filter(pk=referral.pk).update(submitted_at=timezone.now() - timedelta(days=7))

    with running_worker():
        reminders_sweep.delay()
        email = wait_for_sent(coordinator.email)

    assert email is not None
    assert email.subject == f"Reminder: Referral {referral.reference} is waiting to be allocated"
    assert referral.family_name not in email.body
