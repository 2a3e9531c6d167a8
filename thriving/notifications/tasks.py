from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=4, default_retry_delay=30, retry_backoff=True)
def email_send(self, email_id: int) -> bool:
    sent = services.email_deliver(email_id=email_id)
    if not sent:
        from .models import EmailStatus, OutboundEmail

        still_pending = OutboundEmail.objects.filter(
            pk=email_id, status=EmailStatus.PENDING
        ).exists()
        if still_pending:
            raise self.retry(countdown=30 * (2**self.request.retries))
    return sent


@shared_task
def email_send_pending() -> int:
    """Sweep: send what a lost or failed queue message left behind."""
    count = 0
    for email_id in services.pending_email_ids():
        if services.email_deliver(email_id=email_id):
            count += 1
    return count
