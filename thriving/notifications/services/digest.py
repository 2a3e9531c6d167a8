"""The daily summary: at 8am on working days, one email per person who chose it, listing
their new reminders that are still due, grouped as overdue, due today and coming up."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import User

from ..models import Delivery, OutboundEmail, Reminder
from .outbox import enqueue_on_commit
from .reminders import reminder_email_body


def _waiting():
    return Reminder.objects.filter(
        delivery=Delivery.DIGEST,
        email__isnull=True,
        resolved_at__isnull=True,
    )


def _subject(count: int, day: date) -> str:
    things = "1 reminder" if count == 1 else f"{count} reminders"
    return f"Your daily summary for {day:%A} {day.day} {day:%B}: {things}"


@transaction.atomic
def _digest_one(*, recipient_id: int, today: date) -> bool:
    rows = list(
        _waiting()
        .filter(recipient_id=recipient_id)
        .select_for_update(skip_locked=True)
        .order_by("due_on", "pk")
        .values("pk", "kind", "due_on", "title", "link")
    )
    if not rows:
        return False  # another run took them, or they were done meanwhile
    user = User.objects.filter(pk=recipient_id, is_active=True).exclude(email="").first()
    ids = [row["pk"] for row in rows]
    if user is None:
        Reminder.objects.filter(pk__in=ids).update(delivery=Delivery.IN_APP)
        return False
    for row in rows:
        row["url"] = settings.SITE_URL + row["link"]
    context = {
        "today": today,
        "overdue": [row for row in rows if row["due_on"] < today],
        "due_today": [row for row in rows if row["due_on"] == today],
        "coming_up": [row for row in rows if row["due_on"] > today],
    }
    email = OutboundEmail.objects.create(
        to=user.email,
        subject=_subject(len(rows), today),
        body=reminder_email_body(rows, template="notifications/email/digest.txt", context=context),
    )
    Reminder.objects.filter(pk__in=ids).update(email=email)
    from ..tasks import email_send

    enqueue_on_commit(email_send, email.pk)
    return True


def digest_send(*, today: date | None = None) -> int:
    """Send the daily summaries; returns how many were queued. Safe to run twice: a reminder
    once summarised carries its email and is never listed again."""
    today = today or timezone.localdate()
    recipients = list(
        _waiting().order_by("recipient_id").values_list("recipient_id", flat=True).distinct()
    )
    return sum(_digest_one(recipient_id=person, today=today) for person in recipients)
