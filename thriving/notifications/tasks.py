"""Celery tasks for the outbox and the reminders. Each takes ids (or nothing), calls a
service that checks the current state first, and is safe to run twice or lose: the periodic
sweeps find again whatever a lost message or a dead worker left."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from thriving.core.dates import is_working_day

from . import services
from .models import EmailStatus, OutboundEmail


@shared_task(bind=True, max_retries=4)
def email_send(self, email_id: int) -> bool:
    sent = services.email_deliver(email_id=email_id)
    if not sent:
        retry_at = (
            OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.PENDING)
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        if retry_at is not None:
            countdown = max(1, int((retry_at - timezone.now()).total_seconds()) + 1)
            raise self.retry(countdown=countdown)
    return sent


@shared_task
def email_send_batch(email_ids: list[int]) -> int:
    """Send the emails one reminder sweep queued. Failures wait for their backoff and are
    retried by `email_send_pending`."""
    return services.emails_deliver(ids=email_ids, limit=len(email_ids))


@shared_task
def email_send_pending() -> int:
    """Sweep: send what a lost queue message, a failed attempt or a dead worker left behind."""
    ids = services.pending_email_ids()
    return services.emails_deliver(ids=ids, limit=len(ids)) if ids else 0


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def reminders_sweep() -> int:
    """Find what is due, record each reminder once, notify and email. Returns how many new
    reminders were notified."""
    return services.reminders_sweep().notified


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def reminders_digest() -> int:
    """The daily summary. Beat runs it at 8am Monday to Friday; on a bank holiday it does
    nothing, and the next working day's summary carries the reminders instead."""
    today = timezone.localdate()
    if not is_working_day(today):
        return 0
    return services.digest_send(today=today)
