"""The outbox every app sends email through, and the reminders the sweep records.

A reminder is written once per (person, kind, thing, due date), in the same statement as its
in-app notification: the unique key is what makes the sweep safe to run twice, or twice at
once. Emails are made from reminders not yet linked to one, so work a crashed sweep left half
done is picked up by the next one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed after retries"


class OutboundEmail(models.Model):
    """One row per email the service sends: the outbox every app writes to.

    Written in the same transaction as the change that causes it, so a rolled-back change
    sends nothing, and a lost broker message is found again by the periodic sweep. A sender
    claims a row (status "sending", `claimed_at`) before talking to the mail server, so two
    workers never send the same row; a claim older than the lease belongs to a worker that
    died, and the row is sent again. Subjects and bodies never carry patient-identifying
    details (see docs/adr/0005).
    """

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="After a failed attempt: not tried again before this."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class Delivery(models.TextChoices):
    """How a person wants to hear about one kind of reminder."""

    IMMEDIATE = "immediate", "Email me straight away"
    DIGEST = "digest", "Email me a daily summary at 8am on working days"
    IN_APP = "in_app", "Only show it in my notifications here"


class Reminder(models.Model):
    """Something a person has to act on, recorded once per (person, kind, thing, due date).

    Written by the sweep from each rule's due rows, with its in-app notification. `email` is
    set once an email (immediate, or the daily summary) carries it. `resolved_at` is set when a
    later sweep no longer finds the thing due, so a summary never lists done work.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=50)
    object_type = models.CharField(max_length=30)
    object_id = models.CharField(max_length=64)
    due_on = models.DateField()
    title = models.CharField(max_length=200)
    link = models.CharField(max_length=300)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    email = models.ForeignKey(
        OutboundEmail,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
        help_text="The email (immediate or daily summary) that told the person.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_type", "object_id", "due_on"],
                name="notifications_reminder_once_per_due_date",
            )
        ]
        indexes = [
            # The queue of reminders to email straight away, taken a person at a time.
            models.Index(
                fields=["recipient", "id"],
                condition=Q(delivery="immediate", email__isnull=True, resolved_at__isnull=True),
                name="notif_reminder_email_queue",
            ),
            # The open reminders of a kind, checked against what is still due.
            models.Index(
                fields=["kind", "object_id"],
                condition=Q(resolved_at__isnull=True),
                name="notif_reminder_open",
            ),
            # The daily summary's queue.
            models.Index(
                fields=["recipient", "due_on"],
                condition=Q(delivery="digest", email__isnull=True, resolved_at__isnull=True),
                name="notif_reminder_digest_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type} {self.object_id} → {self.recipient_id}"


class Notification(models.Model):
    """A message in a person's notifications list (the bell in the header counts unread)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notification"
    )
    title = models.CharField(max_length=200)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_list"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notif_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice of delivery for one kind of reminder. No row: the rule's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=50)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
