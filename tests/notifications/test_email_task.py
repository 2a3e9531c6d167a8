"""The outbox and its Celery task, against the real Redis broker and a real worker."""

import socket
import time

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from tests.celery_support import UNREACHABLE_BROKER, celery_broker, running_worker
from thriving.celery import app as celery_app
from thriving.notifications.models import EmailStatus, OutboundEmail
from thriving.notifications.services import email_queue
from thriving.notifications.tasks import email_send_pending


@pytest.fixture
def silent_broker():
    """A server that accepts connections and never answers, like a hung Redis."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@pytest.fixture
def email_template(settings, tmp_path):
    (tmp_path / "notice.txt").write_text("Hello {{ name }}, see {{ site_url }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return "notice.txt"


def queue(template: str, subject: str = "Your referral") -> OutboundEmail:
    return email_queue(
        to="gp@example.org", subject=subject, template=template, context={"name": "Sam"}
    )


def wait_until_sent(email: OutboundEmail, timeout: float = 15) -> OutboundEmail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status in {EmailStatus.SENT, EmailStatus.FAILED}:
            return email
        time.sleep(0.1)
    return email


def test_the_tests_use_the_real_redis_broker():
    assert celery_app.conf.broker_url.startswith("redis://")
    assert not celery_app.conf.task_always_eager


@pytest.mark.django_db(transaction=True)
def test_committed_email_is_sent_by_the_worker(email_template):
    with running_worker():
        with transaction.atomic():
            email = queue(email_template)
        email = wait_until_sent(email)

    assert email.status == EmailStatus.SENT
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [
        ("Your referral", ["gp@example.org"], "Hello Sam, see http://127.0.0.1:8000")
    ]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_email_is_never_sent(email_template):
    with running_worker():
        with pytest.raises(RuntimeError), transaction.atomic():
            queue(email_template, subject="Rolled back")
            raise RuntimeError("the change failed")
        # The worker takes messages in order: once this one is sent, a message for the
        # rolled-back email, had there been one, would have been handled first.
        with transaction.atomic():
            later = queue(email_template, subject="Committed")
        wait_until_sent(later)

    assert [m.subject for m in mail.outbox] == ["Committed"]
    assert list(OutboundEmail.objects.values_list("subject", flat=True)) == ["Committed"]


@pytest.mark.django_db
def test_unreachable_broker_leaves_the_email_pending(
    email_template, django_capture_on_commit_callbacks, caplog
):
    with celery_broker(UNREACHABLE_BROKER), django_capture_on_commit_callbacks(execute=True):
        email = queue(email_template)

    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert "Could not queue thriving.notifications.tasks.email_send" in caplog.text


@pytest.mark.django_db
def test_unreachable_broker_does_not_hold_up_the_request(
    email_template, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with celery_broker(UNREACHABLE_BROKER), django_capture_on_commit_callbacks(execute=True):
        queue(email_template)

    assert time.monotonic() - started < 1.5


@pytest.mark.django_db
def test_silent_broker_holds_up_the_request_only_a_few_seconds(
    email_template, django_capture_on_commit_callbacks, silent_broker
):
    started = time.monotonic()
    with celery_broker(silent_broker), django_capture_on_commit_callbacks(execute=True):
        email = queue(email_template)

    assert time.monotonic() - started < 10
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_sweep_sends_an_email_the_broker_never_received(email_template):
    with celery_broker(UNREACHABLE_BROKER), transaction.atomic():
        email = queue(email_template)
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timezone.timedelta(minutes=5)
    )

    with running_worker():
        email_send_pending.delay()
        email = wait_until_sent(email)

    assert email.status == EmailStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Your referral"]
