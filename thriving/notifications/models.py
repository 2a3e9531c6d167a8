from django.db import models


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed after retries"


class OutboundEmail(models.Model):
    """One row per email the service sends: the outbox every app writes to.

    Written in the same transaction as the change that causes it, so a rolled-back change
    sends nothing, and a lost broker message is found again by the periodic sweep.
    Subjects and bodies never carry patient-identifying details (see docs/adr/0005).
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
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
