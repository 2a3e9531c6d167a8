"""The email outbox: queue an email with the change that causes it, send it at most once per
claim, retry failures with backoff, and mark it failed after the last try."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A claim older than this belongs to a worker that died mid-send (longer than the task time
# limit, so a live worker is never overtaken).
CLAIM_LEASE = timedelta(minutes=10)
RETRY_FIRST_DELAY = timedelta(minutes=1)
RETRY_MAX_DELAY = timedelta(hours=1)
SEND_BATCH = 100


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
    from ..tasks import email_send

    enqueue_on_commit(email_send, email.pk)
    return email


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the first, second, third ... failed attempt."""
    return min(RETRY_FIRST_DELAY * 2 ** max(attempts - 1, 0), RETRY_MAX_DELAY)


def _claimable(now: datetime) -> Q:
    waiting = Q(status=EmailStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(status=EmailStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE)
    return waiting | abandoned


def emails_claim(*, ids: list[int] | None = None, limit: int = SEND_BATCH) -> list[OutboundEmail]:
    """Take emails to send: mark them "sending" and count the attempt, in a short transaction.

    SKIP LOCKED lets two workers claim at once without waiting for each other or taking the
    same row; a row another worker is claiming is simply left to it.
    """
    now = timezone.now()
    with transaction.atomic():
        claimable = OutboundEmail.objects.select_for_update(skip_locked=True).filter(
            _claimable(now)
        )
        if ids is not None:
            claimable = claimable.filter(pk__in=ids)
        emails = list(claimable.order_by("pk")[:limit])
        if emails:
            OutboundEmail.objects.filter(pk__in=[e.pk for e in emails]).update(
                status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    for email in emails:
        email.status, email.claimed_at = EmailStatus.SENDING, now
        email.attempts += 1
    return emails


def _finish(email: OutboundEmail, **fields) -> None:
    # Only while our claim stands: a row reclaimed after the lease is the other worker's now.
    OutboundEmail.objects.filter(
        pk=email.pk, status=EmailStatus.SENDING, claimed_at=email.claimed_at
    ).update(**fields)


def _send_claimed(email: OutboundEmail, connection) -> bool:
    message = EmailMessage(
        email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], connection=connection
    )
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - recorded on the row and retried with backoff
        last_try = email.attempts >= MAX_ATTEMPTS
        _finish(
            email,
            status=EmailStatus.FAILED if last_try else EmailStatus.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            next_attempt_at=None if last_try else timezone.now() + retry_delay(email.attempts),
            claimed_at=None,
        )
        logger.warning("Email %s failed on attempt %s", email.pk, email.attempts)
        return False
    _finish(email, status=EmailStatus.SENT, sent_at=timezone.now(), last_error="")
    return True


def emails_deliver(*, ids: list[int] | None = None, limit: int = SEND_BATCH) -> int:
    """Claim and send up to `limit` emails (those of `ids`, or any due); returns how many
    were sent. Safe to call twice, or from two workers at once."""
    emails = emails_claim(ids=ids, limit=limit)
    if not emails:
        return 0
    sent = 0
    connection = get_connection()
    try:
        for email in emails:
            if _send_claimed(email, connection):
                sent += 1
            else:
                # The server may have dropped us: start the next message on a new connection.
                connection.close()
                connection = get_connection()
    finally:
        connection.close()
    return sent


def email_deliver(*, email_id: int) -> bool:
    """Send one outbox email if it is waiting (or was abandoned by a dead worker)."""
    return emails_deliver(ids=[email_id], limit=1) == 1


def pending_email_ids(
    *, older_than: timedelta = timedelta(minutes=1), limit: int = 500
) -> list[int]:
    """What the sweep should send: waiting rows the on-commit task has had time to take,
    failed attempts whose backoff has passed, and claims abandoned by dead workers."""
    now = timezone.now()
    return list(
        OutboundEmail.objects.filter(_claimable(now), created_at__lte=now - older_than)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def email_retry(*, email: OutboundEmail) -> bool:
    """Send a failed email again (from admin): back to waiting, with a fresh count."""
    updated = OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.FAILED).update(
        status=EmailStatus.PENDING, attempts=0, next_attempt_at=None, claimed_at=None
    )
    if updated:
        from ..tasks import email_send

        enqueue_on_commit(email_send, email.pk)
    return bool(updated)
