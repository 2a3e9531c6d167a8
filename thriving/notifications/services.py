import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def enqueue_on_commit(task, *args) -> None:
    """Queue a Celery task once the current transaction commits.

    If the broker cannot be reached the request still succeeds: the work is already in the
    database, and the periodic sweep will find it.
    """

    def _send():
        try:
            task.apply_async(args=args, retry=False)
        except Exception as exc:  # noqa: BLE001 - any broker failure must not break the request
            logger.warning("Could not queue %s (%s); the sweep will pick it up", task.name, exc)

    transaction.on_commit(_send)


@transaction.atomic
def email_queue(*, to: str, subject: str, template: str, context: dict) -> OutboundEmail:
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    email = OutboundEmail.objects.create(to=to, subject=subject[:200], body=body)
    from .tasks import email_send

    enqueue_on_commit(email_send, email.pk)
    return email


def email_deliver(*, email_id: int) -> bool:
    """Send one outbox email if it is still pending. Safe to call twice."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update()
            .filter(pk=email_id, status=EmailStatus.PENDING)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
        except Exception as exc:  # noqa: BLE001 - recorded on the row and retried by the sweep
            email.last_error = str(exc)[:500]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = EmailStatus.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Email %s failed on attempt %s", email.pk, email.attempts)
            return False
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return True


def pending_email_ids(*, older_than: timedelta = timedelta(minutes=1)) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        OutboundEmail.objects.filter(status=EmailStatus.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
